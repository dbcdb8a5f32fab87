import { component$, useSignal, useTask$ } from '@builder.io/qwik';
import { Form, Link, routeAction$, routeLoader$, type DocumentHead, type RequestEventAction } from '@builder.io/qwik-city';
import { channelLabel, loadChannelNames } from '../../../../lib/channel-names';
import { api } from '../../../../lib/api';
import { actionError, type ActionError } from '../../../../lib/action';
import { draftFromForm, draftOf, orderPatchBody, type OrderDraft } from '../../../../lib/order-form';
import { historyText } from '../../../../lib/order-history';
import { refundBadge, type ReturnView } from '../../../../lib/returns';
import { can } from '../../../../lib/permissions';
import type { Me } from '../../../../lib/me';
import { ConfirmDialog } from '../../../../components/kit/confirm-dialog';
import { OrderFields } from '../../../../components/orders/order-fields';
import { OrderLinesEditor } from '../../../../components/orders/order-lines-editor';
import { ErrorAlert, errorText, fieldMessages } from '../../../../components/settings/errors';
import { formatJst, formatYen } from '../../../../lib/format';
import { CANCEL_REASONS, bulkActionsFor, statusBadge, type OrderView } from '../../../../lib/orders';
import { useMe } from '../../layout';
import { useLocale, useT, useTMaybe, type MessageKey } from '../../../../i18n';

export const useOrder = routeLoader$(async (ev) => {
  const r = await api<{ order: OrderView }>(ev, `/orders/${encodeURIComponent(ev.params.id)}`);
  if (!r.ok) {
    ev.status(r.status);
    return null;
  }
  return r.data.order;
});

/** 返品・交換: the returns of a shipped order, for its history (no call for an order that has not shipped). */
export const useOrderReturns = routeLoader$(async (ev) => {
  const order = await ev.resolveValue(useOrder);
  if (order?.status !== 'shipped') return [] as ReturnView[];
  const r = await api<{ items: ReturnView[] }>(ev, `/orders/${encodeURIComponent(ev.params.id)}/returns`);
  return r.ok ? r.data.items : [];
});

/** The store's name for the header (orders keep the channel's id). */
export const useChannelNames = routeLoader$((ev) => loadChannelNames(ev));

/** Posts one order action to the API; each routeAction$ below must be its own top-level call (Qwik gives each its id). */
const runAction = async (ev: RequestEventAction, path: 'transition' | 'cancel' | 'ship', form: Record<string, unknown>) => {
  const body: Record<string, unknown> = {};
  if (path === 'transition') body.to = String(form.to ?? '');
  if (path === 'ship') Object.assign(body, { carrier: String(form.carrier ?? ''), trackingNumber: String(form.trackingNumber ?? '').trim() });
  if (path === 'cancel') Object.assign(body, { reason: String(form.reason ?? 'other'), note: String(form.note ?? '').trim() || null });
  const r = await api(ev, `/orders/${encodeURIComponent(ev.params.id)}/${path}`, { method: 'POST', csrf: String(form._csrf ?? ''), body });
  if (!r.ok) return ev.fail(r.status, { error: actionError(r) });
  return { done: path };
};

export const useMarkPaid = routeAction$(async (form, ev) => {
  const r = await api(ev, `/orders/${encodeURIComponent(ev.params.id)}`, { method: 'PATCH', csrf: String(form._csrf ?? ''), body: { payment: { paid: true } } });
  if (!r.ok) return ev.fail(r.status, { error: actionError(r) });
  return { done: 'paid' };
});

/** Flags (要確認 etc.): the whole list is sent, with one added or one removed. */
export const useFlags = routeAction$(async (form, ev) => {
  let current: string[] = [];
  try {
    const parsed = JSON.parse(String(form.flags ?? '[]'));
    if (Array.isArray(parsed)) current = parsed.map(String);
  } catch {
    current = [];
  }
  const add = String(form.add ?? '').trim();
  const next = add ? [...new Set([...current, add])] : current;
  const r = await api(ev, `/orders/${encodeURIComponent(ev.params.id)}`, { method: 'PATCH', csrf: String(form._csrf ?? ''), body: { flags: next } });
  if (!r.ok) return ev.fail(r.status, { error: actionError(r) });
  return { done: 'flags' };
});

