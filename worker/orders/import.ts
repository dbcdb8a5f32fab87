/**
 * Order import (受注取込), idempotent by (channelId, externalId), for one order
 * (POST /orders) or a batch (POST /orders/batch, and the mall pulls).
 *
 * A batch costs a fixed number of round trips however many orders it holds:
 *   1. one D1 read batch: which orders exist already, the account's rules, blacklist
 *      hits, repeat buyers, the confirmation template and the SKUs' tax rates (税率,
 *      which each line keeps as sold);
 *   2. one D1 write batch: the new orders, their lines and first event (each
 *      insert guarded, so a concurrent duplicate inserts nothing);
 *   3. one call to the stock DO reserving every new order (reserveMany);
 *   4. one D1 write batch: status, flags, carrier, shortages and history from
 *      the pure arrival plan (arrival.ts).
 * Orders already known go through the edit path (a later version from the mall).
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import { chunks as slices } from '../lib/chunks';
import { newId } from '../lib/ids';
import { ledgerOf } from '../stock/service';
import type { Outcome } from '../stock/types';
import { planArrival, type ReservationOutcome } from './arrival';
import { sendOrderMail, templateFor } from './mail-service';
import { blacklist } from './rules-schema';
import { loadRules } from './rules-service';
import { normaliseForMatch } from './rules';
import { orderEvents, orderLines, orders } from './schema';
import { skus } from '../stock/schema';
import { STANDARD_RATE, type TaxRate } from './tax';
import { changesFrom, editOrder, orderView, summaryOf, type OrderContext, type OrderInput } from './service';
import { storedPayment } from './payment-methods';
import type { OrderStatus } from './state-machine';

type OrderRow = typeof orders.$inferSelect;
export type ImportedOrder = Awaited<ReturnType<typeof orderView>>;
export interface ImportResult {
  order: ImportedOrder;
  created: boolean;
}

/** An order to import; `reserve: false` for orders the mall fulfils itself (Amazon FBA). */
export type ImportInput = OrderInput & { reserve?: boolean };


const keyOf = (channelId: string, externalId: string) => `${channelId}\u0000${externalId}`;

const contactCandidates = (i: OrderInput) =>
  [
    { kind: 'name' as const, value: i.customer.name },
    { kind: 'name' as const, value: i.shipTo.name },
    ...(i.customer.email ? [{ kind: 'email' as const, value: i.customer.email }] : []),
    ...(i.customer.phone ? [{ kind: 'phone' as const, value: i.customer.phone }] : []),
    { kind: 'phone' as const, value: i.shipTo.phone },
  ].map((c) => ({ kind: c.kind, value: normaliseForMatch(c.kind, c.value) }));

