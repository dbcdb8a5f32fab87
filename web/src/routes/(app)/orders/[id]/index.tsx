import { component$ } from '@builder.io/qwik';
import { Form, Link, routeAction$, routeLoader$, type DocumentHead, type RequestEventAction } from '@builder.io/qwik-city';
import { channelLabel, loadChannelNames } from '../../../../lib/channel-names';
import { api, type ApiError } from '../../../../lib/api';
import { formatJst, formatYen } from '../../../../lib/format';
import { ORDER_STATUSES, statusBadge, type OrderView } from '../../../../lib/orders';
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

/** The store's name for the header (orders keep the channel's id). */
export const useChannelNames = routeLoader$((ev) => loadChannelNames(ev));

/** Posts one order action to the API; each routeAction$ below must be its own top-level call (Qwik gives each its id). */
const runAction = async (ev: RequestEventAction, path: 'transition' | 'cancel' | 'ship', form: Record<string, unknown>) => {
  const body: Record<string, unknown> = {};
  if (path === 'transition') body.to = String(form.to ?? '');
  if (path === 'ship') Object.assign(body, { carrier: String(form.carrier ?? ''), trackingNumber: String(form.trackingNumber ?? '').trim() });
  const r = await api(ev, `/orders/${encodeURIComponent(ev.params.id)}/${path}`, {
    method: 'POST',
    csrf: String(form._csrf ?? ''),
    body: path === 'cancel' ? undefined : body,
  });
  if (!r.ok) return ev.fail(r.status, { error: r.error });
  return { done: path };
};

export const useMarkPaid = routeAction$(async (form, ev) => {
  const r = await api(ev, `/orders/${encodeURIComponent(ev.params.id)}`, { method: 'PATCH', csrf: String(form._csrf ?? ''), body: { payment: { paid: true } } });
  if (!r.ok) return ev.fail(r.status, { error: r.error });
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
  if (!r.ok) return ev.fail(r.status, { error: r.error });
  return { done: 'flags' };
});

export const useTransition = routeAction$((form, ev) => runAction(ev, 'transition', form));
export const useCancel = routeAction$((form, ev) => runAction(ev, 'cancel', form));
export const useShip = routeAction$((form, ev) => runAction(ev, 'ship', form));

export default component$(() => {
  const t = useT();
  const tMaybe = useTMaybe();
  const locale = useLocale();
  const order = useOrder();
  const channelNames = useChannelNames();
  const me = useMe();
  const move = useTransition();
  const cancel = useCancel();
  const ship = useShip();
  const markPaid = useMarkPaid();
  const flags = useFlags();
  const csrf = me.value.me?.csrfToken ?? '';
  const o = order.value;
  if (!o) return <p class="alert alert-error">{t('error.notFound')}</p>;
  const failure = [move, cancel, ship, markPaid, flags].map((a) => a.value as { failed?: boolean; error?: ApiError } | undefined).find((v) => v?.failed);
  const open = !['shipped', 'cancelled'].includes(o.status);
  return (
    <>
      <p class="crumbs">
        <Link prefetch={false} href="/orders">{t('orders.title')}</Link> ›
      </p>
      <div class="page-head">
        <h1 class="page-title">
          <span class="mono">{o.number}</span> <span class={statusBadge(o.status)} id="order-status">{t(`orders.status.${o.status}` as MessageKey)}</span>
          {o.stockWarning && <span class="badge badge-err">{t('orders.stockWarning')}</span>}
        </h1>
        <span class="muted">
          <span>{channelLabel(channelNames.value, o.channelId, t('orders.channel.manual'))}</span> / <span class="mono">{o.externalId}</span> · <span>{formatJst(o.orderedAt, locale)}</span>
        </span>
        <Link prefetch={false} href={`/orders/${o.id}/slip`} class="btn btn-small" id="order-slip" style="margin-left:auto">
          {t('slip.link')}
        </Link>
      </div>
      {failure && (
        <p class="alert alert-error" role="alert">
          {failure.error?.message}
        </p>
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
            <span>{tMaybe(`orders.payment.${o.payment.method}`) ?? o.payment.method}</span>{' '}
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

      {open && (
        <section class="card section" id="order-actions">
          <h2>{t('orders.detail.actions')}</h2>
          <div class="action-row">
            <Form action={move} class="inline-form" id="transition-form">
              <input type="hidden" name="_csrf" value={csrf} />
              <label class="field">
                {t('orders.detail.moveTo')}
                <select name="to">
                  {ORDER_STATUSES.filter((s) => s !== o.status && s !== 'shipped' && s !== 'cancelled').map((s) => (
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
          <Form action={cancel} class="danger-zone">
            <input type="hidden" name="_csrf" value={csrf} />
            <button type="submit" class="btn btn-danger" id="cancel-order">
              {t('orders.detail.cancel')}
            </button>
          </Form>
        </section>
      )}

      <section class="card section">
        <h2>{t('orders.detail.history')}</h2>
        <ul class="timeline" id="order-history">
          {o.events.map((e) => (
            <li key={e.id}>
              <span class="muted nowrap">{formatJst(e.at, locale)}</span>
              <span>
                {tMaybe(`orders.event.${e.kind}`) ?? e.kind}
                {e.kind === 'status' && (e.detail as { from: string; to: string } | null) && (
                  <>
                    : {t(`orders.status.${(e.detail as { from: string }).from}` as MessageKey)} → {t(`orders.status.${(e.detail as { to: string }).to}` as MessageKey)}
                  </>
                )}
              </span>
              <span class="muted small" title={e.actor ?? ''}>
                {e.actorName ?? (e.actor ? (tMaybe(`orders.actor.${e.actor}`) ?? e.actor) : '')}
              </span>
            </li>
          ))}
        </ul>
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
