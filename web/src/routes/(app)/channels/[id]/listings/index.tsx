import { $, component$, useSignal, useStore } from '@builder.io/qwik';
import { Form, Link, routeAction$, routeLoader$, useNavigate, type DocumentHead, type RequestEventAction } from '@builder.io/qwik-city';
import { api } from '../../../../../lib/api';
import { failWith, str } from '../../../../../lib/action';
import type { Listing } from '../../../../../lib/channels';
import { ErrorAlert, fieldMessages, FieldError } from '../../../../../components/settings/errors';
import { useMe } from '../../../layout';
import { useChannel } from '../layout';
import { useT, useTMaybe, type MessageKey } from '../../../../../i18n';
import { ConfirmDialog } from '../../../../../components/kit/confirm-dialog';

const PAGE = 100;
const listingsPath = (id: string) => `/channels/${encodeURIComponent(id)}/listings`;

/** The whole listing map (GET answers every row), filtered and paged here so the page stays light with thousands. */
export const useListings = routeLoader$(async (ev) => {
  const r = await api<{ items: Listing[] }>(ev, listingsPath(ev.params.id));
  const q = (ev.query.get('q') ?? '').trim();
  const page = Math.max(0, Number.parseInt(ev.query.get('page') ?? '0', 10) || 0);
  const all = r.ok ? r.data.items : [];
  const needle = q.toLowerCase();
  const matching = q ? all.filter((l) => l.sku.toLowerCase().includes(needle) || l.remoteId.toLowerCase().includes(needle) || (l.remoteVariantId ?? '').toLowerCase().includes(needle)) : all;
  return { q, page, total: all.length, matching: matching.length, items: matching.slice(page * PAGE, (page + 1) * PAGE), error: r.ok ? null : r.error.message };
});

/**
 * The listing API has no single-row write: PUT /channels/{id}/listings
 * replaces the whole map. The form therefore reads the map, changes one row
 * and sends every row back: fine for up to a few thousand rows (the API takes
 * at most 5,000 in one PUT); bigger maps go through the CSV import, which
 * merges instead of replacing.
 */
const putListings = async (ev: RequestEventAction, csrf: string, change: (items: Listing[]) => Listing[]) => {
  const current = await api<{ items: Listing[] }>(ev, listingsPath(ev.params.id));
  if (!current.ok) return { ok: false as const, r: current };
  const items = change(current.data.items);
  const r = await api<{ count: number }>(ev, listingsPath(ev.params.id), { method: 'PUT', csrf, body: { items } });
  if (!r.ok) return { ok: false as const, r };
  return { ok: true as const, count: r.data.count };
};

export const useSaveListing = routeAction$(async (form, ev) => {
  const sku = str(form, 'sku').trim();
  const original = str(form, 'originalSku').trim();
  const row: Listing = { sku, remoteId: str(form, 'remoteId').trim(), remoteVariantId: str(form, 'remoteVariantId').trim() || null };
  const values = { sku, remoteId: row.remoteId, remoteVariantId: row.remoteVariantId ?? '', originalSku: original };
  const out = await putListings(ev, str(form, '_csrf'), (items) => {
    const kept = items.filter((l) => l.sku !== sku && (!original || l.sku !== original));
    return [...kept, row].sort((a, b) => a.sku.localeCompare(b.sku));
  });
  if (!out.ok) return failWith(ev, out.r, { values });
  return { saved: sku, count: out.count };
});

export const useRemoveListing = routeAction$(async (form, ev) => {
  const sku = str(form, 'sku');
  const out = await putListings(ev, str(form, '_csrf'), (items) => items.filter((l) => l.sku !== sku));
  if (!out.ok) return failWith(ev, out.r);
  return { removed: sku, count: out.count };
});

interface Problem {
  line: number;
  code: string;
  message: string;
}