/** Step 1: everything the import needs to know, in one D1 batch. */
const readFacts = async (ctx: OrderContext, inputs: ImportInput[]) => {
  const { db, accountId } = ctx;
  const byChannel = new Map<string, string[]>();
  for (const i of inputs) byChannel.set(i.channelId, [...(byChannel.get(i.channelId) ?? []), i.externalId]);
  const existingQueries = [...byChannel].flatMap(([channelId, ids]) =>
    slices(ids).map((part) => db.select().from(orders).where(and(eq(orders.accountId, accountId), eq(orders.channelId, channelId), inArray(orders.externalId, part)))),
  );
  const values = [...new Set(inputs.flatMap((i) => contactCandidates(i).map((c) => c.value)))];
  const blacklistQueries = slices(values).map((part) =>
    db.select({ kind: blacklist.kind, value: blacklist.value }).from(blacklist).where(and(eq(blacklist.accountId, accountId), inArray(blacklist.value, part))),
  );
  const emails = [...new Set(inputs.map((i) => i.customer.email).filter((e): e is string => !!e))];
  const phones = [...new Set(inputs.map((i) => i.customer.phone).filter((p): p is string => !!p))];
  const repeatQueries = [
    ...slices(emails).map((part) => db.select({ email: orders.customerEmail, phone: orders.customerPhone }).from(orders).where(and(eq(orders.accountId, accountId), inArray(orders.customerEmail, part)))),
    ...slices(phones).map((part) => db.select({ email: orders.customerEmail, phone: orders.customerPhone }).from(orders).where(and(eq(orders.accountId, accountId), inArray(orders.customerPhone, part)))),
  ];
  const codes = [...new Set(inputs.flatMap((i) => i.lines.map((l) => l.sku)))];
  const rateQueries = slices(codes).map((part) => db.select({ code: skus.code, taxRate: skus.taxRate }).from(skus).where(and(eq(skus.accountId, accountId), inArray(skus.code, part))));
  const queries = [...existingQueries, ...blacklistQueries, ...repeatQueries, ...rateQueries];
  // D1 batches need at least one statement; the rules and template reads always run.
  const [rules, template, results] = await Promise.all([
    loadRules(db, accountId),
    templateFor(db, accountId, 'order_confirmation'),
    queries.length ? db.batch(queries as unknown as [(typeof queries)[number], ...(typeof queries)[number][]]) : Promise.resolve([]),
  ]);
  const rows = results as unknown[][];
  const existing = new Map<string, OrderRow>();
  for (const r of rows.slice(0, existingQueries.length).flat() as OrderRow[]) existing.set(keyOf(r.channelId, r.externalId), r);
  const listed = new Set((rows.slice(existingQueries.length, existingQueries.length + blacklistQueries.length).flat() as { kind: string; value: string }[]).map((b) => `${b.kind}:${b.value}`));
  const seenContacts = new Set<string>();
  const repeatEnd = existingQueries.length + blacklistQueries.length + repeatQueries.length;
  for (const r of rows.slice(existingQueries.length + blacklistQueries.length, repeatEnd).flat() as { email: string | null; phone: string | null }[]) {
    if (r.email) seenContacts.add(`e:${r.email}`);
    if (r.phone) seenContacts.add(`p:${r.phone}`);
  }
  // A SKU Kura does not know (yet) sells at the standard rate.
  const rates = new Map((rows.slice(repeatEnd).flat() as { code: string; taxRate: TaxRate }[]).map((r) => [r.code, r.taxRate]));
  const taxRateOf = (sku: string): TaxRate => rates.get(sku) ?? STANDARD_RATE;
  return { existing, listed, seenContacts, rules, template, taxRateOf };
};

const rowFor = (ctx: OrderContext, id: string, input: ImportInput, now: string) => {
  const itemsTotal = input.lines.reduce((n, l) => n + l.quantity * l.unitPrice, 0);
  const t = input.totals ?? {};
  return {
    id,
    accountId: ctx.accountId,
    channelId: input.channelId,
    externalId: input.externalId,
    status: 'awaiting_stock' as OrderStatus,
    orderedAt: new Date(input.orderedAt).toISOString(),
    customerName: input.customer.name,
    customerEmail: input.customer.email ?? null,
    customerPhone: input.customer.phone ?? null,
    shipName: input.shipTo.name,
    postalCode: input.shipTo.postalCode,
    prefecture: input.shipTo.prefecture,
    city: input.shipTo.city,
    address1: input.shipTo.address1,
    address2: input.shipTo.address2 ?? null,
    shipPhone: input.shipTo.phone,
    paymentMethod: storedPayment(input.payment).method,
    paid: input.payment.paid,
    paymentRaw: storedPayment(input.payment).raw,
    shippingMethod: input.shipping?.method ?? null,
    desiredDate: input.shipping?.desiredDate ?? null,
    timeSlot: input.shipping?.timeSlot ?? null,
    note: input.note ?? null,
    itemsTotal,
    shippingFee: t.shippingFee ?? 0,
    fees: t.fees ?? 0,
    discount: t.discount ?? 0,
    points: t.points ?? 0,
    tax: t.tax ?? 0,
    total: itemsTotal + (t.shippingFee ?? 0) + (t.fees ?? 0) - (t.discount ?? 0) - (t.points ?? 0),
    stockWarning: true,
    reserved: false,
    flags: [] as string[],
    carrier: null as string | null,
    trackingNumber: null,
    shippedAt: null,
    cancelledAt: null,
    raw: input.raw ?? null,
    mallUpdatedAt: input.mallUpdatedAt ? new Date(input.mallUpdatedAt).toISOString() : null,
    mergeParentId: null,
    statusBeforeMerge: null,
    createdAt: now,
    updatedAt: now,
  };
};

/** Step 2 statements for one new order: the order (skipped on a duplicate), and only if it went in, the counter, lines and first event. */
type StagedLine = { lineNo: number; sku: string; name: string | null; quantity: number; unitPrice: number; taxRate: TaxRate };

