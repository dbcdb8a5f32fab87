import { component$ } from '@builder.io/qwik';
import { Form, Link, routeAction$, routeLoader$, type DocumentHead, type JSONObject } from '@builder.io/qwik-city';
import { api } from '../../../../../lib/api';
import { actionError, loadFailure, str, type ActionError } from '../../../../../lib/action';
import { formatJst, formatYen } from '../../../../../lib/format';
import type { OrderView } from '../../../../../lib/orders';
import { formNumber, refundBadge, REFUND_STATUSES, RETURN_REASONS, type ReturnableLineView, type ReturnView } from '../../../../../lib/returns';
import { ConfirmDialog } from '../../../../../components/kit/confirm-dialog';
import { detailText, errorText } from '../../../../../components/settings/errors';
import { useMe } from '../../../layout';
import { useLocale, useT, useTMaybe, type MessageKey } from '../../../../../i18n';

/**
 * 返品・交換の登録: per SKU of a shipped order, how many units came back and how
 * many of those are sellable (良品: back into stock), the reason and the refund;
 * asked once more before saving, since it moves stock. Below, the order's
 * returns with their refund and the exchange (交換) order each may get.
 *
 * The form carries a request key made when the page was loaded (kept across a
 * refused submit): sending it twice records one return and restocks once.
 */

const MAX_LINES = 200;

export const useReturnPage = routeLoader$(async (ev) => {
  const id = encodeURIComponent(ev.params.id);
  const [o, r] = await Promise.all([
    api<{ order: OrderView }>(ev, `/orders/${id}`),
    api<{ items: ReturnView[]; returnable: ReturnableLineView[] }>(ev, `/orders/${id}/returns`),
  ]);
  if (!o.ok) return { order: null, ...loadFailure(ev, o), returns: [] as ReturnView[], returnable: [] as ReturnableLineView[], requestKey: '', done: '' };
  const order = o.data.order;
  return {
    order: { id: order.id, number: order.number, status: order.status, total: order.totals.total, customer: order.customer.name },
    error: r.ok ? null : actionError(r),
    returns: r.ok ? r.data.items : [],
    returnable: r.ok ? r.data.returnable : [],
    requestKey: crypto.randomUUID().replace(/-/g, ''),
    // the number of the return just recorded (after the redirect)
    done: /^R\d{6,}$/.test(ev.query.get('done') ?? '') ? (ev.query.get('done') as string) : '',
  };
});

/** The form's values as typed, to refill it after a refused submit. */
const valuesOf = (form: JSONObject, count: number) => {
  const v: Record<string, string> = {};
  for (const k of ['reason', 'note', 'refundStatus', 'refundAmount']) v[k] = str(form, k);
  for (let i = 0; i < count; i++) {
    v[`qty_${i}`] = str(form, `qty_${i}`);
    v[`sellable_${i}`] = str(form, `sellable_${i}`);
  }
  return v;
};

export const useCreateReturn = routeAction$(async (form, ev) => {
  const count = Math.min(MAX_LINES, Math.max(0, Number(str(form, 'lineCount')) || 0));
  const values = valuesOf(form, count);
  const requestKey = str(form, 'requestKey');
  const lines: { sku: string; quantity: number | string; sellable: number | string }[] = [];
  for (let i = 0; i < count; i++) {
    const quantity = formNumber(values[`qty_${i}`]);
    if (quantity === 0 || quantity === '') continue;
    const sellable = formNumber(values[`sellable_${i}`]);
    lines.push({ sku: str(form, `sku_${i}`), quantity, sellable: sellable === '' ? 0 : sellable });
  }
  const skus = lines.map((l) => l.sku);
  if (!lines.length) return ev.fail(400, { error: { status: 400, code: 'no_lines', message: 'No units to return' } as ActionError, values, skus, requestKey });
  const status = str(form, 'refundStatus') || 'none';
  const amount = formNumber(values.refundAmount);
  const r = await api<{ return: ReturnView }>(ev, `/orders/${encodeURIComponent(ev.params.id)}/returns`, {
    method: 'POST',
    csrf: str(form, '_csrf'),
    body: { lines, reason: str(form, 'reason'), note: str(form, 'note').trim() || null, refund: { status, amount: amount === '' ? 0 : amount }, requestKey: requestKey || undefined },
  });
  if (!r.ok) return ev.fail(r.status, { error: actionError(r), values, skus, requestKey });
  throw ev.redirect(302, `/orders/${encodeURIComponent(ev.params.id)}/return?done=${encodeURIComponent(r.data.return.number)}`);
});

