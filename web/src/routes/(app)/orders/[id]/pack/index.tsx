import { $, component$, getLocale, sync$, useOnDocument, useStore, useStyles$, useTask$, useVisibleTask$ } from '@builder.io/qwik';
import { Form, Link, routeAction$, routeLoader$, type DocumentHead } from '@builder.io/qwik-city';
import { api } from '../../../../../lib/api';
import { actionError, type ActionError } from '../../../../../lib/action';
import { formatJst } from '../../../../../lib/format';
import { ConfirmDialog } from '../../../../../components/kit/confirm-dialog';
import { errorText } from '../../../../../components/settings/errors';
import { useMe } from '../../../layout';
import { toLocale, translate, useLocale, useT, useTMaybe, type MessageKey } from '../../../../../i18n';
import { applyScan, emptyCounts, isComplete, isCounted, lineProgress, packingPlan, unitsOf, type PackingAnswer, type ScanResult } from '../../../../../../../worker/orders/packing';
import packingStyles from '../../../../../components/orders/packing.css?inline';

/**
 * 検品 (packing check) of one order at the packing bench: /orders/{id}/pack.
 *
 * One API read answers everything (GET /orders/{id}/packing); every scan is
 * then checked in the browser with the same pure rules the API uses
 * (worker/orders/packing.ts), so a scan never waits for the network. A USB
 * barcode reader is a keyboard: it types the code and Enter into the focused
 * field, sometimes a few milliseconds after the previous code. So:
 *
 * - the field is a plain text input outside any form: Enter never submits;
 * - Enter is taken synchronously (sync$): the code is moved out of the field
 *   into a queue on the element at once, before the next code's characters
 *   arrive, and the (lazily loaded) handler then works through the whole
 *   queue in order; a code is never split, merged, lost or counted twice;
 * - an Enter that only confirms Japanese IME input is queued when the
 *   composition ends;
 * - a key typed while nothing has the focus goes to the field.
 *
 * A wrong scan beeps (Web Audio, no audio files) and shows the reason in red;
 * the last one of a burst never hides an earlier error. A complete check is
 * recorded with POST /orders/{id}/packing, which replays the scans.
 */

type LoadError = 'notFound' | 'forbidden' | 'failed';

export const usePacking = routeLoader$(async (ev): Promise<{ error: LoadError | null; data: PackingAnswer | null }> => {
  const r = await api<PackingAnswer>(ev, `/orders/${encodeURIComponent(ev.params.id)}/packing`);
  if (!r.ok) {
    ev.status(r.status);
    return { error: r.status === 404 ? 'notFound' : r.status === 403 ? 'forbidden' : 'failed', data: null };
  }
  return { error: null, data: r.data };
});

/** Records the passed check: the scans that counted, as the page kept them. */
export const useRecordPacking = routeAction$(async (form, ev) => {
  let scans: unknown = [];
  try {
    scans = JSON.parse(String(form.scans ?? '[]'));
  } catch {
    scans = [];
  }
  const r = await api<{ packed: { id: string; at: string; units: number; scans: number } }>(ev, `/orders/${encodeURIComponent(ev.params.id)}/packing`, {
    method: 'POST',
    csrf: String(form._csrf ?? ''),
    body: { scans, result: 'passed' },
  });
  if (!r.ok) return ev.fail(r.status, { error: actionError(r) });
  return { done: true, units: r.data.packed.units };
});

type Tone = 'idle' | 'ok' | 'error' | 'complete';
type Sound = 'ok' | 'error' | 'complete';

/** The most recent scans shown under the field. */
const LOG_SIZE = 6;

/**
 * A short tone on the Web Audio API: a low double buzz for a wrong scan, a
 * rising two-note chime when the check is complete, a faint tick for a right
 * one. The AudioContext is made on the first key press (a user gesture, so
 * the browser lets it sound); without audio the message still shows.
 */
