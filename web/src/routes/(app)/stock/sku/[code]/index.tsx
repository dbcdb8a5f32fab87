import { component$ } from '@builder.io/qwik';
import { Form, Link, routeAction$, routeLoader$, type DocumentHead } from '@builder.io/qwik-city';
import { api } from '../../../../../lib/api';
import { skuBodyFromForm } from '../../../../../lib/sku-form-data';
import type { LedgerView, SkuView } from '../../../../../lib/stock';
import type { SkuStoreFigure } from '../../../../../lib/channels';
import { formatJst } from '../../../../../lib/format';
import { useMe } from '../../../layout';
import { useLocale, useT, useTMaybe, type MessageKey } from '../../../../../i18n';
import { SkuForm } from '../../../../../components/stock/sku-form';
import { ConfirmDialog } from '../../../../../components/kit/confirm-dialog';
import { can } from '../../../../../lib/permissions';

export const useSku = routeLoader$(async (ev) => {
  const code = ev.params.code;
  const path = encodeURIComponent(code);
  const [sku, stock, reservations, ledger] = await Promise.all([
    api<{ sku: SkuView }>(ev, `/skus/${path}`),
    api<{ channels: SkuStoreFigure[] }>(ev, `/stock/${path}`),
    api<{ items: { reference: string; order: { id: string; number: string } | null; channelId: string | null; quantity: number; createdAt: string }[] }>(ev, '/stock/reservations', {
      query: { sku: code },
    }),
    api<{ items: LedgerView[]; nextCursor: string | null }>(ev, `/stock/${path}/ledger`, { query: { cursor: ev.query.get('ledgerCursor'), limit: 50 } }),
  ]);
  if (!sku.ok) {
    ev.status(sku.status);
    return null;
  }
  return {
    sku: sku.data.sku,
    channels: stock.ok ? stock.data.channels : [],
    reservations: reservations.ok ? reservations.data.items : [],
    ledger: ledger.ok ? ledger.data : { items: [], nextCursor: null },
    created: ev.query.get('created') === '1',
  };
});

export const useUpdateSku = routeAction$(async (form, ev) => {
  const r = await api(ev, `/skus/${encodeURIComponent(ev.params.code)}`, { method: 'PATCH', csrf: String(form._csrf ?? ''), body: skuBodyFromForm(form, 'update') });
  if (!r.ok) return ev.fail(r.status, { error: r.error });
  return { saved: true };
});

export const useDeleteSku = routeAction$(async (form, ev) => {
  const r = await api(ev, `/skus/${encodeURIComponent(ev.params.code)}`, { method: 'DELETE', csrf: String(form._csrf ?? '') });
  if (!r.ok) return ev.fail(r.status, { error: r.error });
  throw ev.redirect(302, '/stock');
});

