import { $, component$, useOnWindow, useStore, useStyles$ } from '@builder.io/qwik';
import { Link } from '@builder.io/qwik-city';
import { useT, type MessageKey } from '../../i18n';
import { CARRIER_OF, fieldLabel, problemText, type CarrierLayoutId, type CarrierProblem } from '../../lib/carriers';
import styles from './carrier-export.css?inline';

/**
 * 送り状ファイルの出力: the order list's export, checked first. Given the
 * checked orders and the chosen carrier file, the dialog asks the API what the
 * carrier would refuse (GET /orders/export/shipping/check) and lists every
 * problem by order number and field, with a link to fix it (the order page,
 * or the carrier settings for what every row shares) and 「問題を修正して再チェック」.
 * Only when there is none does it offer the download; the file is fetched
 * (so a 422 from a change in between shows its problems here rather than a
 * JSON page) and saved under the name the API gives.
 *
 * Opened from anywhere on the page with openCarrierExport(ids, carrier): a
 * window event, so the list's button needs no signal of this component.
 */

export const CARRIER_EXPORT_EVENT = 'kuracarrierexport';
const DIALOG_ID = 'carrier-export-dialog';

/** Opens the export dialog for these orders and this carrier file (yamato_b2, sagawa_ehiden2, japanpost_yupri). */
export const openCarrierExport = (ids: string[], carrier: string) => {
  window.dispatchEvent(new CustomEvent(CARRIER_EXPORT_EVENT, { detail: { ids, carrier } }));
};

interface ExportState {
  phase: 'idle' | 'checking' | 'done' | 'failed' | 'downloading';
  carrier: string;
  ids: string[];
  problems: CarrierProblem[];
  /** a refusal of the check itself (order_closed, not_found, …) or "network" */
  error: { code: string; message: string; numbers: string[] } | null;
}

interface ApiErrorBody {
  error?: { code?: string; message?: string; details?: unknown };
}

const query = (s: ExportState) => `carrier=${encodeURIComponent(s.carrier)}&ids=${s.ids.map(encodeURIComponent).join(',')}`;

const failure = (status: number, body: ApiErrorBody | null): ExportState['error'] => {
  const e = body?.error;
  const details = Array.isArray(e?.details) ? (e.details as { number?: unknown }[]) : [];
  return {
    code: e?.code ?? `http_${status}`,
    message: e?.message ?? String(status),
    numbers: details.map((d) => (typeof d?.number === 'string' ? d.number : '')).filter(Boolean),
  };
};

/** Fields the carrier settings hold (the rest are the order's). */
const SETTINGS_FIELD = /^(shipper|yamato|sagawa|japanpost)\./;

const ERRORS: Record<string, MessageKey> = {
  order_closed: 'carrier.export.error.order_closed',
  not_found: 'carrier.export.error.not_found',
  validation_error: 'carrier.export.error.validation_error',
  forbidden: 'carrier.export.error.forbidden',
  network: 'carrier.export.error.network',
};