const beep = (sound: Sound) => {
  try {
    const w = window as unknown as { __kuraPackAudio?: AudioContext; webkitAudioContext?: typeof AudioContext };
    const Ctx = window.AudioContext ?? w.webkitAudioContext;
    if (!Ctx) return;
    const ctx = (w.__kuraPackAudio ??= new Ctx());
    if (ctx.state === 'suspended') void ctx.resume();
    const notes: [number, number, number, OscillatorType, number][] =
      sound === 'error'
        ? [
            [240, 0, 0.16, 'square', 0.25],
            [180, 0.2, 0.42, 'square', 0.25],
          ]
        : sound === 'complete'
          ? [
              [784, 0, 0.16, 'sine', 0.3],
              [1047, 0.14, 0.5, 'sine', 0.3],
            ]
          : [[1568, 0, 0.05, 'sine', 0.08]];
    const now = ctx.currentTime;
    for (const [frequency, start, end, type, volume] of notes) {
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.type = type;
      osc.frequency.value = frequency;
      gain.gain.setValueAtTime(0.0001, now + start);
      gain.gain.exponentialRampToValueAtTime(volume, now + start + 0.01);
      gain.gain.exponentialRampToValueAtTime(0.0001, now + end);
      osc.connect(gain).connect(ctx.destination);
      osc.start(now + start);
      osc.stop(now + end + 0.02);
    }
  } catch {
    // no sound on this machine: the message is enough
  }
};

/** A message template ({name}, {code}, …) filled in. */
const fill = (template: string, params: Record<string, string | number>) => template.replace(/\{(\w+)\}/g, (_, k) => String(params[k] ?? ''));