const insertStatements = (ctx: OrderContext, row: ReturnType<typeof rowFor>, lines: StagedLine[], eventId: string) => {
  const DB = ctx.env.DB;
  // Kura's number comes from the account's counter, which moves only if this insert won:
  // a duplicate import never uses up a number.
  const insert = ctx.db
    .insert(orders)
    .values({ ...row, number: sql<string>`'K' || printf('%06d', (SELECT value + 1 FROM counters WHERE account_id = ${ctx.accountId} AND name = 'order'))` })
    .onConflictDoNothing()
    .returning({ id: orders.id, number: orders.number })
    .toSQL();
  return [
    DB.prepare(insert.sql).bind(...(insert.params as unknown[])),
    DB.prepare(`UPDATE counters SET value = value + 1 WHERE account_id = ?1 AND name = 'order' AND EXISTS (SELECT 1 FROM orders WHERE id = ?2)`).bind(ctx.accountId, row.id),
    ...lines.map((l) =>
      DB.prepare(
        `INSERT INTO order_lines (account_id, order_id, line_no, sku, name, quantity, unit_price, tax_rate, shortage)
         SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 0 WHERE EXISTS (SELECT 1 FROM orders WHERE id = ?2)`,
      ).bind(ctx.accountId, row.id, l.lineNo, l.sku, l.name, l.quantity, l.unitPrice, l.taxRate),
    ),
    DB.prepare(
      `INSERT INTO order_events (id, account_id, order_id, at, actor, kind, detail)
       SELECT ?1, ?2, ?3, ?4, ?5, 'created', ?6 WHERE EXISTS (SELECT 1 FROM orders WHERE id = ?3)`,
    ).bind(eventId, ctx.accountId, row.id, row.createdAt, ctx.actor, JSON.stringify({ channelId: row.channelId, externalId: row.externalId })),
  ];
};

const outcomeOf = (r: Outcome<unknown> | undefined): ReservationOutcome => {
  if (!r) return { kind: 'unreachable' };
  if (r.ok) return { kind: 'reserved' };
  const shortages = new Map<string, number>();
  for (const s of (r.details as { sku: string; requested: number; available: number }[] | undefined) ?? []) shortages.set(s.sku, s.requested - s.available);
  return { kind: 'short', shortages };
};

/** Imports orders; answers one result per input, in order. */
export const importOrders = async (ctx: OrderContext, inputs: ImportInput[]): Promise<ImportResult[]> => {
  const results: (ImportResult | undefined)[] = new Array(inputs.length);
  // The same order twice in one batch: the first is imported, the later ones follow it as updates.
  const firstIndex = new Map<string, number>();
  const later: number[] = [];
  inputs.forEach((i, n) => {
    const k = keyOf(i.channelId, i.externalId);
    if (firstIndex.has(k)) later.push(n);
    else firstIndex.set(k, n);
  });
  const firsts = [...firstIndex.values()].map((n) => inputs[n]);
  const facts = await readFacts(ctx, firsts);

  // Known orders: a later version from the mall updates what changed while the order is open.
  const fresh: number[] = [];
  for (const n of firstIndex.values()) {
    const known = facts.existing.get(keyOf(inputs[n].channelId, inputs[n].externalId));
    if (known) results[n] = await updateKnown(ctx, known, inputs[n]);
    else fresh.push(n);
  }

  // Step 2: insert the new ones.
  const now = new Date().toISOString();
  const staged = fresh.map((n) => {
    const input = inputs[n];
    const row = rowFor(ctx, newId(), input, now);
    const lines: StagedLine[] = input.lines.map((l, i) => ({ lineNo: i + 1, sku: l.sku, name: l.name ?? null, quantity: l.quantity, unitPrice: l.unitPrice, taxRate: facts.taxRateOf(l.sku) }));
    return { n, input, row, lines, createdEventId: newId(), number: '', result: undefined as ImportResult | undefined };
  });
  if (staged.length) {
    const statements = [ctx.env.DB.prepare(`INSERT OR IGNORE INTO counters (account_id, name, value) VALUES (?1, 'order', 0)`).bind(ctx.accountId)];
    const insertAt: number[] = [];
    for (const s of staged) {
      insertAt.push(statements.length);
      statements.push(...insertStatements(ctx, s.row, s.lines, s.createdEventId));
    }
    const written = await ctx.env.DB.batch(statements);
    const won = staged.filter((s, i) => {
      const r = (written[insertAt[i]] as D1Result<{ id: string; number: string }>).results[0];
      if (r) s.number = r.number;
      return !!r;
    });
    // Lost to a concurrent import of the same order: answer the winner.
    for (const s of staged.filter((x) => !x.number)) results[s.n] = await answerExisting(ctx, s.input);
    if (won.length) await arrive(ctx, won, facts);
    for (const s of won) results[s.n] = s.result;
  }

  for (const n of later) results[n] = (await importOrders(ctx, [inputs[n]]))[0];
  return results as ImportResult[];
};