export const CarrierExport = component$(() => {
  useStyles$(styles);
  const t = useT();
  const state = useStore<ExportState>({ phase: 'idle', carrier: '', ids: [], problems: [], error: null }, { deep: true });

  const check = $(async () => {
    state.phase = 'checking';
    state.problems = [];
    state.error = null;
    try {
      const r = await fetch(`/api/v1/orders/export/shipping/check?${query(state)}`, { headers: { accept: 'application/json' }, credentials: 'same-origin' });
      const body = (await r.json().catch(() => null)) as ({ ok: boolean; problems: CarrierProblem[] } & ApiErrorBody) | null;
      if (r.ok && body) {
        state.problems = body.problems;
        state.phase = 'done';
      } else {
        state.error = failure(r.status, body);
        state.phase = 'failed';
      }
    } catch {
      state.error = { code: 'network', message: '', numbers: [] };
      state.phase = 'failed';
    }
  });

  const download = $(async () => {
    state.phase = 'downloading';
    try {
      const r = await fetch(`/api/v1/orders/export/shipping?${query(state)}`, { credentials: 'same-origin' });
      if (r.ok) {
        const name = /filename="([^"]+)"/.exec(r.headers.get('content-disposition') ?? '')?.[1] ?? `${state.carrier}.csv`;
        const url = URL.createObjectURL(await r.blob());
        const a = document.createElement('a');
        a.href = url;
        a.download = name;
        document.body.appendChild(a);
        a.click();
        a.remove();
        setTimeout(() => URL.revokeObjectURL(url), 10_000);
        state.phase = 'done';
        (document.getElementById(DIALOG_ID) as HTMLDialogElement | null)?.close();
        return;
      }
      const body = (await r.json().catch(() => null)) as ApiErrorBody | null;
      // the orders or the settings changed since the check: show what the export found
      if (r.status === 422 && body?.error?.code === 'carrier_file_invalid' && Array.isArray(body.error.details)) {
        state.problems = body.error.details as CarrierProblem[];
        state.phase = 'done';
      } else {
        state.error = failure(r.status, body);
        state.phase = 'failed';
      }
    } catch {
      state.error = { code: 'network', message: '', numbers: [] };
      state.phase = 'failed';
    }
  });

  useOnWindow(
    CARRIER_EXPORT_EVENT,
    $(async (ev: Event) => {
      const d = (ev as CustomEvent<{ ids?: unknown; carrier?: unknown }>).detail;
      if (!d || !Array.isArray(d.ids) || d.ids.length === 0 || typeof d.carrier !== 'string') return;
      state.ids = d.ids.filter((x): x is string => typeof x === 'string');
      state.carrier = d.carrier;
      (document.getElementById(DIALOG_ID) as HTMLDialogElement | null)?.showModal();
      await check();
    }),
  );

  const code = CARRIER_OF[state.carrier as CarrierLayoutId] as string | undefined;
  const carrierName = code ? t(`carrier.name.${code}` as MessageKey) : state.carrier;
  const settingsHref = code ? `/settings/carriers#carrier-${code}` : '/settings/carriers';
  const shared = state.problems.filter((p) => p.orderId === null);
  const perOrder = state.problems.filter((p) => p.orderId !== null);
  const e = state.error;
  const errorMessage = e
    ? ERRORS[e.code]
      ? t(ERRORS[e.code], { numbers: e.numbers.slice(0, 20).join(', ') + (e.numbers.length > 20 ? ', …' : '') })
      : t('carrier.export.error.other', { message: e.message })
    : null;
  const busy = state.phase === 'checking' || state.phase === 'downloading';
  const clean = state.phase === 'done' && state.problems.length === 0;

  return (
    <dialog id={DIALOG_ID} class="confirm-dialog carrier-export" aria-labelledby={`${DIALOG_ID}-title`}>
      <h2 id={`${DIALOG_ID}-title`}>{t('carrier.export.title', { carrier: carrierName })}</h2>
      <p class="muted small">{t('carrier.export.count', { n: state.ids.length })}</p>
      <div aria-live="polite" id="carrier-export-status">
        {busy && <p>{t('carrier.export.checking')}</p>}
        {errorMessage && (
          <p class="alert alert-error" role="alert">
            {errorMessage}
          </p>
        )}
        {clean && <p class="alert alert-ok">{t('carrier.export.ok')}</p>}
        {state.phase === 'done' && state.problems.length > 0 && <p class="alert alert-warn">{t('carrier.export.found', { n: state.problems.length })}</p>}
      </div>
      {state.phase === 'done' && state.problems.length > 0 && (
        <div class="table-wrap carrier-export-problems">
          <table id="carrier-export-problems">
            <thead>
              <tr>
                <th scope="col">{t('carrier.export.order')}</th>
                <th scope="col">{t('carrier.export.field')}</th>
                <th scope="col">{t('carrier.export.why')}</th>
                <th scope="col"></th>
              </tr>
            </thead>
            <tbody>
              {shared.map((p, i) => (
                <tr key={`s${i}`} class="carrier-export-shared" data-field={p.field} data-code={p.code}>
                  <td>{t('carrier.export.settingsGroup')}</td>
                  <td>{fieldLabel(t, p.field)}</td>
                  <td>{problemText(t, p)}</td>
                  <td>
                    <Link prefetch={false} href={settingsHref} target="_blank">
                      {t('carrier.export.fixSettings')}
                    </Link>
                  </td>
                </tr>
              ))}
              {perOrder.map((p, i) => (
                <tr key={`o${i}`} data-order={p.orderId} data-field={p.field} data-code={p.code}>
                  <td class="mono">{p.number}</td>
                  <td>{fieldLabel(t, p.field)}</td>
                  <td>{problemText(t, p)}</td>
                  <td>
                    {SETTINGS_FIELD.test(p.field) ? (
                      <Link prefetch={false} href={settingsHref} target="_blank">
                        {t('carrier.export.fixSettings')}
                      </Link>
                    ) : (
                      <Link prefetch={false} href={`/orders/${p.orderId}`} target="_blank">
                        {t('carrier.export.fixOrder')}
                      </Link>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div class="carrier-export-actions">
        {clean ? (
          <button type="button" class="btn btn-primary" id="carrier-export-download" disabled={busy} onClick$={download}>
            {t('carrier.export.download')}
          </button>
        ) : (
          <button type="button" class="btn btn-primary" id="carrier-export-recheck" disabled={busy || state.phase === 'idle'} onClick$={check}>
            {t('carrier.export.recheck')}
          </button>
        )}
        <button type="button" class="btn" id="carrier-export-close" onClick$={() => (document.getElementById(DIALOG_ID) as HTMLDialogElement | null)?.close()}>
          {t('carrier.export.close')}
        </button>
      </div>
    </dialog>
  );
});
