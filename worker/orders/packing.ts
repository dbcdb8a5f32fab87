/**
 * 検品 (packing check) for one order: pure rules, no I/O, shared by the API
 * (which re-checks a finished check before recording it) and the packing
 * page (which checks every scan locally, without a server round trip).
 *
 * What is checked: every unit the parcel must hold. An ordinary line is one
 * target (its SKU, its quantity). A set line (セット商品) is exploded into its
 * components as the picking list does (worker/orders/picking.ts): one target
 * per component, units for the whole line. A set that has a barcode of its
 * own (a pre-packed gift box) may also be scanned whole: one scan of the
 * set's code counts one set's worth of every component.
 *
 * A scan matches a SKU code exactly (case kept) or, when no code matches, a
 * JAN (8 or 13 digits). What a scanner or a person types is made uniform
 * first: full-width digits, letters and dashes half-width (halfWidth of
 * worker/lib/japanese-input.ts), spaces and control characters a scanner may
 * add (a tab, a prefix) dropped.
 *
 * Several targets may want the same SKU (two lines of it, or a component that
 * is also ordered alone): a scan fills the first, in the order's line order,
 * that still has room.
 */
import { halfWidth } from '../lib/japanese-input';

/** A component of a set line, units for the whole line (line quantity × units per set). */
export interface PackingComponent {
  sku: string;
  name: string | null;
  jan: string | null;
  quantity: number;
}

/** One line of the order as the check needs it (GET /orders/{id}/packing answers these). */
export interface PackingLine {
  sku: string;
  name: string | null;
  quantity: number;
  /** the SKU's JAN, when it has one */
  jan: string | null;
  /** for a set: what to pick for this line; empty for an ordinary SKU */
  components: PackingComponent[];
}

/** One unit-kind to check: an ordinary line, or one component of a set line. */
export interface PackingTarget {
  /** index of its line in the order's lines */
  line: number;
  sku: string;
  jan: string | null;
  name: string | null;
  expected: number;
  /** true: a component of a set line */
  component: boolean;
}

export interface PackingPlan {
  lines: PackingLine[];
  targets: PackingTarget[];
}

/** Where a scan counted. For a set scanned whole, `sku` is the set's and the counts are in sets. */
export interface ScanHit {
  code: string;
  line: number;
  sku: string;
  name: string | null;
  /** index in plan.targets; null when a set was scanned whole */
  target: number | null;
  /** units (or whole sets) counted for it now */
  count: number;
  expected: number;
}

export type ScanResult =
  | ({ kind: 'ok' } & ScanHit)
  /** the scan that filled the last target: the parcel holds everything */
  | ({ kind: 'complete' } & ScanHit)
  /** not something a product code can be (wrong characters, or a JAN whose check digit is wrong) */
  | { kind: 'unknown_code'; code: string }
  /** a possible product code, but nothing on this order has it */
  | { kind: 'not_on_order'; code: string }
  /** on the order, but every line that takes it is already full */
  | ({ kind: 'too_many' } & ScanHit);

export type ScanKind = ScanResult['kind'];

/** The results that count something; the others stop the packer and count nothing. */
export const isCounted = (r: ScanResult): r is Extract<ScanResult, { kind: 'ok' | 'complete' }> => r.kind === 'ok' || r.kind === 'complete';

