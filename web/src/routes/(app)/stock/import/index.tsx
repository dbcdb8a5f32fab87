import { $, component$, useSignal, useStore } from '@builder.io/qwik';
import { Link, type DocumentHead } from '@builder.io/qwik-city';
import { useMe } from '../../layout';
import { useT, useTMaybe } from '../../../../i18n';

/** Lines per request: each stays far below the Worker's time and size limits. */
const CHUNK_LINES = 2000;

interface Problem {
  line: number;
  sku: string | null;
  code: string;
  message: string;
}

/**
 * Splits the file's bytes at line feeds (safe for Shift_JIS and UTF-8: 0x0A is
 * never part of a multi-byte character), so chunks go up as the user saved them.
 */
const splitLines = (bytes: Uint8Array): Uint8Array[] => {
  const chunks: Uint8Array[] = [];
  let start = 0;
  let lines = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 0x0a && ++lines === CHUNK_LINES) {
      chunks.push(bytes.subarray(start, i + 1));
      start = i + 1;
      lines = 0;
    }
  }
  if (start < bytes.length) chunks.push(bytes.subarray(start));
  return chunks;
};

export default component$(() => {
  const t = useT();
  const tMaybe = useTMaybe();
  const me = useMe();
  const file = useSignal<HTMLInputElement>();
  const state = useStore({ phase: 'idle' as 'idle' | 'validating' | 'applying' | 'done' | 'problems' | 'error', done: 0, total: 0, applied: 0, problems: [] as Problem[], error: '' });

  const run = $(async (form: HTMLFormElement) => {
    const f = file.value?.files?.[0];
    if (!f) return;
    const data = new FormData(form);
    const mode = String(data.get('mode'));
    const encoding = String(data.get('encoding'));
    const applyValid = data.get('applyValid') === 'true';
    const kind = data.get('stocktake') === 'true' ? 'stocktake' : 'adjust';
    const chunks = splitLines(new Uint8Array(await f.arrayBuffer()));
    const total = chunks.length <= 1 ? chunks.length * CHUNK_LINES : (chunks.length - 1) * CHUNK_LINES + 1;
    const send = async (chunk: Uint8Array, dryRun: boolean) => {
      const res = await fetch(`/api/v1/stock/import?mode=${mode}&encoding=${encoding}&dryRun=${dryRun}&applyValid=${applyValid}&kind=${kind}`, {
        method: 'POST',
        headers: { 'content-type': 'text/csv', 'x-csrf-token': me.value.me?.csrfToken ?? '' },
        body: new Blob([chunk as Uint8Array<ArrayBuffer>]),
      });
      const body = await res.json();
      if (!res.ok) throw new Error(body?.error?.message ?? res.statusText);
      return body as { applied: number; rows: number; problems: Problem[] };
    };
    Object.assign(state, { phase: 'validating', done: 0, total, applied: 0, problems: [], error: '' });
    try {
      // Pass 1: check the whole file; nothing is applied yet.
      for (let i = 0; i < chunks.length; i++) {
        const r = await send(chunks[i], true);
        state.problems.push(...r.problems.map((p) => ({ ...p, line: p.line + i * CHUNK_LINES })));
        state.done = Math.min(total, (i + 1) * CHUNK_LINES);
      }
      if (state.problems.length && !applyValid) {
        state.phase = 'problems';
        return;
      }
      // Pass 2: apply, chunk by chunk.
      state.phase = 'applying';
      state.done = 0;
      for (let i = 0; i < chunks.length; i++) {
        const r = await send(chunks[i], false);
        state.applied += r.applied;
        state.done = Math.min(total, (i + 1) * CHUNK_LINES);
      }
      state.phase = 'done';
    } catch (e) {
      state.phase = 'error';
      state.error = String((e as Error).message ?? e);
    }
  });

  const pct = state.total ? Math.round((state.done / state.total) * 100) : 0;
  return (
    <>
      <p class="crumbs">
        <Link prefetch={false} href="/stock">{t('stock.title')}</Link> ›
      </p>
      <h1 class="page-title">{t('stock.import.title')}</h1>
      <section class="card">
        <p class="hint">{t('stock.import.help')}</p>
        <form class="form" id="import-form" method="post" preventdefault:submit onSubmit$={(_, el) => run(el)}>
          <div class="form-grid">
            <label>
              {t('stock.import.file')}
              <input type="file" name="file" accept=".csv,text/csv" required ref={file} />
            </label>
            <label>
              {t('stock.adjust.mode')}
              <select name="mode">
                <option value="set">{t('stock.adjust.mode.set')}</option>
                <option value="delta">{t('stock.adjust.mode.delta')}</option>
              </select>
            </label>
            <label>
              {t('stock.import.encoding')}
              <select name="encoding">
                <option value="shift_jis">Shift_JIS (Excel)</option>
                <option value="utf-8">UTF-8</option>
              </select>
            </label>
          </div>
          <label class="checkbox">
            <input type="checkbox" name="applyValid" value="true" /> {t('stock.import.applyValid')}
          </label>
          <label class="checkbox">
            <input type="checkbox" name="stocktake" value="true" /> {t('stock.adjust.stocktake')}
          </label>
          <div class="actions">
            <button type="submit" class="btn btn-primary" disabled={state.phase === 'validating' || state.phase === 'applying'}>
              {t('stock.import.start')}
            </button>
          </div>
        </form>
        {(state.phase === 'validating' || state.phase === 'applying') && (
          <div class="progress-block" aria-live="polite">
            <progress max={100} value={pct} />
            <span>{t(state.phase === 'validating' ? 'stock.import.validating' : 'stock.import.applying', { done: state.done, total: state.total })}</span>
          </div>
        )}
        {state.phase === 'done' && (
          <p class="alert alert-ok" id="import-done">
            {t('stock.import.done', { applied: state.applied })}
          </p>
        )}
        {state.phase === 'error' && <p class="alert alert-error">{state.error}</p>}
        {state.phase === 'problems' && (
          <p class="alert alert-error" id="import-problems">
            {t('stock.import.problems', { n: state.problems.length })}
          </p>
        )}
        {state.problems.length > 0 && (
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th class="num">{t('stock.import.line')}</th>
                  <th>SKU</th>
                  <th>{t('stock.import.message')}</th>
                </tr>
              </thead>
              <tbody>
                {state.problems.slice(0, 500).map((p, i) => (
                  <tr key={i}>
                    <td class="num">{p.line}</td>
                    <td class="mono">{p.sku}</td>
                    <td>{tMaybe(`stock.problem.${p.code}`) ?? p.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
});

export const head: DocumentHead = { title: 'CSV取込' };
