import { $, component$, sync$, useSignal, useStore } from '@builder.io/qwik';
import { useT } from '../../i18n';
import { formatYen } from '../../lib/format';
import type { LineDraft } from '../../lib/order-form';

interface SkuHit {
  code: string;
  name: string;
  janCode: string | null;
  available: number;
  isSet: boolean;
  managed: boolean;
}

/**
 * The order's lines, chosen with a product picker: a search over the SKU
 * master (GET /skus?q=, code, name or JAN) showing each item's name and the
 * stock that can be reserved, so an unknown SKU can never be typed in. The
 * lines travel to the page's action as JSON in the hidden `lines` field.
 */
export const OrderLinesEditor = component$((props: { initial: LineDraft[]; error?: string }) => {
  const t = useT();
  const lines = useStore({ items: props.initial.map((l) => ({ ...l })) });
  const query = useSignal('');
  const hits = useSignal<SkuHit[]>([]);
  const state = useSignal<'idle' | 'searching' | 'done' | 'error'>('idle');
  const active = useSignal(0);
  /** answers to an older search are dropped */
  const seq = useSignal(0);

  const search = $(async (text: string) => {
    const q = text.trim();
    const mine = ++seq.value;
    if (!q) {
      hits.value = [];
      state.value = 'idle';
      return;
    }
    state.value = 'searching';
    try {
      const r = await fetch(`/api/v1/skus?limit=8&q=${encodeURIComponent(q)}`);
      if (!r.ok) throw new Error(String(r.status));
      const body = (await r.json()) as { items: SkuHit[] };
      if (mine !== seq.value) return;
      hits.value = body.items.map(({ code, name, janCode, available, isSet, managed }) => ({ code, name, janCode, available, isSet, managed }));
      active.value = 0;
      state.value = 'done';
    } catch {
      state.value = 'error';
    }
  });

  const pick = $((h: SkuHit) => {
    const same = lines.items.find((l) => l.sku === h.code);
    if (same) same.quantity += 1;
    else lines.items.push({ sku: h.code, name: h.name, quantity: 1, unitPrice: 0 });
    query.value = '';
    hits.value = [];
    state.value = 'idle';
    // the new line's price is the next thing to type
    setTimeout(() => document.querySelector<HTMLInputElement>(`#order-lines input[data-price="${h.code}"]`)?.focus(), 0);
  });

  const total = lines.items.reduce((n, l) => n + (Number(l.quantity) || 0) * (Number(l.unitPrice) || 0), 0);
  return (
    <div class="lines-editor">
      <input type="hidden" name="lines" value={JSON.stringify(lines.items)} />
      <div class="picker">
        <label class="field">
          {t('desk.picker.label')}
          <input
            type="search"
            id="product-search"
            autoComplete="off"
            role="combobox"
            aria-expanded={hits.value.length > 0}
            aria-controls="product-hits"
            placeholder={t('desk.picker.placeholder')}
            value={query.value}
            onInput$={(_, el) => {
              query.value = el.value;
              return search(el.value);
            }}
            // Enter picks the highlighted item instead of submitting the order form.
            onKeyDown$={[
              sync$((e: KeyboardEvent) => {
                if (e.key === 'Enter' || e.key === 'ArrowDown' || e.key === 'ArrowUp') e.preventDefault();
              }),
              $((e: KeyboardEvent) => {
                if (e.key === 'ArrowDown') active.value = Math.min(hits.value.length - 1, active.value + 1);
                if (e.key === 'ArrowUp') active.value = Math.max(0, active.value - 1);
                if (e.key === 'Enter' && hits.value[active.value]) return pick(hits.value[active.value]);
                if (e.key === 'Escape') hits.value = [];
              }),
            ]}
          />
        </label>
        {state.value === 'searching' && <span class="muted small">{t('desk.picker.searching')}</span>}
        {state.value === 'error' && <span class="field-error">{t('desk.picker.error')}</span>}
        {state.value === 'done' && hits.value.length === 0 && <span class="muted small">{t('desk.picker.none')}</span>}
        {hits.value.length > 0 && (
          <ul class="picker-hits" id="product-hits" role="listbox">
            {hits.value.map((h, i) => (
              <li key={h.code} role="option" aria-selected={i === active.value} class={i === active.value ? 'active' : ''} data-sku={h.code} onClick$={() => pick(h)}>
                <span class="mono">{h.code}</span>
                <span>{h.name}</span>
                {h.isSet && <span class="badge">{t('desk.picker.set')}</span>}
                <span class={h.available > 0 ? 'muted small' : 'badge badge-err'}>{t('desk.picker.available', { n: h.managed ? h.available : '∞' })}</span>
              </li>
            ))}
          </ul>
        )}
      </div>
      <div class="table-wrap">
        <table id="order-lines-edit">
          <thead>
            <tr>
              <th>{t('orders.detail.sku')}</th>
              <th>{t('stock.col.name')}</th>
              <th class="num">{t('orders.detail.qty')}</th>
              <th class="num">{t('orders.detail.price')}</th>
              <th class="num">{t('orders.detail.subtotal')}</th>
              <th />
            </tr>
          </thead>
          <tbody id="order-lines">
            {lines.items.length === 0 && (
              <tr>
                <td colSpan={6} class="muted">
                  {t('desk.lines.empty')}
                </td>
              </tr>
            )}
            {lines.items.map((l, i) => (
              <tr key={l.sku} data-sku={l.sku}>
                <td class="mono">{l.sku}</td>
                <td>{l.name}</td>
                <td class="num">
                  <input type="number" class="input-small num" min={1} max={100000} required value={l.quantity} aria-label={`${l.sku} ${t('orders.detail.qty')}`} onInput$={(_, el) => (lines.items[i].quantity = Number(el.value))} />
                </td>
                <td class="num">
                  <input type="number" class="input-small num" min={0} max={100000000} required value={l.unitPrice} data-price={l.sku} aria-label={`${l.sku} ${t('orders.detail.price')}`} onInput$={(_, el) => (lines.items[i].unitPrice = Number(el.value))} />
                </td>
                <td class="num">{formatYen((Number(l.quantity) || 0) * (Number(l.unitPrice) || 0))}</td>
                <td>
                  <button type="button" class="btn btn-small" aria-label={`${t('desk.lines.remove')} ${l.sku}`} onClick$={() => lines.items.splice(i, 1)}>
                    ×
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <td colSpan={4} class="num">
                {t('desk.lines.itemsTotal')}
              </td>
              <td class="num" id="lines-total">
                {formatYen(total)}
              </td>
              <td />
            </tr>
          </tfoot>
        </table>
      </div>
      {props.error && (
        <span class="field-error" role="alert">
          {props.error}
        </span>
      )}
    </div>
  );
});