/** 受注の編集: every field of the form is sent; the API records what changed (and re-reserves changed lines). */
export const useEditOrder = routeAction$(async (form, ev) => {
  // 権限 personal_data: without it the buyer is masked, so the contact is neither edited nor sent back (the API would answer 403)
  const shell = await api<Me>(ev, '/me');
  const contact = shell.ok && shell.data.user.permissions.includes('personal_data');
  const r = await api(ev, `/orders/${encodeURIComponent(ev.params.id)}`, { method: 'PATCH', csrf: String(form._csrf ?? ''), body: orderPatchBody(form, { contact }) });
  if (!r.ok) return ev.fail(r.status, { error: actionError(r), draft: draftFromForm(form) });
  return { done: 'edit' };
});

export const useTransition = routeAction$((form, ev) => runAction(ev, 'transition', form));
export const useCancel = routeAction$((form, ev) => runAction(ev, 'cancel', form));
export const useShip = routeAction$((form, ev) => runAction(ev, 'ship', form));


/** 分割出荷: one parcel of this order (fields qty_<lineNo>; 0 leaves a line for a later parcel). */
export const useShipPartial = routeAction$(async (form, ev) => {
  const lines = Object.entries(form)
    .filter(([k]) => /^qty_\d+$/.test(k))
    .map(([k, v]) => ({ lineNo: Number(k.slice(4)), quantity: Number(String(v ?? '').trim() || '0') }))
    .filter((l) => Number.isInteger(l.quantity));
  const trackingNumber = String(form.trackingNumber ?? '').trim();
  const r = await api<{ complete: boolean }>(ev, `/orders/${encodeURIComponent(ev.params.id)}/ship-partial`, {
    method: 'POST',
    csrf: String(form._csrf ?? ''),
    body: { carrier: String(form.carrier ?? ''), trackingNumber, lines },
  });
  if (!r.ok) return ev.fail(r.status, { error: actionError(r) });
  return { done: r.data.complete ? 'shippedAll' : 'shippedPart', tracking: trackingNumber };
});

/** 同梱を解除: this order (a merged child), or every child of this order (a parent). */
export const useUnmerge = routeAction$(async (form, ev) => {
  const r = await api(ev, `/orders/${encodeURIComponent(ev.params.id)}/unmerge`, { method: 'POST', csrf: String(form._csrf ?? '') });
  if (!r.ok) return ev.fail(r.status, { error: actionError(r) });
  return { done: 'unmerged' };
});