/** 返金: the status and amount of one return (返金不要 sends no amount: the API clears it). */
export const useUpdateRefund = routeAction$(async (form, ev) => {
  const id = str(form, 'returnId');
  const status = str(form, 'refundStatus');
  const amount = formNumber(str(form, 'refundAmount'));
  const refund = status === 'not_required' ? { status } : { status, amount: amount === '' ? 0 : amount };
  const r = await api(ev, `/returns/${encodeURIComponent(id)}`, { method: 'PATCH', csrf: str(form, '_csrf'), body: { refund } });
  if (!r.ok) return ev.fail(r.status, { error: actionError(r), returnId: id });
  return { saved: id };
});

/** 交換: the replacement order for one return. */
export const useExchange = routeAction$(async (form, ev) => {
  const id = str(form, 'returnId');
  const note = str(form, 'note').trim();
  const r = await api<{ order: { id: string; number: string } }>(ev, `/returns/${encodeURIComponent(id)}/exchange`, {
    method: 'POST',
    csrf: str(form, '_csrf'),
    body: { lines: [{ sku: str(form, 'sku').trim(), quantity: formNumber(str(form, 'quantity')) }], ...(note ? { note } : {}) },
  });
  if (!r.ok) return ev.fail(r.status, { error: actionError(r), returnId: id });
  return { exchanged: r.data.order.number, orderId: r.data.order.id, returnId: id };
});

type T = ReturnType<typeof useT>;
type TMaybe = ReturnType<typeof useTMaybe>;

/** An action's error headline, in the reader's language. */
const headline = (t: T, tMaybe: TMaybe, e: ActionError) => (e.code === 'no_lines' ? t('returns.error.noLines') : (tMaybe(`returns.problem.${e.code}`) ?? errorText(t, e)));

/** Each detail of an API error as a line naming its SKU (`skus`: the lines as sent, for `lines.N.…` fields). */
const detailLines = (t: T, tMaybe: TMaybe, e: ActionError, skus: string[]): string[] => {
  if (!Array.isArray(e.details)) return [];
  return (e.details as Record<string, unknown>[]).map((d) => {
    const at = typeof d.field === 'string' ? /^lines\.(\d+)\./.exec(d.field) : null;
    const sku = typeof d.sku === 'string' ? d.sku : at ? skus[Number(at[1])] : undefined;
    const own = typeof d.code === 'string' ? tMaybe(`returns.detail.${d.code}`, { sku: sku ?? '', n: typeof d.limit === 'number' ? d.limit : '' }) : undefined;
    return own ?? (sku ? `${sku}: ${detailText(t, d)}` : detailText(t, d));
  });
};