export default component$(() => {
  const t = useT();
  const tMaybe = useTMaybe();
  const locale = useLocale();
  const data = useSku();
  const me = useMe();
  const update = useUpdateSku();
  const del = useDeleteSku();
  const csrf = me.value.me?.csrfToken ?? '';
  // 権限 (GET /me): the ledger CSV needs export; adjusting this SKU's stock needs stock_adjust (a viewer never writes)
  const mayExport = can(me.value.me, 'export');
  const mayAdjust = !!me.value.me && me.value.me.user.role !== 'viewer' && can(me.value.me, 'stock_adjust');
  if (!data.value) {
    return <p class="alert alert-error">{t('error.notFound')}</p>;
  }
  const { sku, reservations, ledger, channels } = data.value;
  const kindLabel = (k: string) => t(`stock.kind.${k}` as MessageKey);
  const signed = (n: number) => (n > 0 ? `+${n}` : String(n));
  // who acted, for people: the name the API gives, a system actor's name, never a raw user or token id
  const actorText = (actor: string | null, actorName: string | null) =>
    actorName ?? (actor ? (tMaybe(`orders.actor.${actor}`) ?? (actor.startsWith('system:') ? t('stock.ledger.systemActor') : '—')) : '—');
  return (
    <>
      <p class="crumbs">
        <Link prefetch={false} href="/stock">{t('stock.title')}</Link> ›
      </p>
      <div class="page-head">
        <h1 class="page-title">
          <span class="mono">{sku.code}</span> {sku.name}
          {sku.isSet && <span class="badge">{t('stock.badge.set')}</span>}
        </h1>
      </div>
      {data.value.created && <p class="alert alert-ok">{t('stock.form.created')}</p>}
      {update.value && !update.value.failed && <p class="alert alert-ok">{t('stock.form.saved')}</p>}
      {del.value?.failed && <p class="alert alert-error">{(del.value as { error: { message: string } }).error.message}</p>}

      <div class="stat-row" id="stock-figures">
        <div class="stat">
          <span>{t('stock.col.onHand')}</span>
          <strong>{sku.onHand}</strong>
        </div>
        <div class="stat">
          <span>{t('stock.col.reserved')}</span>
          <strong>{sku.reserved}</strong>
        </div>
        <div class="stat stat-main">
          <span>{t('stock.col.available')}</span>
          <strong>{sku.available}</strong>
        </div>
        <div class="stat">
          <span>{t('stock.col.safety')}</span>
          <strong>{sku.safetyStock}</strong>
        </div>
        <div class="stat">
          <span>{t('stock.col.reorder')}</span>
          <strong>{sku.reorderPoint}</strong>
        </div>
      </div>

      <div class="two-col">
        <section class="card section">
          <h2>{sku.isSet ? t('stock.detail.setOf') : t('stock.detail.locations')}</h2>
          {sku.isSet ? (
            <table>
              <tbody>
                {sku.components.map((c) => (
                  <tr key={c.sku}>
                    <td>
                      <Link prefetch={false} href={`/stock/sku/${encodeURIComponent(c.sku)}`} class="mono">
                        {c.sku}
                      </Link>
                    </td>
                    <td class="num">× {c.quantity}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <table>
              <thead>
                <tr>
                  <th>{t('stock.col.location')}</th>
                  <th class="num">{t('stock.col.onHand')}</th>
                  <th class="num">{t('stock.col.reserved')}</th>
                </tr>
              </thead>
              <tbody>
                {sku.locations.map((l) => (
                  <tr key={l.location}>
                    <td>{l.location}</td>
                    <td class="num">{l.onHand}</td>
                    <td class="num">{l.reserved}</td>
                  </tr>
                ))}
                {sku.locations.length === 0 && (
                  <tr>
                    <td colSpan={3} class="muted">
                      {t('common.none')}
                    </td>
                  </tr>
                )}
              </tbody>
            </table>
          )}
        </section>
        <section class="card section">
          <h2>{t('stock.detail.reservations')}</h2>
          <table id="reservations-table">
            {reservations.length > 0 && (
              <thead>
                <tr>
                  <th>{t('stock.reservations.order')}</th>
                  <th class="num">{t('stock.reservations.quantity')}</th>
                  <th>{t('stock.reservations.at')}</th>
                </tr>
              </thead>
            )}
            <tbody>
              {reservations.map((r) => (
                <tr key={r.reference}>
                  <td>
                    {r.order ? (
                      <Link prefetch={false} href={`/orders/${r.order.id}`} class="mono">
                        {r.order.number}
                      </Link>
                    ) : (
                      <span class="mono">{r.reference}</span>
                    )}
                  </td>
                  <td class="num">{r.quantity}</td>
                  <td class="muted">{formatJst(r.createdAt, locale)}</td>
                </tr>
              ))}
              {reservations.length === 0 && (
                <tr>
                  <td class="muted">{t('common.none')}</td>
                </tr>
              )}
            </tbody>
          </table>
        </section>
      </div>

      <section class="section" id="store-stock">
        <h2>{t('channels.sku.title')}</h2>
        {channels.length === 0 ? (
          <p class="muted card">{t('channels.sku.none')}</p>
        ) : (
          <div class="table-wrap">
            <table id="store-stock-table">
              <thead>
                <tr>
                  <th>{t('channels.sku.store')}</th>
                  <th class="num">{t('channels.col.intended')}</th>
                  <th class="num">{t('channels.col.pushed')}</th>
                  <th class="num">{t('channels.col.confirmed')}</th>
                  <th>{t('channels.col.state')}</th>
                </tr>
              </thead>
              <tbody>
                {channels.map((ch) => (
                  <tr key={ch.channelId} data-channel={ch.channelId}>
                    <td>
                      <Link prefetch={false} href={`/channels/${encodeURIComponent(ch.channelId)}`}>{ch.name}</Link> <span class={`mall mall-${ch.type}`}>{t(`channels.type.${ch.type}` as MessageKey)}</span>
                      <div class="small muted mono">
                        {ch.remoteId}
                        {ch.remoteVariantId ? ` / ${ch.remoteVariantId}` : ''}
                      </div>
                    </td>
                    <td class="num">
                      <strong>{ch.published}</strong>
                    </td>
                    <td class="num">
                      {ch.pushed ?? '—'}
                      {ch.pushedAt && <div class="small muted nowrap">{formatJst(ch.pushedAt, locale)}</div>}
                    </td>
                    <td class="num">
                      <span class={{ 'text-warn': ch.drift }}>{ch.confirmed ?? '—'}</span>
                      {ch.confirmedAt && <div class="small muted nowrap">{formatJst(ch.confirmedAt, locale)}</div>}
                    </td>
                    <td>
                      <span class="badges">
                        {!ch.stockPush && <span class="badge">{t('channels.state.off')}</span>}
                        {ch.error && (
                          <span class="badge badge-err" title={ch.error}>
                            {t('channels.state.error')}
                          </span>
                        )}
                        {ch.drift && <span class="badge badge-warn">{t('channels.state.drift')}</span>}
                        {ch.stockPush && !ch.error && !ch.drift && (ch.pushed === ch.published ? <span class="badge badge-ok">{t('channels.state.ok')}</span> : <span class="badge">{t('channels.state.pending')}</span>)}
                      </span>
                      {ch.error && <div class="small text-err cell-wrap">{ch.error}</div>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section class="section">
        <div class="page-head">
          <h2>{t('stock.detail.ledger')}</h2>
          <div class="actions">
            {mayAdjust && !sku.isSet && (
              <Link prefetch={false} class="btn btn-small" href="/stock/adjust" id="sku-adjust-link">
                {t('stock.list.adjust')}
              </Link>
            )}
            {mayExport && (
              <a class="btn btn-small" href={`/api/v1/stock/${encodeURIComponent(sku.code)}/ledger?format=csv&encoding=shift_jis`} id="ledger-csv-link" download>
                {t('stock.detail.ledgerCsv')}
              </a>
            )}
          </div>
        </div>
        <div class="table-wrap">
          <table id="ledger-table">
            <thead>
              <tr>
                <th>{t('stock.ledger.at')}</th>
                <th>{t('stock.ledger.kind')}</th>
                <th>{t('stock.col.location')}</th>
                <th class="num">{t('stock.col.onHand')}</th>
                <th class="num">{t('stock.col.reserved')}</th>
                <th class="num">{t('stock.ledger.after')}</th>
                <th>{t('stock.ledger.reason')}</th>
                <th>{t('stock.ledger.reference')}</th>
                <th>{t('stock.ledger.actor')}</th>
              </tr>
            </thead>
            <tbody>
              {ledger.items.map((e) => (
                <tr key={e.seq}>
                  <td class="nowrap">{formatJst(e.at, locale)}</td>
                  <td>{kindLabel(e.kind)}</td>
                  <td>{e.location}</td>
                  <td class="num">{e.deltaOnHand ? signed(e.deltaOnHand) : ''}</td>
                  <td class="num">{e.deltaReserved ? signed(e.deltaReserved) : ''}</td>
                  <td class="num">
                    {e.onHandAfter} / {e.reservedAfter} / <strong>{e.availableAfter}</strong>
                  </td>
                  <td>{e.reason}</td>
                  <td>
                    {e.order ? (
                      <Link prefetch={false} href={`/orders/${e.order.id}`} class="mono">
                        {e.order.number}
                      </Link>
                    ) : (
                      <span class="mono">{e.reference}</span>
                    )}
                  </td>
                  <td>{actorText(e.actor, e.actorName)}</td>
                </tr>
              ))}
              {ledger.items.length === 0 && (
                <tr>
                  <td colSpan={9} class="muted">
                    {t('common.none')}
                  </td>
                </tr>
              )}
            </tbody>
          </table>
        </div>
        {ledger.nextCursor && (
          <div class="pager">
            <Link prefetch={false} class="btn btn-small" href={`?ledgerCursor=${ledger.nextCursor}`}>
              {t('common.next')} »
            </Link>
          </div>
        )}
      </section>

      <section class="card section">
        <h2>{t('stock.detail.edit')}</h2>
        <SkuForm action={update} csrf={csrf} sku={sku} submitLabel={t('common.save')} />
        <div class="danger-zone">
          <ConfirmDialog id="delete-sku" trigger={t('stock.detail.delete')} title={t('confirm.sku.title', { code: sku.code })} message={t('confirm.sku.message', { name: sku.name })}>
            <Form action={del}>
              <input type="hidden" name="_csrf" value={csrf} />
              <button type="submit" class="btn btn-danger" id="delete-sku-yes">
                {t('confirm.yes.delete')}
              </button>
            </Form>
          </ConfirmDialog>
        </div>
      </section>
    </>
  );
});

export const head: DocumentHead = { title: 'SKU' };