/** 商品の対応: the SKU ↔ mall item map, with CSV export/import and a one-row form. */
export default component$(() => {
  const t = useT();
  const tMaybe = useTMaybe();
  const me = useMe();
  const ch = useChannel();
  const data = useListings();
  const save = useSaveListing();
  const remove = useRemoveListing();
  const nav = useNavigate();
  const file = useSignal<HTMLInputElement>();
  // The one-row form's inputs, controlled: 編集 on a row fills them, a successful save empties them.
  const edit = useStore({ originalSku: '', sku: '', remoteId: '', remoteVariantId: '', saved: false });
  const imp = useStore({ phase: 'idle' as 'idle' | 'running' | 'done' | 'error', applied: 0, problems: [] as Problem[], error: '' });
  const c = ch.value.channel;
  const csrf = me.value.me?.csrfToken ?? '';
  const isAdmin = me.value.me?.user.role === 'admin';
  const id = c?.id ?? '';

  /** POST the file as it is (Shift_JIS or UTF-8 bytes); the API answers per-line problems and what it applied. */
  const runImport = $(async (form: HTMLFormElement, token: string) => {
    const f = file.value?.files?.[0];
    if (!f) return;
    const fd = new FormData(form);
    const encoding = String(fd.get('encoding') ?? 'shift_jis');
    const applyValid = fd.get('applyValid') === 'true';
    Object.assign(imp, { phase: 'running', applied: 0, problems: [], error: '' });
    try {
      const res = await fetch(`/api/v1/channels/${encodeURIComponent(id)}/listings/import?encoding=${encoding}&applyValid=${applyValid}`, {
        method: 'POST',
        headers: { 'content-type': 'text/csv', 'x-csrf-token': token },
        body: new Blob([await f.arrayBuffer()]),
      });
      const body = await res.json().catch(() => null);
      if (!res.ok) throw new Error(body?.error?.message ?? res.statusText);
      imp.applied = body.applied;
      imp.problems = body.problems;
      imp.phase = 'done';
      if (body.applied > 0) await nav();
    } catch (e) {
      imp.phase = 'error';
      imp.error = String((e as Error).message ?? e);
    }
  });

  if (!c) return null;
  const { q, page, total, matching, items, error } = data.value;
  const sv = save.value;
  const saveError = sv?.failed ? sv.error : null;
  const fe = fieldMessages(t, saveError);
  // The API names rows by their index in the whole list; the form has one row, so any items.N.x is this one.
  const rowErrors = (k: string) => Object.entries(fe).flatMap(([f, m]) => (f === `items.${k}` || f.endsWith(`.${k}`) ? m : []));
  const rv = remove.value;
  const base = `/channels/${encodeURIComponent(c.id)}`;
  const qs = (extra: Record<string, string>) => new URLSearchParams({ ...(q ? { q } : {}), ...extra }).toString();
  const editing = !!edit.originalSku;

  return (
    <>
      <div class="page-head">
        <div>
          <h2 class="page-subtitle">{t('channels.listings.title')}</h2>
          <p class="hint">{t('channels.listings.lead')}</p>
          <p class="hint">{t(`channels.listings.ids.${c.type}` as MessageKey)}</p>
        </div>
        <div class="export-links" id="listings-export">
          <span class="muted small">{t('channels.listings.export')}</span>
          <a class="btn btn-small" href={`/api/v1${listingsPath(c.id)}/export?encoding=shift_jis`} download id="export-sjis">
            {t('channels.listings.exportSjis')}
          </a>
          <a class="btn btn-small" href={`/api/v1${listingsPath(c.id)}/export?encoding=utf-8`} download id="export-utf8">
            {t('channels.listings.exportUtf8')}
          </a>
        </div>
      </div>

      {rv && !rv.failed && imp.phase === 'idle' && (
        <p class="alert alert-ok" role="status">
          {t('channels.listings.removed', { sku: rv.removed })}
        </p>
      )}
      <ErrorAlert error={rv?.failed ? rv.error : null} />
      {error && <p class="alert alert-error">{error}</p>}

      <form method="get" class="toolbar">
        <input type="search" name="q" value={q} placeholder={t('channels.listings.search')} maxLength={100} aria-label={t('channels.listings.search')} />
        <button type="submit" class="btn">
          {t('common.search')}
        </button>
        <span class="muted" id="listings-count">
          {matching > PAGE
            ? t('channels.listings.shown', { n: matching, from: page * PAGE + 1, to: Math.min(matching, (page + 1) * PAGE) })
            : t('channels.listings.count', { n: q ? matching : total })}
        </span>
      </form>

      <div class="table-wrap section">
        <table id="listings-table">
          <thead>
            <tr>
              <th>{t('channels.col.sku')}</th>
              <th>{t('channels.listings.col.remoteId')}</th>
              <th>{t('channels.listings.col.remoteVariantId')}</th>
              {isAdmin && <th class="actions-col">{t('common.actions')}</th>}
            </tr>
          </thead>
          <tbody>
            {items.length === 0 && (
              <tr>
                <td colSpan={isAdmin ? 4 : 3} class="muted empty">
                  {q ? t('channels.listings.noMatch') : t('channels.listings.empty')}
                </td>
              </tr>
            )}
            {items.map((l) => (
              <tr key={l.sku} data-sku={l.sku} class={{ editing: edit.originalSku === l.sku }}>
                <td>
                  <Link prefetch={false} href={`/stock/sku/${encodeURIComponent(l.sku)}`} class="mono">
                    {l.sku}
                  </Link>
                </td>
                <td class="mono cell-wrap">{l.remoteId}</td>
                <td class="mono cell-wrap">{l.remoteVariantId ?? <span class="muted">—</span>}</td>
                {isAdmin && (
                  <td>
                    <div class="row-actions">
                    <button
                      type="button"
                      class="btn btn-small"
                      onClick$={() => {
                        Object.assign(edit, { originalSku: l.sku, sku: l.sku, remoteId: l.remoteId, remoteVariantId: l.remoteVariantId ?? '', saved: false });
                        document.getElementById('listing-form')?.scrollIntoView({ behavior: 'smooth', block: 'center' });
                      }}
                    >
                      {t('channels.listings.edit')}
                    </button>
                    <ConfirmDialog
                      id={`remove-listing-${l.sku}`}
                      trigger={t('channels.listings.remove')}
                      triggerClass="btn btn-small btn-danger"
                      triggerLabel={`${t('channels.listings.remove')} ${l.sku}`}
                      title={t('confirm.listing.title', { sku: l.sku })}
                      message={t('confirm.listing.message')}
                    >
                      <Form action={remove} onSubmitCompleted$={() => {
                          edit.saved = false;
                          Object.assign(imp, { phase: 'idle', problems: [] });
                        }}
                      >
                        <input type="hidden" name="_csrf" value={csrf} />
                        <input type="hidden" name="sku" value={l.sku} />
                        <button type="submit" class="btn btn-danger" id={`remove-listing-${l.sku}-yes`}>
                          {t('confirm.yes.delete')}
                        </button>
                      </Form>
                    </ConfirmDialog>
                    </div>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {(page > 0 || (page + 1) * PAGE < matching) && (
        <div class="pager">
          {page > 0 && (
            <Link prefetch={false} href={`${base}/listings?${qs({ page: String(page - 1) })}`} class="btn btn-small">
              « {t('common.prev')}
            </Link>
          )}
          {(page + 1) * PAGE < matching && (
            <Link prefetch={false} href={`${base}/listings?${qs({ page: String(page + 1) })}`} class="btn btn-small">
              {t('common.next')} »
            </Link>
          )}
        </div>
      )}

      {isAdmin ? (
        <div class="settings-columns">
          <section class="card" id="listing-editor">
            <h2>{editing ? t('channels.listings.editTitle', { sku: edit.originalSku }) : t('channels.listings.addTitle')}</h2>
            <p class="hint">
              {t('channels.listings.formHint')} {total >= 4000 && t('channels.listings.tooMany')}
            </p>
            {sv && !sv.failed && edit.saved && (
              <p class="alert alert-ok" role="status" id="listing-saved">
                {t('channels.listings.saved', { n: sv.count })}
              </p>
            )}
            <ErrorAlert error={saveError} shown={Object.keys(fe).filter((f) => /\.(sku|remoteId|remoteVariantId)$/.test(f))} />
            <Form
              action={save}
              class="form"
              id="listing-form"
              onSubmitCompleted$={() => {
                if (save.value && !save.value.failed) Object.assign(edit, { originalSku: '', sku: '', remoteId: '', remoteVariantId: '', saved: true });
              }}
            >
              <input type="hidden" name="_csrf" value={csrf} />
              <input type="hidden" name="originalSku" value={edit.originalSku} />
              <div class="form-grid">
                <label>
                  {t('channels.col.sku')}
                  <input name="sku" required maxLength={64} pattern="[A-Za-z0-9][A-Za-z0-9._\-\/]{0,63}" class="mono" value={edit.sku} onInput$={(_, el) => (edit.sku = el.value)} />
                  <FieldError messages={rowErrors('sku')} />
                </label>
                <label>
                  {t('channels.listings.col.remoteId')}
                  <input name="remoteId" required maxLength={255} class="mono" value={edit.remoteId} onInput$={(_, el) => (edit.remoteId = el.value)} />
                  <FieldError messages={rowErrors('remoteId')} />
                </label>
                <label>
                  <span>
                    {t('channels.listings.col.remoteVariantId')} <span class="optional">({t('channels.form.optional')})</span>
                  </span>
                  <input name="remoteVariantId" maxLength={255} class="mono" value={edit.remoteVariantId} onInput$={(_, el) => (edit.remoteVariantId = el.value)} />
                  <FieldError messages={rowErrors('remoteVariantId')} />
                </label>
              </div>
              <div class="actions">
                <button type="submit" class="btn btn-primary" disabled={save.isRunning}>
                  {save.isRunning ? t('common.loading') : t('channels.listings.save')}
                </button>
                {editing && (
                  <button type="button" class="btn" onClick$={() => Object.assign(edit, { originalSku: '', sku: '', remoteId: '', remoteVariantId: '', saved: false })}>
                    {t('channels.listings.cancelEdit')}
                  </button>
                )}
              </div>
            </Form>
          </section>

          <section class="card" id="listing-import">
            <h2>{t('channels.listings.importTitle')}</h2>
            <p class="hint">{t('channels.listings.importHelp')}</p>
            <form class="form" id="import-form" method="post" preventdefault:submit onSubmit$={(_, el) => runImport(el, csrf)}>
              <div class="form-grid">
                <label>
                  {t('channels.listings.file')}
                  <input type="file" name="file" accept=".csv,text/csv" required ref={file} />
                </label>
                <label>
                  {t('channels.listings.encoding')}
                  <select name="encoding">
                    <option value="shift_jis">Shift_JIS (Excel)</option>
                    <option value="utf-8">UTF-8</option>
                  </select>
                </label>
              </div>
              <label class="checkbox">
                <input type="checkbox" name="applyValid" value="true" /> {t('channels.listings.applyValid')}
              </label>
              <div class="actions">
                <button type="submit" class="btn btn-primary" disabled={imp.phase === 'running'}>
                  {t('channels.listings.importStart')}
                </button>
              </div>
            </form>
            {imp.phase === 'running' && (
              <div class="progress-block" aria-live="polite">
                <progress />
                <span>{t('channels.listings.importing')}</span>
              </div>
            )}
            {imp.phase === 'error' && (
              <p class="alert alert-error" role="alert">
                {imp.error}
              </p>
            )}
            {imp.phase === 'done' && (
              <p class={imp.problems.length ? (imp.applied ? 'alert alert-warn' : 'alert alert-error') : 'alert alert-ok'} id="import-result" role="status">
                {imp.problems.length === 0
                  ? t('channels.listings.imported', { n: imp.applied })
                  : imp.applied
                    ? t('channels.listings.importedPartial', { n: imp.applied, m: imp.problems.length })
                    : t('channels.listings.importProblems', { m: imp.problems.length })}
              </p>
            )}
            {imp.problems.length > 0 && (
              <div class="table-wrap">
                <table id="import-problems" class="compact">
                  <thead>
                    <tr>
                      <th class="num">{t('channels.listings.line')}</th>
                      <th>{t('channels.listings.message')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {imp.problems.slice(0, 500).map((p, i) => (
                      <tr key={i}>
                        <td class="num">{p.line}</td>
                        <td>{tMaybe(`channels.listings.problem.${p.code}`) ?? p.message}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
        </div>
      ) : (
        <p class="hint" id="listings-readonly">
          {t('channels.listings.readOnly')}
        </p>
      )}
    </>
  );
});

export const head: DocumentHead = { title: '商品の対応' };
