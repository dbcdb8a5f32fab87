import { component$ } from '@builder.io/qwik';
import { Form, Link, routeAction$, type DocumentHead } from '@builder.io/qwik-city';
import { api, type ApiError } from '../../../../lib/api';
import { parseLines } from '../../../../lib/stock';
import { useMe } from '../../layout';
import { useT, useTMaybe } from '../../../../i18n';

export const useAdjust = routeAction$(async (form, ev) => {
  const mode = form.mode === 'set' ? 'set' : 'delta';
  const reason = String(form.reason ?? '').trim();
  const items = parseLines(String(form.lines ?? '')).map(([sku, qty, location]) => ({
    sku,
    quantity: /^[+-]?\d+$/.test(qty ?? '') ? Number(qty) : NaN,
    ...(location ? { location } : {}),
    mode,
    reason,
  }));
  const kind = form.stocktake === 'true' ? 'stocktake' : 'adjust';
  const r = await api<{ items: unknown[] }>(ev, '/stock/adjustments', { method: 'POST', csrf: String(form._csrf ?? ''), body: { items, kind } });
  if (!r.ok) return ev.fail(r.status, { error: r.error, lines: String(form.lines ?? '') });
  return { applied: r.data.items.length };
});

export default component$(() => {
  const t = useT();
  const tMaybe = useTMaybe();
  const me = useMe();
  const adjust = useAdjust();
  const v = adjust.value as { failed?: boolean; error?: ApiError; lines?: string; applied?: number } | undefined;
  const details = (v?.failed && Array.isArray(v.error?.details) ? v.error!.details : []) as { field?: string; message: string; code?: string }[];
  return (
    <>
      <p class="crumbs">
        <Link prefetch={false} href="/stock">{t('stock.title')}</Link> ›
      </p>
      <h1 class="page-title">{t('stock.adjust.title')}</h1>
      <section class="card">
        <p class="hint">{t('stock.adjust.help')}</p>
        {v && !v.failed && <p class="alert alert-ok">{t('stock.adjust.done', { n: v.applied ?? 0 })}</p>}
        {v?.failed && (
          <div class="alert alert-error" role="alert">
            <p>{v.error?.message}</p>
            <ul>
              {details.map((d, i) => (
                <li key={i}>
                  {d.field?.replace(/^items\.(\d+)\..*$/, (_, n) => `${t('stock.import.line')} ${Number(n) + 1}: `)} {(d.code && tMaybe(`stock.problem.${d.code}`)) ?? d.message}
                </li>
              ))}
            </ul>
          </div>
        )}
        <Form action={adjust} class="form" id="adjust-form">
          <input type="hidden" name="_csrf" value={me.value.me?.csrfToken ?? ''} />
          <fieldset class="inline-form">
            <legend>{t('stock.adjust.mode')}</legend>
            <label class="checkbox">
              <input type="radio" name="mode" value="delta" checked /> {t('stock.adjust.mode.delta')}
            </label>
            <label class="checkbox">
              <input type="radio" name="mode" value="set" /> {t('stock.adjust.mode.set')}
            </label>
          </fieldset>
          <label>
            {t('stock.adjust.rows')}
            <textarea name="lines" rows={8} class="mono" required placeholder="TSHIRT-RED-M,10&#10;TOTE-BAG,-2,default">
              {v?.failed ? v.lines : ''}
            </textarea>
          </label>
          <label class="checkbox">
            <input type="checkbox" name="stocktake" value="true" /> {t('stock.adjust.stocktake')}
          </label>
          <label>
            {t('stock.adjust.reason')}
            <input name="reason" required maxLength={200} placeholder="入荷 / 破損 / 棚卸差異" />
          </label>
          <div class="actions">
            <button type="submit" class="btn btn-primary">
              {t('stock.adjust.submit')}
            </button>
          </div>
        </Form>
      </section>
    </>
  );
});

export const head: DocumentHead = { title: '在庫調整' };