/** Steps 3 and 4 for the orders this import created. */
const arrive = async (
  ctx: OrderContext,
  won: { input: ImportInput; row: ReturnType<typeof rowFor>; lines: StagedLine[]; createdEventId: string; number: string; result?: ImportResult }[],
  facts: Awaited<ReturnType<typeof readFacts>>,
) => {
  const toReserve = won.filter((s) => s.input.reserve !== false);
  let outcomes: (Outcome<unknown> | undefined)[] = [];
  try {
    outcomes = (await ledgerOf(ctx.env, ctx.accountId).reserveMany(
      ctx.accountId,
      toReserve.map((s) => ({ reference: s.row.id, channelId: s.row.channelId, lines: s.lines.map((l) => ({ sku: l.sku, quantity: l.quantity })), actor: ctx.actor })),
    )) as unknown as Outcome<unknown>[]; // RPC typing drops the `details: unknown` branch
  } catch (e) {
    console.error(JSON.stringify({ level: 'error', msg: 'reservation on import failed; the re-check will retry', orders: toReserve.length, error: String(e) }));
  }
  const outcomeFor = new Map(toReserve.map((s, i) => [s.row.id, outcomeOf(outcomes[i])]));

  const at = new Date().toISOString();
  const contactsInBatch = new Set<string>();
  const statements = [];
  const applied: { s: (typeof won)[number]; reservedOk: boolean; updateAt: number }[] = [];
  for (const s of won) {
    const own: string[] = [];
    if (contactCandidates(s.input).some((c) => facts.listed.has(`${c.kind}:${c.value}`))) own.push('blacklist');
    const contacts = [s.row.customerEmail ? `e:${s.row.customerEmail}` : null, s.row.customerPhone ? `p:${s.row.customerPhone}` : null].filter((c): c is string => !!c);
    if (contacts.some((c) => facts.seenContacts.has(c) || contactsInBatch.has(c))) own.push('repeat');
    for (const c of contacts) contactsInBatch.add(c);
    const reservation: ReservationOutcome = s.input.reserve === false ? { kind: 'not_needed' } : (outcomeFor.get(s.row.id) ?? { kind: 'unreachable' });
    const plan = planArrival(
      { channelId: s.row.channelId, paymentMethod: s.row.paymentMethod, paid: s.row.paid, total: s.row.total, prefecture: s.row.prefecture, skus: s.lines.map((l) => l.sku), shippingMethod: s.row.shippingMethod },
      reservation,
      own,
      facts.rules,
      ctx.actor,
    );
    const final: OrderRow = { ...s.row, number: s.number, status: plan.status, reserved: plan.reserved, stockWarning: plan.stockWarning, flags: plan.flags, carrier: plan.carrier, shippingMethod: plan.shippingMethod ?? s.row.shippingMethod, updatedAt: at };
    const updateAt = statements.length;
    statements.push(
      ctx.db
        .update(orders)
        .set({ status: final.status, reserved: final.reserved, stockWarning: final.stockWarning, flags: final.flags, carrier: final.carrier, shippingMethod: final.shippingMethod, updatedAt: at })
        .where(and(eq(orders.accountId, ctx.accountId), eq(orders.id, s.row.id), eq(orders.status, 'awaiting_stock')))
        .returning({ id: orders.id }),
    );
    const shortLines = s.lines.filter((l) => (plan.shortages.get(l.sku) ?? 0) > 0);
    for (const l of shortLines) {
      statements.push(
        ctx.db
          .update(orderLines)
          .set({ shortage: plan.shortages.get(l.sku)! })
          .where(and(eq(orderLines.accountId, ctx.accountId), eq(orderLines.orderId, s.row.id), eq(orderLines.lineNo, l.lineNo))),
      );
    }
    const events = [
      { id: s.createdEventId, at: s.row.createdAt, actor: ctx.actor, kind: 'created', detail: { channelId: s.row.channelId, externalId: s.row.externalId } as unknown },
      ...plan.events.map((e) => ({ id: newId(), at, ...e })),
    ];
    if (plan.events.length) statements.push(ctx.db.insert(orderEvents).values(events.slice(1).map((e) => ({ ...e, accountId: ctx.accountId, orderId: s.row.id }))));
    s.result = {
      created: true,
      order: {
        ...summaryOf(final),
        lines: s.lines.map((l) => ({ ...l, shortage: plan.shortages.get(l.sku) ?? 0 })),
        events: events.map((e) => ({ ...e, detail: e.detail ?? null })),
        raw: final.raw,
        // a new order is in no merge group and has shipped nothing (同梱, 分割出荷)
        merge: null,
        shipments: [],
        partiallyShipped: false,
      },
    };
    applied.push({ s, reservedOk: reservation.kind === 'reserved', updateAt });
  }
  const written = await ctx.db.batch(statements as unknown as [(typeof statements)[number], ...(typeof statements)[number][]]);
  // An order changed between its insert and this write (cancelled at once, say): its
  // reservation must not outlive it unless the order itself now records it.
  for (const { s, reservedOk, updateAt } of applied) {
    if ((written[updateAt] as { id: string }[]).length === 0) {
      const now = (await ctx.db.select().from(orders).where(and(eq(orders.accountId, ctx.accountId), eq(orders.id, s.row.id))).limit(1))[0];
      if (reservedOk && now && !now.reserved) await ledgerOf(ctx.env, ctx.accountId).release(ctx.accountId, s.row.id, ctx.actor);
      if (now) s.result = { created: true, order: await orderView(ctx.db, now) };
    }
  }
  if (facts.template.enabled) {
    for (const { s } of applied) {
      const sent = await sendOrderMail(ctx.env, ctx.db, ctx.accountId, s.row.id, 'order_confirmation');
      if (sent) s.result = { created: true, order: await orderView(ctx.db, (await ctx.db.select().from(orders).where(and(eq(orders.accountId, ctx.accountId), eq(orders.id, s.row.id))).limit(1))[0]) };
    }
  }
};

