import { component$, getLocale, useStyles$ } from '@builder.io/qwik';
import { Link, routeLoader$, type DocumentHead } from '@builder.io/qwik-city';
import { api } from '../../../../lib/api';
import { formatJst } from '../../../../lib/format';
import { statusBadge, type OrderStatus } from '../../../../lib/orders';
import { toLocale, translate, useLocale, useT, type MessageKey } from '../../../../i18n';
import { normaliseScan } from '../../../../../../worker/orders/packing';
import packingStyles from '../../../../components/orders/packing.css?inline';

/**
 * 検品: which order. The packer scans (or types) Kura's order number
 * (K000123) or the store's order number and Enter; one order with exactly
 * that number opens its packing check at once. Several (the same store
 * number from two malls) are listed to choose from; when no number matches,
 * the orders the search finds by name, phone or SKU are offered instead.
 * A plain GET form: Enter from the scanner submits it, with or without JS.
 */

interface Found {
  id: string;
  number: string;
  externalId: string;
  status: OrderStatus;
  shipTo: string;
  orderedAt: string;
}

type Outcome = 'empty' | 'several' | 'candidates' | 'notFound' | 'failed';

export const usePackEntry = routeLoader$(async (ev): Promise<{ q: string; outcome: Outcome; items: Found[] }> => {
  const typed = normaliseScan(ev.query.get('q') ?? '').slice(0, 100);
  if (!typed) return { q: '', outcome: 'empty', items: [] };
  // an order number as Kura prints it: K and digits, whatever the case it was typed in
  const q = /^k\d+$/i.test(typed) ? typed.toUpperCase() : typed;
  const r = await api<{ items: { id: string; number: string; externalId: string; status: OrderStatus; shipTo: { name: string }; orderedAt: string }[] }>(ev, '/orders', {
    query: { q, limit: 100 },
  });
  if (!r.ok) {
    ev.status(r.status);
    return { q, outcome: 'failed', items: [] };
  }
  const items = r.data.items.map((o) => ({ id: o.id, number: o.number, externalId: o.externalId, status: o.status, shipTo: o.shipTo.name, orderedAt: o.orderedAt }));
  const exact = items.filter((o) => o.number === q || o.externalId === q);
  if (exact.length === 1) throw ev.redirect(302, `/orders/${encodeURIComponent(exact[0].id)}/pack`);
  if (exact.length > 1) return { q, outcome: 'several', items: exact };
  return { q, outcome: items.length ? 'candidates' : 'notFound', items: items.slice(0, 10) };
});

export default component$(() => {
  useStyles$(packingStyles);
  const t = useT();
  const locale = useLocale();
  const entry = usePackEntry();
  const { q, outcome, items } = entry.value;
  return (
    <div class="packing packing-entry">
      <p class="crumbs">
        <Link prefetch={false} href="/orders">
          {t('orders.title')}
        </Link>{' '}
        ›
      </p>
      <h1 class="page-title">{t('packing.entry.title')}</h1>
      <form method="get" action="/orders/pack" id="pack-entry-form">
        <label class="field">
          {t('packing.entry.label')}
          <input
            name="q"
            id="pack-entry"
            type="text"
            class="packing-input mono"
            autoFocus
            required
            maxLength={100}
            autoComplete="off"
            autoCapitalize="off"
            spellcheck={false}
            enterKeyHint="go"
            placeholder={t('packing.entry.placeholder')}
            aria-describedby="pack-entry-hint"
          />
        </label>
        <button type="submit" class="btn btn-primary">
          {t('packing.entry.open')}
        </button>
      </form>
      <p class="packing-hint" id="pack-entry-hint">
        {t('packing.entry.hint')}
      </p>

      {outcome === 'failed' && (
        <p class="alert alert-error" role="alert" id="pack-entry-error">
          {t('packing.entry.failed')}
        </p>
      )}
      {outcome === 'notFound' && (
        <p class="alert alert-warn" role="alert" id="pack-entry-none">
          {t('packing.entry.notFound', { q })}
        </p>
      )}
      {(outcome === 'several' || outcome === 'candidates') && (
        <section class="section">
          <p class="alert alert-warn" role="alert" id="pack-entry-choose">
            {t(outcome === 'several' ? 'packing.entry.several' : 'packing.entry.candidates', { q })}
          </p>
          <div class="table-wrap">
            <table id="pack-entry-orders">
              <thead>
                <tr>
                  <th>{t('packing.orderNumber')}</th>
                  <th>{t('packing.externalId')}</th>
                  <th>{t('packing.shipTo')}</th>
                  <th>{t('orders.col.status')}</th>
                  <th>{t('orders.col.orderedAt')}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((o) => (
                  <tr key={o.id} data-number={o.number}>
                    <td>
                      <Link prefetch={false} href={`/orders/${o.id}/pack`} class="mono">
                        {o.number}
                      </Link>
                    </td>
                    <td class="mono">{o.externalId}</td>
                    <td>{o.shipTo}</td>
                    <td>
                      <span class={statusBadge(o.status)}>{t(`orders.status.${o.status}` as MessageKey)}</span>
                    </td>
                    <td>{formatJst(o.orderedAt, locale)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
    </div>
  );
});

export const head: DocumentHead = ({ withLocale }) => ({
  title: withLocale(() => translate(toLocale(getLocale('ja')), 'packing.entry.title')),
});