export default component$(() => {
  const t = useT();
  const tMaybe = useTMaybe();
  const locale = useLocale();
  const order = useOrder();
  const channelNames = useChannelNames();
  const me = useMe();
  const seesBuyers = can(me.value.me, 'personal_data');
  const move = useTransition();
  const cancel = useCancel();
  const ship = useShip();
  const markPaid = useMarkPaid();
  const flags = useFlags();
  const edit = useEditOrder();
  const orderReturns = useOrderReturns();
  const shipPartial = useShipPartial();
  const unmerge = useUnmerge();
  const editing = useSignal(false);
  // a saved edit closes the form; a refused one keeps it open with the fields as typed
  useTask$(({ track }) => {
    const v = track(() => edit.value) as { done?: string } | undefined;
    if (v?.done === 'edit') editing.value = false;
  });
  const csrf = me.value.me?.csrfToken ?? '';
  const o = order.value;
  if (!o) return <p class="alert alert-error">{t('error.notFound')}</p>;
  const failure = [move, cancel, ship, markPaid, flags, shipPartial, unmerge].map((a) => a.value as { failed?: boolean; error?: ActionError } | undefined).find((v) => v?.failed);
  const editFailure = edit.value as { failed?: boolean; error?: ActionError; draft?: OrderDraft } | undefined;
  const editErrors = editFailure?.failed ? fieldMessages(t, editFailure.error) : {};
  const editDraft = editFailure?.failed && editFailure.draft ? editFailure.draft : draftOf(o);
  const open = !['shipped', 'cancelled'].includes(o.status);
  // 支払方法: Kura's label, and beside it the mall's own name for it (楽天 "クレジットカード", Yahoo! "PayPay残高等")
  const channelType = channelNames.value.find((c) => c.id === o.channelId)?.type;
  const mallName = channelType ? (tMaybe(`channels.type.${channelType}`) ?? channelType) : null;
  const paymentRaw = o.payment.raw ? (mallName ? t('desk.payment.raw', { mall: mallName, raw: o.payment.raw }) : t('desk.payment.rawOnly', { raw: o.payment.raw })) : null;
  const shippedOf = (lineNo: number) => o.shipments.reduce((n, s) => n + s.lines.filter((l) => l.lineNo === lineNo).reduce((m, l) => m + l.quantity, 0), 0);
  const splitDone = shipPartial.value as { done?: string; tracking?: string } | undefined;
  return (
    <>
      <p class="crumbs">
        <Link prefetch={false} href="/orders">{t('orders.title')}</Link> ›
      </p>
      <div class="page-head">
        <h1 class="page-title">
          <span class="mono">{o.number}</span> <span class={statusBadge(o.status)} id="order-status">{t(`orders.status.${o.status}` as MessageKey)}</span>
          {o.stockWarning && <span class="badge badge-err">{t('orders.stockWarning')}</span>}
          {o.partiallyShipped && <span class="badge badge-warn" id="order-partially-shipped">{t('merge.split.partially')}</span>}
        </h1>
        <span class="muted">
          <span>{channelLabel(channelNames.value, o.channelId, t('orders.channel.manual'))}</span> / <span class="mono">{o.externalId}</span> · <span>{formatJst(o.orderedAt, locale)}</span>
        </span>
        <Link prefetch={false} href={`/orders/${o.id}/slip`} class="btn btn-small" id="order-slip" style="margin-left:auto">
          {t('slip.link')}
        </Link>
        <Link prefetch={false} href={`/orders/${o.id}/receipt`} class="btn btn-small" id="order-receipt">
          {t('documents.receipt.link')}
        </Link>
        {o.status === 'shipped' && (
          <Link prefetch={false} href={`/orders/${o.id}/return`} class="btn btn-small" id="order-return">
            {t('returns.link.open')}
          </Link>
        )}
        {open && o.status !== ('merged' as string) && (
          <Link prefetch={false} href={`/orders/${o.id}/pack`} class="btn btn-small" id="order-pack">
            {t('packing.link')}
          </Link>
        )}
      </div>
      {failure?.error && (
        <p class="alert alert-error" role="alert" id="order-error">
          {tMaybe(`orders.problem.${failure.error.code}`) ?? tMaybe(`merge.error.${failure.error.code}`) ?? errorText(t, failure.error)}
        </p>
      )}
      {(edit.value as { done?: string } | undefined)?.done === 'edit' && (
        <p class="alert alert-ok" role="status" id="order-saved">
          {t('desk.edit.saved')}
        </p>
      )}
      {splitDone?.done === 'shippedPart' && (
        <p class="alert alert-ok" role="status" id="split-done">
          {t('merge.split.done', { tracking: splitDone.tracking ?? '' })}
        </p>
      )}
      {splitDone?.done === 'shippedAll' && (
        <p class="alert alert-ok" role="status" id="split-done">
          {t('merge.split.doneAll')}
        </p>
      )}
      {(unmerge.value as { done?: string } | undefined)?.done === 'unmerged' && (
        <p class="alert alert-ok" role="status" id="unmerge-done">
          {t('merge.group.unmerged')}
        </p>
      )}
      {open && o.status !== 'merged' && (
        <div class="edit-bar">
          <button type="button" class="btn" id="order-edit-open" aria-expanded={editing.value} onClick$={() => (editing.value = !editing.value)}>
            {t('desk.edit.open')}
          </button>
        </div>
      )}
      {open && (editing.value || editFailure?.failed) && (
        <section class="section" id="order-edit">
          <h2>{t('desk.edit.title')}</h2>
          {editFailure?.failed && <ErrorAlert error={editFailure.error} shown={Object.keys(editErrors)} id="order-edit-error" />}
          <Form action={edit} class="form order-form" id="order-edit-form">
            <input type="hidden" name="_csrf" value={csrf} />
            <OrderFields draft={editDraft} errors={editErrors} contact={seesBuyers} />
            <section class="card form-section" id="section-lines">
              <h2>{t('desk.section.lines')}</h2>
              <OrderLinesEditor initial={editDraft.lines} error={editErrors['lines']?.join(' / ')} />
            </section>
            <div class="actions">
              <button type="submit" class="btn btn-primary" id="order-edit-save">
                {t('desk.edit.save')}
              </button>
              <button type="button" class="btn" onClick$={() => (editing.value = false)}>
                {t('common.cancel')}
              </button>
            </div>
          </Form>
        </section>
      )}

      <div class="two-col">
        <section class="card section">
          <h2>{t('orders.detail.customer')}</h2>
          <dl class="kv" id="order-customer">
            <dt>{t('orders.form.customerName')}</dt>
            <dd>{o.customer.name}</dd>
            <dt>{t('orders.form.email')}</dt>
            <dd>{o.customer.email ?? '—'}</dd>
            <dt>{t('orders.form.phone')}</dt>
            <dd class="mono">{o.customer.phone ?? '—'}</dd>
          </dl>
          <h2 class="subhead">{t('orders.detail.shipTo')}</h2>
          <dl class="kv" id="order-ship-to">
            <dt>{t('orders.form.shipName')}</dt>
            <dd>{`${o.shipTo.name} ${t('slip.honorific')}`}</dd>
            <dt>{t('orders.form.address')}</dt>
            <dd>
              <span class="mono">{`〒${o.shipTo.postalCode}`}</span>
              <br />
              <span>{`${o.shipTo.prefecture}${o.shipTo.city}${o.shipTo.address1}`}</span>
              {o.shipTo.address2 && (
                <>
                  <br />
                  <span>{o.shipTo.address2}</span>
                </>
              )}
            </dd>
            <dt>{t('orders.form.phone')}</dt>
            <dd class="mono">{o.shipTo.phone}</dd>
          </dl>
        </section>
        <section class="card section">
          <h2>{t('orders.detail.payment')}</h2>
          <p>
            <span id="order-payment-method">{tMaybe(`orders.payment.${o.payment.method}`) ?? o.payment.method}</span>
            {paymentRaw && (
              <span class="muted" id="order-payment-raw" title={t('desk.payment.rawTitle')}>
                {paymentRaw}
              </span>
            )}{' '}
            <span class={o.payment.paid ? 'badge badge-ok' : 'badge'}>{o.payment.paid ? t('orders.detail.paid') : t('orders.detail.unpaid')}</span>
          </p>
          {!o.payment.paid && open && (
            <Form action={markPaid}>
              <input type="hidden" name="_csrf" value={csrf} />
              <button type="submit" class="btn btn-small" id="mark-paid">
                {t('orders.detail.markPaid')}
              </button>
            </Form>
          )}
          <div class="flags" id="order-flags">
            <span class="muted">{t('orders.detail.flags')}:</span>
            {o.flags.map((fl) => (
              <span key={fl} class={`chip ${fl === 'blacklist' ? 'chip-err' : ''}`}>
                {tMaybe(`orders.flag.${fl}`) ?? fl}
                {open && (
                  <Form action={flags} class="chip-x">
                    <input type="hidden" name="_csrf" value={csrf} />
                    <input type="hidden" name="flags" value={JSON.stringify(o.flags.filter((x) => x !== fl))} />
                    <button type="submit" aria-label={`${t('common.delete')} ${fl}`}>
                      ×
                    </button>
                  </Form>
                )}
              </span>
            ))}
            {open && (
              <Form action={flags} class="inline-form">
                <input type="hidden" name="_csrf" value={csrf} />
                <input type="hidden" name="flags" value={JSON.stringify(o.flags)} />
                <input name="add" maxLength={40} required placeholder={t('orders.flags.add')} class="input-small" />
                <button type="submit" class="btn btn-small">
                  {t('orders.flags.addButton')}
                </button>
              </Form>
            )}
          </div>
          <h2 class="subhead">{t('orders.detail.shipping')}</h2>
          {/* Each label and value is its own element: bare text beside text re-renders out of step after an action. */}
          <dl class="kv" id="order-delivery">
            <dt>{t('orders.form.shippingMethod')}</dt>
            <dd>{o.shipping.method ? (tMaybe(`orders.shippingMethod.${o.shipping.method}`) ?? o.shipping.method) : '—'}</dd>
            <dt>{t('orders.detail.desiredDate')}</dt>
            <dd>{o.shipping.desiredDate ?? t('orders.detail.noDate')}</dd>
            <dt>{t('orders.detail.timeSlot')}</dt>
            <dd>{o.shipping.timeSlot ? (tMaybe(`orders.timeSlot.${o.shipping.timeSlot}`) ?? o.shipping.timeSlot) : t('orders.detail.noSlot')}</dd>
            <dt>{t('orders.detail.carrier')}</dt>
            <dd>{o.shipping.carrier ? (tMaybe(`orders.carrier.${o.shipping.carrier}`) ?? o.shipping.carrier) : '—'}</dd>
            {o.shipping.trackingNumber && (
              <>
                <dt>{t('orders.detail.tracking')}</dt>
                <dd>
                  <span class="mono">{o.shipping.trackingNumber}</span> <span class="muted">{formatJst(o.shipping.shippedAt, locale)}</span>
                </dd>
              </>
            )}
          </dl>
          {o.note && (
            <>
              <h2 class="subhead">{t('orders.detail.note')}</h2>
              <p class="pre">{o.note}</p>
            </>
          )}
        </section>
      </div>

      <section class="section">
        <h2>{t('orders.detail.lines')}</h2>
        <div class="table-wrap">
          <table id="order-lines">
            <thead>
              <tr>
                <th>{t('orders.detail.sku')}</th>
                <th>{t('stock.col.name')}</th>
                <th class="num">{t('orders.detail.qty')}</th>
                <th class="num">{t('orders.detail.price')}</th>
                <th class="num">{t('orders.detail.subtotal')}</th>
              </tr>
            </thead>
            <tbody>
              {o.lines.map((l) => (
                <tr key={l.lineNo}>
                  <td>
                    <Link prefetch={false} href={`/stock/sku/${encodeURIComponent(l.sku)}`} class="mono">
                      {l.sku}
                    </Link>
                    {l.shortage > 0 && <span class="badge badge-err">{t('orders.detail.shortage', { n: l.shortage })}</span>}
                  </td>
                  <td>{l.name}</td>
                  <td class="num">{l.quantity}</td>
                  <td class="num">{formatYen(l.unitPrice)}</td>
                  <td class="num">{formatYen(l.unitPrice * l.quantity)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <table class="totals" style="width:auto;margin-left:auto">
          <tbody>
            <tr>
              <td>{t('orders.detail.itemsTotal')}</td>
              <td class="num">{formatYen(o.totals.items)}</td>
            </tr>
            <tr>
              <td>{t('orders.detail.shippingFee')}</td>
              <td class="num">{formatYen(o.totals.shipping)}</td>
            </tr>
            {o.totals.fees > 0 && (
              <tr>
                <td>{t('orders.detail.fees')}</td>
                <td class="num">{formatYen(o.totals.fees)}</td>
              </tr>
            )}
            {o.totals.discount + o.totals.points > 0 && (
              <tr>
                <td>
                  {t('orders.detail.discount')} / {t('orders.detail.points')}
                </td>
                <td class="num">−{formatYen(o.totals.discount + o.totals.points)}</td>
              </tr>
            )}
            <tr class="grand">
              <td>{t('orders.detail.total')}</td>
              <td class="num">{formatYen(o.totals.total)}</td>
            </tr>
          </tbody>
        </table>
      </section>

      {o.merge && (
        <section class="card section" id="order-merge">
          <h2>{t('merge.group.title')}</h2>
          {o.merge.parentId !== o.id && <p class="hint">{t('merge.group.isChild', { number: o.merge.parentNumber })}</p>}
          <dl class="kv">
            <dt>{t('merge.group.parent')}</dt>
            <dd>
              <Link prefetch={false} href={`/orders/${o.merge.parentId}`} class="mono" id="order-merge-parent">
                {o.merge.parentNumber}
              </Link>
            </dd>
            <dt>{t('merge.group.children')}</dt>
            <dd>
              <ul class="plain-list" id="order-merge-children">
                {o.merge.children.map((c) => (
                  <li key={c.id}>
                    <Link prefetch={false} href={`/orders/${c.id}`} class="mono">
                      {c.number}
                    </Link>{' '}
                    <span class="muted">
                      {channelLabel(channelNames.value, c.channelId, t('orders.channel.manual'))} / <span class="mono">{c.externalId}</span>
                    </span>
                  </li>
                ))}
              </ul>
            </dd>
          </dl>
          {o.status !== 'shipped' && (
            <ConfirmDialog
              id="unmerge-dialog"
              trigger={t(o.merge.parentId === o.id ? 'merge.group.unmergeAll' : 'merge.group.unmerge')}
              triggerClass="btn"
              title={t('merge.group.unmergeTitle')}
              message={t('merge.group.unmergeMessage')}
            >
              <Form action={unmerge} id="unmerge-form">
                <input type="hidden" name="_csrf" value={csrf} />
                <button type="submit" class="btn btn-danger" id="unmerge-order">
                  {t('merge.group.unmerge')}
                </button>
              </Form>
            </ConfirmDialog>
          )}
        </section>
      )}

      {o.status === 'ready_to_ship' && !(o.merge && o.merge.parentId === o.id) && (
        <section class="card section" id="order-split">
          <h2>{t('merge.split.title')}</h2>
          <p class="hint">{t('merge.split.help')}</p>
          <ConfirmDialog id="split-dialog" trigger={t('merge.split.submit')} triggerClass="btn" title={t('merge.split.confirmTitle')} message={t('merge.split.confirmMessage')}>
            <Form action={shipPartial} id="split-form" class="form">
              <input type="hidden" name="_csrf" value={csrf} />
              <div class="table-wrap">
                <table id="split-lines">
                  <thead>
                    <tr>
                      <th>{t('merge.split.col.line')}</th>
                      <th>{t('merge.split.col.sku')}</th>
                      <th>{t('merge.split.col.name')}</th>
                      <th class="num">{t('merge.split.col.ordered')}</th>
                      <th class="num">{t('merge.split.col.shipped')}</th>
                      <th class="num">{t('merge.split.col.left')}</th>
                      <th class="num">{t('merge.split.col.now')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {o.lines.map((l) => {
                      const left = l.quantity - shippedOf(l.lineNo);
                      return (
                        <tr key={l.lineNo} data-line={l.lineNo}>
                          <td class="num">{l.lineNo}</td>
                          <td class="mono">{l.sku}</td>
                          <td>{l.name}</td>
                          <td class="num">{l.quantity}</td>
                          <td class="num">{l.quantity - left}</td>
                          <td class="num">{left}</td>
                          <td class="num">
                            <input
                              type="number"
                              name={`qty_${l.lineNo}`}
                              min={0}
                              max={left}
                              step={1}
                              value="0"
                              disabled={left === 0}
                              class="input-small num"
                              aria-label={`${t('merge.split.col.now')} ${l.sku}`}
                            />
                          </td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </div>
              <label class="field">
                {t('merge.split.carrier')}
                <select name="carrier">
                  {(['yamato', 'sagawa', 'japanpost', 'other'] as const).map((c) => (
                    <option key={c} value={c} selected={o.shipping.carrier === c}>
                      {t(`orders.carrier.${c}`)}
                    </option>
                  ))}
                </select>
              </label>
              <label class="field">
                {t('merge.split.tracking')}
                <input name="trackingNumber" required pattern="[0-9A-Za-z\-]{4,40}" class="mono" />
              </label>
              <button type="submit" class="btn btn-primary" id="split-submit">
                {t('merge.split.submit')}
              </button>
            </Form>
          </ConfirmDialog>
        </section>
      )}

      {o.shipments.length > 0 && (
        <section class="card section" id="order-shipments">
          <h2>{t('merge.split.shipments')}</h2>
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th>#</th>
                  <th>{t('merge.split.col.shippedAt')}</th>
                  <th>{t('merge.split.carrier')}</th>
                  <th>{t('merge.split.tracking')}</th>
                  <th>{t('merge.split.col.items')}</th>
                </tr>
              </thead>
              <tbody>
                {o.shipments.map((s, i) => (
                  <tr key={s.id}>
                    <td>{t('merge.split.parcel', { n: i + 1 })}</td>
                    <td>{formatJst(s.shippedAt, locale)}</td>
                    <td>{tMaybe(`orders.carrier.${s.carrier}`) ?? s.carrier}</td>
                    <td class="mono">{s.trackingNumber}</td>
                    <td>{s.lines.map((l) => `${l.sku} ×${l.quantity}`).join('、')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}

      {open && o.status !== 'merged' && (
        <section class="card section" id="order-actions">
          <h2>{t('orders.detail.actions')}</h2>
          <div class="action-row">
            <Form action={move} class="inline-form" id="transition-form">
              <input type="hidden" name="_csrf" value={csrf} />
              <label class="field">
                {t('orders.detail.moveTo')}
                <select name="to">
                  {bulkActionsFor([o.status])
                    .filter((a) => a.startsWith('to:'))
                    .map((a) => a.slice(3))
                    .map((s) => (
                    <option key={s} value={s}>
                      {t(`orders.status.${s}` as MessageKey)}
                    </option>
                  ))}
                </select>
              </label>
              <button type="submit" class="btn">
                {t('orders.detail.move')}
              </button>
            </Form>
            {o.status === 'ready_to_ship' && (
              <Form action={ship} class="inline-form" id="ship-form">
                <input type="hidden" name="_csrf" value={csrf} />
                <label class="field">
                  {t('orders.detail.carrier')}
                  <select name="carrier">
                    {(['yamato', 'sagawa', 'japanpost', 'other'] as const).map((c) => (
                      <option key={c} value={c}>
                        {t(`orders.carrier.${c}`)}
                      </option>
                    ))}
                  </select>
                </label>
                <label class="field">
                  {t('orders.detail.tracking')}
                  <input name="trackingNumber" required pattern="[0-9A-Za-z\-]{4,40}" class="mono" />
                </label>
                <button type="submit" class="btn btn-primary">
                  {t('orders.detail.ship')}
                </button>
              </Form>
            )}
          </div>
          <div class="danger-zone">
            <ConfirmDialog id="cancel-dialog" trigger={t('desk.cancel.open')} title={t('desk.cancel.title', { number: o.number })} message={t('desk.cancel.message')}>
              <Form action={cancel} id="cancel-form">
                <input type="hidden" name="_csrf" value={csrf} />
                <label class="field">
                  {t('desk.cancel.reason')}
                  <select name="reason" required>
                    {CANCEL_REASONS.map((r) => (
                      <option key={r} value={r}>
                        {t(`desk.cancel.reason.${r}` as MessageKey)}
                      </option>
                    ))}
                  </select>
                </label>
                <label class="field">
                  <textarea name="note" rows={2} maxLength={500} placeholder={t('desk.cancel.reasonPlaceholder')} aria-label={t('desk.cancel.reason')} />
                </label>
                <button type="submit" class="btn btn-danger" id="cancel-order">
                  {t('desk.cancel.confirm')}
                </button>
              </Form>
            </ConfirmDialog>
          </div>
        </section>
      )}

      <section class="card section">
        <h2>{t('orders.detail.history')}</h2>
        <ul class="timeline" id="order-history">
          {o.events.map((e) => (
            <li key={e.id}>
              <span class="muted nowrap">{formatJst(e.at, locale)}</span>
              {/* a mall's refusal is in its own words (often English): kept in the tooltip, the line itself is in the reader's language */}
              <span class={['cancel_manual', 'cancel_failed', 'shipment_failed'].includes(e.kind) ? 'history-warn' : undefined} title={typeof (e.detail as { error?: unknown } | null)?.error === 'string' ? String((e.detail as { error: string }).error) : undefined}>
                {historyText(t, tMaybe, e)}
              </span>
              <span class="muted small" title={e.actor ?? ''}>
                {e.actorName ?? (e.actor ? (tMaybe(`orders.actor.${e.actor}`) ?? e.actor) : '')}
              </span>
            </li>
          ))}
        </ul>
        {orderReturns.value.length > 0 && (
          <>
            <h3 class="subhead">{t('returns.history.title')}</h3>
            <ul class="timeline" id="order-returns">
              {orderReturns.value.map((r) => (
                <li key={r.id}>
                  <span class="muted nowrap">{formatJst(r.createdAt, locale)}</span>
                  <span>
                    <Link prefetch={false} href={`/orders/${o.id}/return`} class="mono">
                      {r.number}
                    </Link>{' '}
                    <span>{t('returns.units', { units: r.units, sellable: r.sellableUnits })}</span> <span>{t(`returns.reason.${r.reason}` as MessageKey)}</span>{' '}
                    <span class={refundBadge(r.refund.status)}>{t(`returns.refund.${r.refund.status}` as MessageKey)}</span>
                    {r.exchangeOrderId && (
                      <>
                        {' '}
                        <span>{t('returns.col.exchange')}</span>{' '}
                        <Link prefetch={false} href={`/orders/${r.exchangeOrderId}`} class="mono">
                          {r.exchangeOrderNumber ?? r.exchangeOrderId}
                        </Link>
                      </>
                    )}
                  </span>
                  <span class="muted small">{r.createdByName ?? ''}</span>
                </li>
              ))}
            </ul>
          </>
        )}
      </section>

      {o.raw != null && (
        <details class="section">
          <summary>{t('orders.detail.raw')}</summary>
          <pre class="secret-box mono">{JSON.stringify(o.raw, null, 2)}</pre>
        </details>
      )}
    </>
  );
});

export const head: DocumentHead = { title: '受注' };