const updateKnown = async (ctx: OrderContext, known: OrderRow, input: ImportInput): Promise<ImportResult> => {
  const incoming = input.mallUpdatedAt ? new Date(input.mallUpdatedAt).toISOString() : null;
  // An older version of the order arriving after a newer one (webhooks out of order) changes nothing.
  if (incoming && known.mallUpdatedAt && incoming <= known.mallUpdatedAt) return { order: await orderView(ctx.db, known), created: false };
  if (incoming) {
    await ctx.db.update(orders).set({ mallUpdatedAt: incoming }).where(and(eq(orders.accountId, ctx.accountId), eq(orders.id, known.id)));
    known = { ...known, mallUpdatedAt: incoming };
  }
  const lines = await ctx.db.select().from(orderLines).where(and(eq(orderLines.accountId, ctx.accountId), eq(orderLines.orderId, known.id)));
  const patch = changesFrom(known, lines.sort((a, b) => a.lineNo - b.lineNo), input);
  if (patch && known.status !== 'shipped' && known.status !== 'cancelled') {
    const updated = await editOrder({ ...ctx, actor: ctx.actor ?? `channel:${input.channelId}` }, known.id, patch);
    return { order: await orderView(ctx.db, updated), created: false };
  }
  return { order: await orderView(ctx.db, known), created: false };
};

const answerExisting = async (ctx: OrderContext, input: ImportInput): Promise<ImportResult> => {
  const winner = (
    await ctx.db
      .select()
      .from(orders)
      .where(and(eq(orders.accountId, ctx.accountId), eq(orders.channelId, input.channelId), eq(orders.externalId, input.externalId)))
      .limit(1)
  )[0];
  return { order: await orderView(ctx.db, winner), created: false };
};

/** One order (POST /orders). */
export const importOrder = async (ctx: OrderContext, input: ImportInput): Promise<ImportResult> => (await importOrders(ctx, [input]))[0];