/** The SKU code shape of worker/stock/sku-code.ts (SKU_CODE), repeated so the page does not bundle zod; a test keeps them equal. */
export const CODE_SHAPE = /^[A-Za-z0-9][A-Za-z0-9._\-/#+]{0,63}$/;
const JAN_SHAPE = /^(\d{8}|\d{13})$/;

/** A scanned or typed code made uniform: half-width, without spaces or control characters. */
export const normaliseScan = (raw: string): string => halfWidth(raw).replace(/[\s\p{Cc}\p{Cf}]/gu, '');

/** A JAN (EAN-13 or EAN-8) whose check digit is right. */
export const isValidJan = (code: string): boolean => {
  if (!JAN_SHAPE.test(code)) return false;
  const digits = [...code].map(Number);
  const check = digits.pop()!;
  // from the right, the digits before the check digit weigh 3, 1, 3, 1, …
  const sum = digits.reverse().reduce((n, d, i) => n + d * (i % 2 === 0 ? 3 : 1), 0);
  return (10 - (sum % 10)) % 10 === check;
};

const janOf = (jan: string | null) => {
  const j = jan ? normaliseScan(jan) : '';
  return j ? j : null;
};

/** The targets of these lines: ordinary lines as they are, set lines as their components. */
export const packingPlan = (lines: readonly PackingLine[]): PackingPlan => ({
  lines: lines.map((l) => ({ ...l, components: l.components.map((c) => ({ ...c })) })),
  targets: lines.flatMap((l, line): PackingTarget[] =>
    l.components.length
      ? l.components.map((c) => ({ line, sku: c.sku, jan: janOf(c.jan), name: c.name, expected: c.quantity, component: true }))
      : [{ line, sku: l.sku, jan: janOf(l.jan), name: l.name, expected: l.quantity, component: false }],
  ),
});

/** Counts per target before any scan. */
export const emptyCounts = (plan: PackingPlan): number[] => plan.targets.map(() => 0);

/** Every target is full (an order with nothing to check is complete). */
export const isComplete = (plan: PackingPlan, counts: readonly number[]): boolean => plan.targets.every((t, i) => (counts[i] ?? 0) >= t.expected);

/** The targets of a set line with the units of each per set, when the line is a set. */
const setParts = (plan: PackingPlan, line: number) => {
  const l = plan.lines[line];
  if (!l.components.length || l.quantity <= 0) return null;
  const parts = plan.targets.flatMap((t, i) => (t.line === line ? [{ i, perSet: t.expected / l.quantity }] : []));
  // exploded quantities are whole multiples of the line's; anything else cannot be scanned whole
  return parts.every((p) => Number.isInteger(p.perSet) && p.perSet > 0) ? parts : null;
};

/** Whole sets done on a set line: what its components' counts add up to. */
export const setsDone = (plan: PackingPlan, counts: readonly number[], line: number): number => {
  const parts = setParts(plan, line);
  if (!parts) return 0;
  return Math.min(...parts.map((p) => Math.floor((counts[p.i] ?? 0) / p.perSet)));
};

type Candidate = { kind: 'target'; i: number; line: number } | { kind: 'set'; line: number };

/** What on the order a code names: SKU codes first; JANs only when no code matched. */
const candidatesOf = (plan: PackingPlan, code: string): Candidate[] => {
  const find = (matches: (sku: string, jan: string | null) => boolean): Candidate[] => {
    const out: Candidate[] = [];
    plan.lines.forEach((l, line) => {
      if (l.components.length && matches(l.sku, janOf(l.jan)) && setParts(plan, line)) out.push({ kind: 'set', line });
      plan.targets.forEach((t, i) => {
        if (t.line === line && matches(t.sku, t.jan)) out.push({ kind: 'target', i, line });
      });
    });
    return out;
  };
  const byCode = find((sku) => sku === code);
  if (byCode.length || !JAN_SHAPE.test(code)) return byCode;
  return find((_, jan) => jan === code);
};

const hasRoom = (plan: PackingPlan, counts: readonly number[], c: Candidate) =>
  c.kind === 'target' ? (counts[c.i] ?? 0) < plan.targets[c.i].expected : setParts(plan, c.line)!.every((p) => (counts[p.i] ?? 0) + p.perSet <= plan.targets[p.i].expected);

const hitOf = (plan: PackingPlan, counts: readonly number[], c: Candidate, code: string): ScanHit => {
  if (c.kind === 'target') {
    const t = plan.targets[c.i];
    return { code, line: c.line, sku: t.sku, name: t.name, target: c.i, count: counts[c.i] ?? 0, expected: t.expected };
  }
  const l = plan.lines[c.line];
  return { code, line: c.line, sku: l.sku, name: l.name, target: null, count: setsDone(plan, counts, c.line), expected: l.quantity };
};

/**
 * One scan against the counts so far: its result and the counts after it
 * (unchanged unless it counted). `counts` is not modified.
 */
export const applyScan = (plan: PackingPlan, counts: readonly number[], raw: string): { result: ScanResult; counts: number[] } => {
  const code = normaliseScan(raw);
  const next = [...counts];
  const candidates = code ? candidatesOf(plan, code) : [];
  if (!candidates.length) {
    const readable = CODE_SHAPE.test(code) && (!JAN_SHAPE.test(code) || isValidJan(code));
    return { result: readable ? { kind: 'not_on_order', code } : { kind: 'unknown_code', code }, counts: next };
  }
  const c = candidates.find((x) => hasRoom(plan, counts, x));
  if (!c) return { result: { kind: 'too_many', ...hitOf(plan, counts, candidates[0], code) }, counts: next };
  if (c.kind === 'target') next[c.i] = (next[c.i] ?? 0) + 1;
  else for (const p of setParts(plan, c.line)!) next[p.i] = (next[p.i] ?? 0) + p.perSet;
  return { result: { kind: isComplete(plan, next) ? 'complete' : 'ok', ...hitOf(plan, next, c, code) }, counts: next };
};

export interface Replay {
  /** one result per scan, in order */
  results: ScanResult[];
  counts: number[];
  complete: boolean;
}

/** Scans in order from nothing; a scan that did not count changes nothing, as at the packing bench. */
export const replayScans = (plan: PackingPlan, codes: readonly string[]): Replay => {
  let counts = emptyCounts(plan);
  const results: ScanResult[] = [];
  for (const code of codes) {
    const step = applyScan(plan, counts, code);
    results.push(step.result);
    counts = step.counts;
  }
  return { results, counts, complete: isComplete(plan, counts) };
};

/** The result of a new scan, given the order's lines and the scans so far. */
export const checkScan = (lines: readonly PackingLine[], scansSoFar: readonly string[], code: string): ScanResult => {
  const plan = packingPlan(lines);
  return applyScan(plan, replayScans(plan, scansSoFar).counts, code).result;
};

export type LineState = 'pending' | 'partial' | 'done';

export interface LineProgress {
  /** units scanned (for a set line: whole sets its components make up) */
  scanned: number;
  expected: number;
  state: LineState;
  /** a set line's components, in order; empty otherwise */
  components: { sku: string; scanned: number; expected: number; state: LineState }[];
}

const stateOf = (scanned: number, expected: number): LineState => (scanned >= expected ? 'done' : scanned > 0 ? 'partial' : 'pending');

/** Per line: what is scanned against what is needed, for the packing table. */
export const lineProgress = (plan: PackingPlan, counts: readonly number[]): LineProgress[] =>
  plan.lines.map((l, line) => {
    const mine = plan.targets.map((t, i) => ({ t, i })).filter(({ t }) => t.line === line);
    if (!l.components.length) {
      const { t, i } = mine[0];
      const scanned = counts[i] ?? 0;
      return { scanned, expected: t.expected, state: stateOf(scanned, t.expected), components: [] };
    }
    const components = mine.map(({ t, i }) => ({ sku: t.sku, scanned: counts[i] ?? 0, expected: t.expected, state: stateOf(counts[i] ?? 0, t.expected) }));
    const allDone = components.every((c) => c.state === 'done');
    const any = components.some((c) => c.scanned > 0);
    return { scanned: setParts(plan, line) ? setsDone(plan, counts, line) : allDone ? l.quantity : 0, expected: l.quantity, state: allDone ? 'done' : any ? 'partial' : 'pending', components };
  });

/** Units the parcel holds when complete (sets counted by their components). */
export const unitsOf = (plan: PackingPlan): number => plan.targets.reduce((n, t) => n + t.expected, 0);

/** GET /orders/{id}/packing's answer (the page reads this type). */
export interface PackingAnswer {
  order: { id: string; number: string; externalId: string; status: string; shipTo: { name: string } };
  /** false: the order is shipped or cancelled, so it cannot be checked */
  packable: boolean;
  lines: PackingLine[];
  /** the last recorded check, if any */
  lastPacked: { at: string; actor: string | null; actorName: string | null } | null;
}