export default component$(() => {
  useStyles$(packingStyles);
  const t = useT();
  const tMaybe = useTMaybe();
  const locale = useLocale();
  const loaded = usePacking();
  const record = useRecordPacking();
  const me = useMe();
  const d = loaded.value.data;
  const plan = packingPlan(d?.lines ?? []);

  const state = useStore({
    /** the order these counts are for */
    orderId: d?.order.id ?? '',
    counts: emptyCounts(plan),
    /** the scans that counted, sent when the check is recorded */
    scans: [] as { code: string; at: string }[],
    tone: 'idle' as Tone,
    message: '',
    /** the line the last counted scan went to (highlighted) */
    lastLine: -1,
    log: [] as { n: number; code: string; text: string; error: boolean }[],
    seq: 0,
    /** the record form was sent since the last start over: its answer is shown */
    submitted: false,
  });

  // Templates, not text: a $() closure must not capture the translate function.
  const texts = {
    ok: t('packing.msg.ok'),
    unknown_code: t('packing.msg.unknown_code'),
    not_on_order: t('packing.msg.not_on_order'),
    too_many: t('packing.msg.too_many'),
    complete: t('packing.complete'),
  };

  /** Works through every queued code, in order. */
  const drain = $((el: HTMLInputElement) => {
    const raw = el.getAttribute('data-queue');
    el.removeAttribute('data-queue');
    let codes: string[] = [];
    try {
      codes = raw ? (JSON.parse(raw) as string[]) : [];
    } catch {
      codes = [];
    }
    const data = loaded.value.data;
    if (!data?.packable) return;
    const p = packingPlan(data.lines);
    let counts = [...state.counts];
    let last: ScanResult | null = null;
    let lastError: ScanResult | null = null;
    for (const code of codes) {
      if (!code.trim()) continue;
      const step = applyScan(p, counts, code);
      last = step.result;
      const r = step.result;
      const text =
        r.kind === 'ok' || r.kind === 'complete'
          ? fill(texts.ok, { name: r.name ?? r.sku, count: r.count, expected: r.expected })
          : r.kind === 'too_many'
            ? fill(texts.too_many, { name: r.name ?? r.sku, expected: r.expected })
            : fill(texts[r.kind], { code: r.code || code.trim() });
      if (isCounted(r)) {
        counts = step.counts;
        state.scans.push({ code, at: new Date().toISOString() });
        state.lastLine = r.line;
      } else {
        lastError = r;
      }
      state.log = [{ n: ++state.seq, code: code.trim(), text, error: !isCounted(r) }, ...state.log].slice(0, LOG_SIZE);
      if (!isCounted(r) || !lastError) state.message = text;
    }
    if (!last) return;
    state.counts = counts;
    // an error in a burst stays on screen even when right scans follow it
    if (lastError) {
      state.tone = 'error';
      beep('error');
    } else if (last.kind === 'complete') {
      state.tone = 'complete';
      state.message = texts.complete;
      beep('complete');
    } else {
      state.tone = 'ok';
      beep('ok');
    }
    el.focus();
  });

  const startOver = $(() => {
    const data = loaded.value.data;
    state.counts = emptyCounts(packingPlan(data?.lines ?? []));
    state.scans = [];
    state.tone = 'idle';
    state.message = '';
    state.lastLine = -1;
    state.log = [];
    state.submitted = false;
    const dialog = document.getElementById('pack-reset') as HTMLDialogElement | null;
    dialog?.close();
    const input = document.getElementById('pack-scan') as HTMLInputElement | null;
    if (input) {
      input.value = '';
      input.removeAttribute('data-queue');
      input.focus();
    }
  });

  // Another order's check (a navigation that kept this component) starts from nothing.
  useTask$(({ track }) => {
    const data = track(() => loaded.value.data);
    if (!data || data.order.id === state.orderId) return;
    state.orderId = data.order.id;
    state.counts = emptyCounts(packingPlan(data.lines));
    state.scans = [];
    state.tone = 'idle';
    state.message = '';
    state.lastLine = -1;
    state.log = [];
    state.submitted = false;
  });

  // The field has the focus however the page was reached (autofocus only works on a full page load),
  // and the scan handler is loaded before the first scan rather than on it.
  // eslint-disable-next-line qwik/no-use-visible-task
  useVisibleTask$(() => {
    const input = document.getElementById('pack-scan') as HTMLInputElement | null;
    if (input && !document.querySelector('dialog[open]')) input.focus();
    void drain.resolve();
  });

  // A key typed while nothing takes text (the focus left the field: a click on the table, a
  // re-render after recording) goes to the field, so a scan is never lost. Not inside a dialog.
  useOnDocument(
    'keydown',
    sync$((e: KeyboardEvent) => {
      const input = document.getElementById('pack-scan') as HTMLInputElement | null;
      const a = document.activeElement as HTMLElement | null;
      if (!input || a === input || e.ctrlKey || e.metaKey || e.altKey || e.key.length !== 1 || e.key === ' ') return;
      if (document.querySelector('dialog[open]')) return;
      if (a && (a.tagName === 'INPUT' || a.tagName === 'TEXTAREA' || a.tagName === 'SELECT' || a.isContentEditable)) return;
      input.focus();
    }),
  );

  if (loaded.value.error || !d) {
    const error = loaded.value.error ?? 'failed';
    return (
      <div class="packing">
        <p class="alert alert-error" role="alert" id="packing-error">
          {t(error === 'notFound' ? 'packing.notFound' : error === 'forbidden' ? 'packing.forbidden' : 'packing.failed')}
        </p>
        <Link prefetch={false} href="/orders/pack">
          ← {t('packing.entry.title')}
        </Link>
      </div>
    );
  }

  const csrf = me.value.me?.csrfToken ?? '';
  const progress = lineProgress(plan, state.counts);
  const scanned = state.counts.reduce((n, c) => n + c, 0);
  const units = unitsOf(plan);
  const complete = d.packable && isComplete(plan, state.counts) && plan.targets.length > 0;
  const outcome = state.submitted ? (record.value as { done?: boolean; failed?: boolean; error?: ActionError } | undefined) : undefined;
  const recorded = outcome?.done === true;
  const stateText = (s: 'pending' | 'partial' | 'done') => t(`packing.state.${s}` as MessageKey);
  const stateBadge = (s: 'pending' | 'partial' | 'done') => (s === 'done' ? 'badge badge-ok' : s === 'partial' ? 'badge badge-warn' : 'badge');
  const shipTo = [d.order.shipTo.name, t('packing.honorific')].filter(Boolean).join(' ');

  const rows = d.lines.flatMap((l, i) => {
    const p = progress[i];
    const last = state.lastLine === i ? ' packing-last' : '';
    return [
      <tr key={`line-${i}`} class={`packing-row packing-${p.state}${last}`} data-sku={l.sku} data-state={p.state}>
        <td>
          <span class="mono">{l.sku}</span>
          {l.components.length > 0 && <span class="badge">{t('packing.set')}</span>}
        </td>
        <td class="mono">{l.jan ?? '—'}</td>
        <td>{l.name ?? '—'}</td>
        <td class="num">{p.expected}</td>
        <td class="num packing-count">{p.scanned}</td>
        <td>
          <span class={stateBadge(p.state)}>{stateText(p.state)}</span>
        </td>
      </tr>,
      ...l.components.map((c, j) => {
        const cp = p.components[j];
        return (
          <tr key={`line-${i}-${j}`} class={`packing-component packing-${cp.state}${last}`} data-sku={c.sku} data-state={cp.state}>
            <td>
              <span class="muted small">{t('packing.component')}</span> <span class="mono">{c.sku}</span>
            </td>
            <td class="mono">{c.jan ?? '—'}</td>
            <td>{c.name ?? '—'}</td>
            <td class="num">{cp.expected}</td>
            <td class="num packing-count">{cp.scanned}</td>
            <td>
              <span class={stateBadge(cp.state)}>{stateText(cp.state)}</span>
            </td>
          </tr>
        );
      }),
    ];
  });

  return (
    <div class="packing">
      <p class="crumbs">
        <Link prefetch={false} href="/orders">
          {t('orders.title')}
        </Link>{' '}
        ›{' '}
        <Link prefetch={false} href={`/orders/${d.order.id}`} class="mono">
          {d.order.number}
        </Link>{' '}
        › <Link prefetch={false} href="/orders/pack">{t('packing.title')}</Link>
      </p>
      <div class="packing-head">
        <h1 class="packing-number mono" id="pack-order-number">
          {d.order.number}
        </h1>
        <span class="packing-ship-to" id="pack-ship-to">
          {shipTo}
        </span>
        <span class="packing-meta">
          <span>{t('packing.externalId')}</span> <span class="mono">{d.order.externalId}</span>
        </span>
        <span class="packing-total" id="pack-total">
          {t('packing.progress', { scanned, expected: units })}
        </span>
      </div>
      {d.lastPacked && (
        <p class="muted" id="pack-last">
          {t('packing.lastPacked', { at: formatJst(d.lastPacked.at, locale), who: d.lastPacked.actorName ?? d.lastPacked.actor ?? '—' })}
        </p>
      )}
      <noscript>
        <p class="alert alert-warn">{t('packing.noscript')}</p>
      </noscript>

      {!d.packable ? (
        <p class="alert alert-warn" role="alert" id="pack-closed">
          {t('packing.closed', { status: tMaybe(`orders.status.${d.order.status}`) ?? d.order.status })}
        </p>
      ) : (
        <>
          <div class="packing-scan">
            <label for="pack-scan">{t('packing.scan.label')}</label>
            <input
              id="pack-scan"
              type="text"
              class="packing-input"
              autoFocus
              autoComplete="off"
              autoCapitalize="off"
              spellcheck={false}
              enterKeyHint="done"
              maxLength={200}
              placeholder={t('packing.scan.placeholder')}
              aria-describedby="pack-scan-hint"
              onKeyDown$={[
                // Synchronous, before the next code's characters arrive: the code leaves the field for the queue.
                sync$((e: KeyboardEvent, el: HTMLInputElement) => {
                  try {
                    const w = window as unknown as { __kuraPackAudio?: AudioContext; webkitAudioContext?: typeof AudioContext };
                    const Ctx = window.AudioContext || w.webkitAudioContext;
                    if (!w.__kuraPackAudio && Ctx) w.__kuraPackAudio = new Ctx();
                    if (w.__kuraPackAudio && w.__kuraPackAudio.state === 'suspended') w.__kuraPackAudio.resume();
                  } catch (_) {
                    // no audio
                  }
                  if (e.key === 'Escape') {
                    e.preventDefault();
                    el.value = '';
                    return;
                  }
                  if (e.key !== 'Enter') return;
                  if (e.isComposing || e.keyCode === 229) {
                    // this Enter confirms IME input: the code is queued when the composition ends
                    el.setAttribute('data-commit', '1');
                    return;
                  }
                  e.preventDefault();
                  const queued = el.getAttribute('data-queue');
                  const list = queued ? JSON.parse(queued) : [];
                  list.push(el.value);
                  el.setAttribute('data-queue', JSON.stringify(list));
                  el.value = '';
                }),
                $((e: KeyboardEvent, el: HTMLInputElement) => {
                  if (e.key === 'Enter') return drain(el);
                }),
              ]}
              onCompositionEnd$={[
                sync$((_: CompositionEvent, el: HTMLInputElement) => {
                  if (el.getAttribute('data-commit') !== '1') return;
                  el.removeAttribute('data-commit');
                  const queued = el.getAttribute('data-queue');
                  const list = queued ? JSON.parse(queued) : [];
                  list.push(el.value);
                  el.setAttribute('data-queue', JSON.stringify(list));
                  el.value = '';
                }),
                $((_: CompositionEvent, el: HTMLInputElement) => drain(el)),
              ]}
            />
            <p class="packing-hint" id="pack-scan-hint">
              {t('packing.scan.hint')}
            </p>
          </div>

          <div id="pack-status" role="status" aria-live="assertive" class={`packing-status packing-status-${state.tone}`}>
            {state.tone === 'complete' ? (
              <>
                <span id="pack-complete">{t('packing.complete')}</span>
                <p>{t('packing.complete.hint')}</p>
              </>
            ) : (
              <span>{state.message || t('packing.ready')}</span>
            )}
          </div>
        </>
      )}

      <div class="table-wrap">
        <table class="packing-table" id="pack-lines">
          <thead>
            <tr>
              <th>{t('packing.col.sku')}</th>
              <th>{t('packing.col.jan')}</th>
              <th>{t('packing.col.name')}</th>
              <th class="num">{t('packing.col.expected')}</th>
              <th class="num">{t('packing.col.scanned')}</th>
              <th>{t('packing.col.state')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.length ? (
              rows
            ) : (
              <tr>
                <td colSpan={6} class="muted">
                  {t('packing.noLines')}
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>

      {state.log.length > 0 && (
        <ol class="packing-log" id="pack-log" aria-label={t('packing.scan.label')}>
          {state.log.map((x) => (
            <li key={x.n} class={x.error ? 'packing-log-error' : undefined}>
              <span class="mono">{x.code}</span> — <span>{x.text}</span>
            </li>
          ))}
        </ol>
      )}

      {outcome?.failed && outcome.error && (
        <p class="alert alert-error" role="alert" id="pack-record-error">
          {tMaybe(`packing.error.${outcome.error.code}`) ?? errorText(t, outcome.error)}
        </p>
      )}
      {recorded && (
        <p class="alert alert-ok" role="status" id="pack-recorded">
          {t('packing.recorded')}
        </p>
      )}

      {d.packable && (
        <div class="packing-actions">
          {complete && !recorded && (
            <Form
              action={record}
              id="pack-record-form"
              onSubmitCompleted$={() => {
                state.submitted = true;
              }}
            >
              <input type="hidden" name="_csrf" value={csrf} />
              <input type="hidden" name="scans" value={JSON.stringify(state.scans)} />
              <button type="submit" class="btn btn-primary" id="pack-record">
                {t('packing.record')}
              </button>
            </Form>
          )}
          {recorded && (
            <>
              <Link prefetch={false} href={`/orders/${d.order.id}#order-actions`} class="btn btn-primary" id="pack-to-ship">
                {t('packing.toShip')}
              </Link>
              <Link prefetch={false} href="/orders/pack" class="btn" id="pack-next">
                {t('packing.next')}
              </Link>
            </>
          )}
          <ConfirmDialog id="pack-reset" trigger={t('packing.reset')} triggerClass="btn" title={t('packing.reset.title')} message={t('packing.reset.message')} disabled={state.scans.length === 0 && !state.submitted}>
            <button type="button" class="btn btn-danger" id="pack-reset-confirm" onClick$={startOver}>
              {t('packing.reset.confirm')}
            </button>
          </ConfirmDialog>
        </div>
      )}
    </div>
  );
});

export const head: DocumentHead = ({ resolveValue, withLocale }) => {
  const d = resolveValue(usePacking);
  return {
    title: withLocale(() => {
      const locale = toLocale(getLocale('ja'));
      return d.data ? translate(locale, 'packing.titleOf', { number: d.data.order.number }) : translate(locale, 'packing.title');
    }),
  };
};