export default component$(() => {
  const t = useT();
  const tMaybe = useTMaybe();
  const locale = useLocale();
  const me = useMe();
  const page = useReturnPage();
  const create = useCreateReturn();
  const refund = useUpdateRefund();
  const exchange = useExchange();
  const csrf = me.value.me?.csrfToken ?? '';
  const canWrite = me.value.me?.user.role !== 'viewer';
  const { order, error, returns, returnable, done } = page.value;
  if (!order) {
    return (
      <>
        <p class="crumbs">
          <Link prefetch={false} href="/orders">
            {t('orders.title')}
          </Link>{' '}
          ›
        </p>
        <p class="alert alert-error" role="alert" id="return-load-error">
          {error ? (tMaybe(`returns.problem.${error.code}`) ?? errorText(t, error)) : t('error.notFound')}
        </p>
      </>
    );
  }
  const failed = create.value as { failed?: boolean; error?: ActionError; values?: Record<string, string>; skus?: string[]; requestKey?: string } | undefined;
  const values = failed?.failed ? (failed.values ?? {}) : {};
  // a refused submit keeps its key: sending the form again must not make a second return
  const requestKey = (failed?.failed && failed.requestKey) || page.value.requestKey;
  const refundResult = refund.value as { failed?: boolean; error?: ActionError; returnId?: string; saved?: string } | undefined;
  const exchangeResult = exchange.value as { failed?: boolean; error?: ActionError; returnId?: string; exchanged?: string; orderId?: string } | undefined;
  const shipped = order.status === 'shipped';
  const open = returnable.filter((l) => l.remaining > 0);
  return (
    <>
      <p class="crumbs">
        <Link prefetch={false} href="/orders">
          {t('orders.title')}
        </Link>{' '}
        ›{' '}
        <Link prefetch={false} href={`/orders/${order.id}`} class="mono">
          {order.number}
        </Link>{' '}
        ›
      </p>
      <div class="page-head">
        <h1 class="page-title">
          <span>{t('returns.form.title')}</span> <span class="mono">{order.number}</span>
        </h1>
        <span class="muted">{order.customer}</span>
        <Link prefetch={false} href="/orders/returns" class="btn btn-small" id="returns-list-link" style="margin-left:auto">
          {t('returns.link.list')}
        </Link>
      </div>
      {done && (
        <p class="alert alert-ok" role="status" id="return-done">
          {t('returns.done', { number: done })}
        </p>
      )}
      {error && (
        <p class="alert alert-error" role="alert">
          {t('returns.loadFailed')}
        </p>
      )}

      {!shipped && (
        <p class="alert alert-warn" id="return-not-shipped">
          {t('returns.notShipped', { status: t(`orders.status.${order.status}` as MessageKey) })}
        </p>
      )}
      {shipped && !error && open.length === 0 && (
        <p class="alert alert-warn" id="return-nothing-left">
          {t('returns.nothingLeft')}
        </p>
      )}
      {shipped && open.length > 0 && canWrite && (
        <>
          {failed?.failed && failed.error && (
            <div class="alert alert-error" role="alert" id="return-error">
              <p>{headline(t, tMaybe, failed.error)}</p>
              {detailLines(t, tMaybe, failed.error, failed.skus ?? []).length > 0 && (
                <ul class="alert-list">
                  {detailLines(t, tMaybe, failed.error, failed.skus ?? []).map((m, i) => (
                    <li key={i}>{m}</li>
                  ))}
                </ul>
              )}
            </div>
          )}
          <Form action={create} class="form" id="return-form">
            <input type="hidden" name="_csrf" value={csrf} />
            <input type="hidden" name="requestKey" value={requestKey} />
            <input type="hidden" name="lineCount" value={String(returnable.length)} />
            <section class="card form-section">
              <h2>{t('returns.section.lines')}</h2>
              <p class="hint">{t('returns.form.help')}</p>
              <div class="table-wrap">
                <table id="return-lines">
                  <thead>
                    <tr>
                      <th>{t('returns.col.sku')}</th>
                      <th>{t('returns.col.name')}</th>
                      <th class="num">{t('returns.col.shipped')}</th>
                      <th class="num">{t('returns.col.returned')}</th>
                      <th class="num">{t('returns.col.remaining')}</th>
                      <th class="num">{t('returns.col.quantity')}</th>
                      <th class="num">{t('returns.col.sellable')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {returnable.map((l, i) => (
                      <tr key={l.sku} data-sku={l.sku}>
                        <td class="mono">
                          {l.sku}
                          <input type="hidden" name={`sku_${i}`} value={l.sku} />
                        </td>
                        <td>{l.name ?? '—'}</td>
                        <td class="num">{l.shipped}</td>
                        <td class="num">{l.returned}</td>
                        <td class="num">{l.remaining}</td>
                        <td class="num">
                          <input
                            type="number"
                            name={`qty_${i}`}
                            min={0}
                            max={l.remaining}
                            value={values[`qty_${i}`] ?? '0'}
                            disabled={l.remaining === 0}
                            class="input-small"
                            aria-label={`${t('returns.col.quantity')} ${l.sku}`}
                          />
                        </td>
                        <td class="num">
                          <input
                            type="number"
                            name={`sellable_${i}`}
                            min={0}
                            max={l.remaining}
                            value={values[`sellable_${i}`] ?? '0'}
                            disabled={l.remaining === 0}
                            class="input-small"
                            aria-label={`${t('returns.col.sellable')} ${l.sku}`}
                          />
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </section>
            <section class="card form-section">
              <h2>{t('returns.section.details')}</h2>
              <div class="form-grid">
                <label class="field">
                  <span class="field-label">{t('returns.reason')}</span>
                  <select name="reason" required>
                    {RETURN_REASONS.map((r) => (
                      <option key={r} value={r} selected={(values.reason || 'customer') === r}>
                        {t(`returns.reason.${r}` as MessageKey)}
                      </option>
                    ))}
                  </select>
                </label>
                <label class="field">
                  <span class="field-label">{t('returns.refund.status')}</span>
                  <select name="refundStatus">
                    {REFUND_STATUSES.map((s) => (
                      <option key={s} value={s} selected={(values.refundStatus || 'none') === s}>
                        {t(`returns.refund.${s}` as MessageKey)}
                      </option>
                    ))}
                  </select>
                </label>
                <label class="field">
                  <span class="field-label">{t('returns.refund.amount')}</span>
                  <input type="number" name="refundAmount" min={0} max={order.total} value={values.refundAmount ?? '0'} />
                </label>
              </div>
              <label class="field">
                <span class="field-label">{t('returns.note')}</span>
                <textarea name="note" rows={3} maxLength={2000} placeholder={t('returns.notePlaceholder')}>
                  {values.note ?? ''}
                </textarea>
              </label>
              <div class="actions">
                <ConfirmDialog id="return-confirm" trigger={t('returns.submit')} triggerClass="btn btn-primary" title={t('returns.confirm.title')} message={t('returns.confirm.message')}>
                  <button type="submit" class="btn btn-primary" id="return-save" onClick$={(_, el) => (el.closest('dialog') as HTMLDialogElement | null)?.close()}>
                    {t('returns.confirm.yes')}
                  </button>
                </ConfirmDialog>
              </div>
            </section>
          </Form>
        </>
      )}

      <section class="card section" id="order-returns">
        <h2>{t('returns.history.title')}</h2>
        {refundResult?.saved && (
          <p class="alert alert-ok" role="status" id="refund-saved">
            {t('returns.refund.saved')}
          </p>
        )}
        {exchangeResult?.exchanged && (
          <p class="alert alert-ok" role="status" id="exchange-done">
            {t('returns.exchange.done', { number: exchangeResult.exchanged })}{' '}
            <Link prefetch={false} href={`/orders/${exchangeResult.orderId}`} class="mono">
              {exchangeResult.exchanged}
            </Link>
          </p>
        )}
        {[refundResult, exchangeResult].map((v, i) =>
          v?.failed && v.error ? (
            <p key={i} class="alert alert-error" role="alert">
              {headline(t, tMaybe, v.error)} {detailLines(t, tMaybe, v.error, []).join(' / ')}
            </p>
          ) : null,
        )}
        {returns.length === 0 ? (
          <p class="muted">{t('returns.history.empty')}</p>
        ) : (
          <div class="table-wrap">
            <table id="order-returns-table">
              <thead>
                <tr>
                  <th>{t('returns.col.number')}</th>
                  <th>{t('returns.col.createdAt')}</th>
                  <th>{t('returns.col.items')}</th>
                  <th>{t('returns.col.reason')}</th>
                  <th>{t('returns.col.refund')}</th>
                  <th>{t('returns.col.exchange')}</th>
                  <th>{t('returns.col.by')}</th>
                </tr>
              </thead>
              <tbody>
                {returns.map((r) => (
                  <tr key={r.id} data-number={r.number}>
                    <td class="mono">{r.number}</td>
                    <td class="nowrap">{formatJst(r.createdAt, locale)}</td>
                    <td class="small">
                      {r.lines.map((l) => (
                        <div key={l.lineNo} class="nowrap">
                          <span class="mono">{l.sku}</span> <span>×{l.quantity}</span>{' '}
                          {l.sellable > 0 ? (
                            <span class={l.restocked ? 'badge badge-ok' : 'badge badge-warn'}>
                              {t('returns.col.sellable')} {l.sellable} · {l.restocked ? t('returns.restocked') : t('returns.notRestocked')}
                            </span>
                          ) : (
                            <span class="badge">{t('returns.defectiveOnly')}</span>
                          )}
                        </div>
                      ))}
                      {r.note && <div class="muted pre">{r.note}</div>}
                    </td>
                    <td>{t(`returns.reason.${r.reason}` as MessageKey)}</td>
                    <td>
                      <span class={refundBadge(r.refund.status)}>{t(`returns.refund.${r.refund.status}` as MessageKey)}</span> <span class="num">{formatYen(r.refund.amount)}</span>
                      {canWrite && (
                        <Form action={refund} class="inline-form" id={`refund-form-${r.id}`}>
                          <input type="hidden" name="_csrf" value={csrf} />
                          <input type="hidden" name="returnId" value={r.id} />
                          <select name="refundStatus" aria-label={`${t('returns.refund.status')} ${r.number}`}>
                            {REFUND_STATUSES.map((s) => (
                              <option key={s} value={s} selected={r.refund.status === s}>
                                {t(`returns.refund.${s}` as MessageKey)}
                              </option>
                            ))}
                          </select>
                          <input type="number" name="refundAmount" min={0} value={String(r.refund.amount)} class="input-small" aria-label={`${t('returns.refund.amount')} ${r.number}`} />
                          <button type="submit" class="btn btn-small">
                            {t('returns.refund.save')}
                          </button>
                        </Form>
                      )}
                    </td>
                    <td>
                      {r.exchangeOrderId ? (
                        <Link prefetch={false} href={`/orders/${r.exchangeOrderId}`} class="mono">
                          {r.exchangeOrderNumber ?? r.exchangeOrderId}
                        </Link>
                      ) : canWrite ? (
                        <ConfirmDialog
                          id={`exchange-${r.id}`}
                          trigger={t('returns.exchange.open')}
                          triggerClass="btn btn-small"
                          title={t('returns.exchange.title', { number: r.number })}
                          message={t('returns.exchange.message')}
                        >
                          <Form action={exchange} class="form" id={`exchange-form-${r.id}`}>
                            <input type="hidden" name="_csrf" value={csrf} />
                            <input type="hidden" name="returnId" value={r.id} />
                            <label class="field">
                              <span class="field-label">{t('returns.exchange.sku')}</span>
                              <input name="sku" required maxLength={64} class="mono" value={r.lines[0]?.sku ?? ''} />
                            </label>
                            <label class="field">
                              <span class="field-label">{t('returns.exchange.quantity')}</span>
                              <input type="number" name="quantity" required min={1} value={String(r.lines[0]?.quantity ?? 1)} />
                            </label>
                            <label class="field">
                              <span class="field-label">{t('returns.exchange.note')}</span>
                              <input name="note" maxLength={1000} />
                            </label>
                            <button type="submit" class="btn btn-primary" id={`exchange-${r.id}-yes`}>
                              {t('returns.exchange.confirm')}
                            </button>
                          </Form>
                        </ConfirmDialog>
                      ) : (
                        '—'
                      )}
                    </td>
                    <td class="small">{r.createdByName ?? r.createdBy ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <p>
          <Link prefetch={false} href={`/orders/${order.id}`}>
            ← {t('returns.backToOrder', { number: order.number })}
          </Link>
        </p>
      </section>
    </>
  );
});

export const head: DocumentHead = { title: '返品・交換' };
