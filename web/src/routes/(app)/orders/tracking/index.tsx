import { component$ } from '@builder.io/qwik';
import { Form, Link, routeAction$, type DocumentHead } from '@builder.io/qwik-city';
import { apiUpload, type ApiError } from '../../../../lib/api';
import { useMe } from '../../layout';
import { useT } from '../../../../i18n';

interface Report {
  rows: number;
  shipped: number;
  updated: number;
  unchanged: number;
  problems: { line: number; orderRef: string | null; code: string; message: string }[];
}

/** 追跡番号の取込: the carrier software's result CSV, matched to orders; ready orders ship. */
export const useImportTracking = routeAction$(async (form, ev) => {
  const file = form.file as unknown as File | undefined;
  if (!file || typeof file === 'string' || !file.size) return ev.fail(400, { error: { code: 'missing_file', message: 'Choose a CSV file' } as ApiError });
  const carrier = String(form.carrier ?? 'yamato_b2');
  const encoding = form.encoding === 'utf-8' ? 'utf-8' : 'shift_jis';
  const r = await apiUpload<Report>(ev, `/orders/import/tracking?carrier=${encodeURIComponent(carrier)}&encoding=${encoding}`, {
    method: 'POST',
    csrf: String(form._csrf ?? ''),
    contentType: 'text/csv',
    body: await file.arrayBuffer(),
  });
  if (!r.ok) return ev.fail(r.status, { error: r.error });
  return { report: r.data };
});

export default component$(() => {
  const t = useT();
  const me = useMe();
  const action = useImportTracking();
  const v = action.value as { failed?: boolean; error?: ApiError; report?: Report } | undefined;
  return (
    <>
      <p class="crumbs">
        <Link prefetch={false} href="/orders">{t('orders.title')}</Link> ›
      </p>
      <h1 class="page-title">{t('orders.tracking.title')}</h1>
      <section class="card">
        <p class="hint">{t('orders.tracking.help')}</p>
        {v?.failed && <p class="alert alert-error">{v.error?.message}</p>}
        <Form action={action} class="form" id="tracking-form" enctype="multipart/form-data">
          <input type="hidden" name="_csrf" value={me.value.me?.csrfToken ?? ''} />
          <div class="form-grid">
            <label>
              {t('orders.tracking.carrier')}
              <select name="carrier">
                <option value="yamato_b2">{t('orders.carrierFile.yamato_b2')}</option>
                <option value="sagawa_ehiden2">{t('orders.carrierFile.sagawa_ehiden2')}</option>
                <option value="japanpost_yupri">{t('orders.carrierFile.japanpost_yupri')}</option>
              </select>
            </label>
            <label>
              {t('stock.import.encoding')}
              <select name="encoding">
                <option value="shift_jis">Shift_JIS</option>
                <option value="utf-8">UTF-8</option>
              </select>
            </label>
            <label>
              {t('orders.tracking.file')}
              <input type="file" name="file" accept=".csv,text/csv" required />
            </label>
          </div>
          <div class="actions">
            <button type="submit" class="btn btn-primary" disabled={action.isRunning}>
              {action.isRunning ? t('common.loading') : t('orders.tracking.submit')}
            </button>
          </div>
        </Form>
        {v?.report && (
          <>
            <p class={v.report.problems.length ? 'alert alert-warn' : 'alert alert-ok'} id="tracking-result">
              {t('orders.tracking.result', { rows: v.report.rows, shipped: v.report.shipped, updated: v.report.updated, unchanged: v.report.unchanged })}
            </p>
            {v.report.problems.length > 0 && (
              <div class="table-wrap">
                <table>
                  <thead>
                    <tr>
                      <th class="num">{t('stock.import.line')}</th>
                      <th>{t('orders.col.number')}</th>
                      <th>{t('stock.import.message')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {v.report.problems.map((p, i) => (
                      <tr key={i}>
                        <td class="num">{p.line}</td>
                        <td class="mono">{p.orderRef}</td>
                        <td>{p.message}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </>
        )}
      </section>
    </>
  );
});

export const head: DocumentHead = { title: '追跡番号の取込' };
