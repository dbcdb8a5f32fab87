import { $, component$, useSignal, useStore, useTask$, useVisibleTask$ } from '@builder.io/qwik';
import { Form, Link, routeAction$, useLocation, useNavigate, type DocumentHead } from '@builder.io/qwik-city';
import { api } from '../../../../lib/api';
import { failWith, str } from '../../../../lib/action';
import { credentialsFromForm, formValues, resyncRunning, settingsFromForm, storedKeys, type ChannelStatus, type ChannelView } from '../../../../lib/channels';
import { formatJst } from '../../../../lib/format';
import { ErrorAlert, fieldMessages } from '../../../../components/settings/errors';
import { useMe } from '../../layout';
import { useChannel } from './layout';
import { useLocale, useT, type MessageKey } from '../../../../i18n';
import { ChannelFields, SHOWN_FIELDS, localiseChannelErrors } from '../_channel-form';
import { ConfirmDialog } from '../../../../components/kit/confirm-dialog';

const path = (id: string) => `/channels/${encodeURIComponent(id)}`;

/**
 * Saves the edit form: only what changed is sent. Settings go only when they
 * differ, because new settings make the API recompute and push every SKU of
 * the store; credentials only for the inputs that were filled.
 */
export const useSaveChannel = routeAction$(async (form, ev) => {
  const current = await api<ChannelView>(ev, path(ev.params.id));
  if (!current.ok) return failWith(ev, current);
  const c = current.data;
  const name = str(form, 'name').trim();
  const endpoint = str(form, 'endpoint').trim() || null;
  const settings = settingsFromForm(form);
  const credentials = credentialsFromForm(form, c.type);
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  const body = {
    ...(name !== c.name ? { name } : {}),
    ...(endpoint !== c.endpoint ? { endpoint } : {}),
    ...(same({ ...c.settings, allocation: normaliseAllocation(c.settings.allocation) }, settings) ? {} : { settings }),
    ...(Object.keys(credentials).length ? { credentials } : {}),
  };
  if (!Object.keys(body).length) return { saved: true, changed: [] as string[] };
  const r = await api<ChannelView>(ev, path(ev.params.id), { method: 'PATCH', csrf: str(form, '_csrf'), body });
  if (!r.ok) return failWith(ev, r, { values: formValues(form) });
  // A new endpoint without new credentials: the API deleted the stored ones (nothing is sent until they are entered again).
  const credentialsDropped = 'endpoint' in body && !body.credentials && r.data.credentialsStored.length === 0 && storedKeys(c).length > 0;
  return { saved: true, changed: Object.keys(body), credentialsDropped };
});

/** The API's "nothing was sent" refusals of the connection test and sync, in the reader's language. */
const NOT_SENDABLE: Record<string, MessageKey> = {
  credentials_missing: 'channels.error.credentialsMissing',
  endpoint_not_allowed: 'channels.error.endpointNotAllowed',
};

/** The stored allocation with its keys in the form's order, so an unchanged form compares equal. */
const normaliseAllocation = (a: ChannelView['settings']['allocation']) =>
  a.kind === 'percent' ? { kind: 'percent', percent: a.percent } : a.kind === 'fixed' ? { kind: 'fixed', quantity: a.quantity } : { kind: 'all' };

export const useTestConnection = routeAction$(async (form, ev) => {
  const r = await api<{ ok: boolean; message: string | null; auth?: boolean }>(ev, `${path(ev.params.id)}/test`, { method: 'POST', csrf: str(form, '_csrf') });
  if (!r.ok) return failWith(ev, r);
  return { ok: r.data.ok, message: r.data.message, auth: r.data.auth ?? false, at: new Date().toISOString() };
});

export const useDeleteChannel = routeAction$(async (form, ev) => {
  const r = await api(ev, path(ev.params.id), { method: 'DELETE', csrf: str(form, '_csrf') });
  if (!r.ok) return failWith(ev, r);
  throw ev.redirect(302, '/channels?deleted=1');
});

type SyncWhat = 'orders' | 'stock' | 'full';

/** 状態と設定: the store's sync status (with sync buttons and resync progress), its settings, connection test and delete. */
export default component$(() => {
  const t = useT();
  const locale = useLocale();
  const loc = useLocation();
  const nav = useNavigate();
  const me = useMe();
  const data = useChannel();
  const save = useSaveChannel();
  const test = useTestConnection();
  const del = useDeleteChannel();
  const c = data.value.channel;
  const role = me.value.me?.user.role;
  const csrf = me.value.me?.csrfToken ?? '';
  const isAdmin = role === 'admin';
  const canSync = role === 'admin' || role === 'operator';

  // The status as loaded, replaced by what the poller reads while a resync runs.
  const live = useSignal<ChannelStatus | null>(null);
  useTask$(({ track }) => {
    track(() => data.value);
    live.value = null;
  });
  const poll = useStore({ on: false, after: null as string | null, since: 0 });
  const sync = useStore({ busy: '' as '' | SyncWhat, done: '' as '' | SyncWhat, error: '', errorCode: '' });

  const id = c?.id ?? '';
  const statusUrl = `/api/v1/channels/${encodeURIComponent(id)}/status`;
  const loaded = data.value.status;
  const s = live.value ?? loaded;

  const readStatus = $(async () => {
    const r = await fetch(statusUrl, { headers: { accept: 'application/json' } });
    if (r.ok) live.value = (await r.json()) as ChannelStatus;
    return live.value;
  });

  /**
   * 全SKUを再同期 progress: GET status every 2 s while the resync runs. After
   * the button, first wait (up to a minute) for a resync newer than the one
   * shown, since the queue starts it a moment later.
   */
  useVisibleTask$(({ track, cleanup }) => {
    if (!track(() => poll.on)) return;
    const timer = setInterval(async () => {
      const next = await readStatus();
      if (poll.after !== null) {
        if (next?.resync && next.resync.startedAt !== poll.after) poll.after = null;
        else if (Date.now() - poll.since > 60_000) poll.on = false;
        return;
      }
      if (!resyncRunning(next)) {
        poll.on = false;
        // finished: reload the page's loaders too (the tabs' drift and failed-job counts)
        await nav();
      }
    }, 2000);
    cleanup(() => clearInterval(timer));
  });
  // A resync already running when the page opens: follow it.
  useVisibleTask$(() => {
    if (resyncRunning(data.value.status)) {
      poll.after = null;
      poll.on = true;
    }
  });

  const runSync = $(async (what: SyncWhat, token: string, previousStart: string | null) => {
    sync.busy = what;
    sync.done = '';
    sync.error = '';
    sync.errorCode = '';
    try {
      const r = await fetch(`/api/v1/channels/${encodeURIComponent(id)}/sync`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': token },
        body: JSON.stringify({ what }),
      });
      if (!r.ok) {
        const body = await r.json().catch(() => null);
        sync.errorCode = typeof body?.error?.code === 'string' ? body.error.code : '';
        throw new Error(body?.error?.message ?? r.statusText);
      }
      sync.done = what;
      if (what === 'full') {
        poll.after = previousStart ?? '';
        poll.since = Date.now();
        poll.on = true;
      } else {
        await readStatus();
        setTimeout(() => readStatus(), 3000);
      }
    } catch (e) {
      sync.error = String((e as Error).message ?? e);
    } finally {
      sync.busy = '';
    }
  });

  if (!c) return null;
  const stored = storedKeys(c);
  const sv = save.value;
  const saveError = sv?.failed ? sv.error : null;
  const fe = localiseChannelErrors(t, fieldMessages(t, saveError));
  const vals = sv?.failed ? (sv.values ?? undefined) : undefined;
  const tv = test.value;
  const created = loc.url.searchParams.get('created') === '1';
  const base = path(c.id);
  const previousStart = s?.resync?.startedAt ?? null;
  const running = resyncRunning(s) || (poll.on && poll.after !== null);
  const alloc = c.settings.allocation;
  const now = Date.now();
  const backingOff = !!s?.backoffUntil && Date.parse(s.backoffUntil) > now;

  return (
    <>
      {created && (
        <p class="alert alert-ok" role="status" id="channel-created">
          {t('channels.form.created')}
        </p>
      )}

      <section class="card section" id="channel-status">
        <div class="card-head">
          <h2>{t('channels.status.title')}</h2>
          <button type="button" class="btn btn-small" id="refresh-status" onClick$={() => readStatus()}>
            {t('channels.status.refresh')}
          </button>
        </div>
        {!s ? (
          <p class="alert alert-warn">{t('channels.statusUnavailable')}</p>
        ) : (
          <>
            <dl class="facts status-facts">
              <div>
                <dt>{t('channels.status.lastOrderPull')}</dt>
                <dd>{!c.settings.orderPull ? <span class="badge">{t('channels.orderPullOff')}</span> : s.lastOrderPullAt ? formatJst(s.lastOrderPullAt, locale) : <span class="muted">{t('channels.never')}</span>}</dd>
              </div>
              <div>
                <dt>{t('channels.status.lastStockPush')}</dt>
                <dd>{!c.settings.stockPush ? <span class="badge">{t('channels.stockPushOff')}</span> : s.lastStockPushAt ? formatJst(s.lastStockPushAt, locale) : <span class="muted">{t('channels.never')}</span>}</dd>
              </div>
              <div>
                <dt>{t('channels.status.watermark')}</dt>
                <dd>{s.orderWatermark ? formatJst(s.orderWatermark, locale) : <span class="muted">—</span>}</dd>
              </div>
              <div>
                <dt>{t('channels.status.backlog')}</dt>
                <dd id="status-backlog">
                  <strong>{s.backlog}</strong>
                  {backingOff && (
                    <div class="small text-warn">
                      {t('channels.status.backoff')} {t('channels.status.backoffUntil', { at: formatJst(s.backoffUntil, locale) })}
                    </div>
                  )}
                </dd>
              </div>
              <div>
                <dt>{t('channels.status.drift')}</dt>
                <dd>
                  {s.drift.length ? (
                    <Link prefetch={false} href={`${base}/stock?drift=true`} class="text-warn">
                      <strong>{s.drift.length >= 100 ? '100+' : s.drift.length}</strong>
                    </Link>
                  ) : (
                    <strong>0</strong>
                  )}
                </dd>
              </div>
              <div>
                <dt>{t('channels.status.deadLetters')}</dt>
                <dd>
                  {s.deadLetters ? (
                    <Link prefetch={false} href={`${base}/dead-letters`} class="text-err">
                      <strong>{s.deadLetters}</strong>
                    </Link>
                  ) : (
                    <strong>0</strong>
                  )}
                </dd>
              </div>
            </dl>

            {running ? (
              <div class="progress-block" aria-live="polite" id="resync-progress">
                {s.resync && poll.after === null ? (
                  <>
                    <progress max={s.resync.total || 1} value={s.resync.done} />
                    <span>{t('channels.resync.progress', { done: s.resync.done, total: s.resync.total })}</span>
                  </>
                ) : (
                  <>
                    <progress />
                    <span>{t('channels.resync.waiting')}</span>
                  </>
                )}
              </div>
            ) : (
              s.resync && (
                <p class="hint" id="resync-finished">
                  {t('channels.resync.finished', { at: formatJst(s.resync.finishedAt ?? s.lastStockPushAt, locale), total: s.resync.total })}
                </p>
              )
            )}

            {canSync && (
              <div class="sync-bar" id="sync-bar">
                <div class="actions">
                  {(['orders', 'stock', 'full'] as const).map((w) => (
                    <button key={w} type="button" class="btn" id={`sync-${w}`} disabled={!!sync.busy || (w === 'full' && running)} onClick$={() => runSync(w, csrf, previousStart)}>
                      {sync.busy === w ? t('common.loading') : t(`channels.sync.${w}`)}
                    </button>
                  ))}
                </div>
                <span class="hint">{t('channels.sync.hint')}</span>
              </div>
            )}
            {sync.done && (
              <p class="alert alert-ok" role="status" id="sync-done">
                {t(`channels.sync.queued.${sync.done}` as MessageKey)}
              </p>
            )}
            {sync.error && (
              <p class="alert alert-error" role="alert" id="sync-error" data-code={sync.errorCode || undefined}>
                {NOT_SENDABLE[sync.errorCode] ? t(NOT_SENDABLE[sync.errorCode]) : sync.error}
              </p>
            )}

            <div class="two-col status-lists">
              <div>
                <h3 class="subhead">{t('channels.status.errors')}</h3>
                {s.errors.length === 0 ? (
                  <p class="muted">{t('channels.status.noErrors')}</p>
                ) : (
                  <ul class="error-list" id="status-errors">
                    {s.errors.map((e, i) => (
                      <li key={i}>
                        <span class="badge badge-err">{t(`channels.errorKind.${e.kind}` as MessageKey)}</span> <span class="small muted">{formatJst(e.at, locale)}</span>
                        <div class="cell-wrap">{e.message}</div>
                      </li>
                    ))}
                  </ul>
                )}
              </div>
              <div>
                <h3 class="subhead">{t('channels.status.driftTitle')}</h3>
                {s.drift.length === 0 ? (
                  <p class="muted">{t('channels.status.driftNone')}</p>
                ) : (
                  <>
                    <table class="compact" id="status-drift">
                      <thead>
                        <tr>
                          <th>{t('channels.col.sku')}</th>
                          <th class="num">{t('channels.col.intended')}</th>
                          <th class="num">{t('channels.col.pushed')}</th>
                          <th class="num">{t('channels.col.confirmed')}</th>
                        </tr>
                      </thead>
                      <tbody>
                        {s.drift.slice(0, 10).map((d) => (
                          <tr key={d.sku}>
                            <td>
                              <Link prefetch={false} href={`/stock/sku/${encodeURIComponent(d.sku)}`} class="mono">
                                {d.sku}
                              </Link>
                            </td>
                            <td class="num">{d.intended}</td>
                            <td class="num">{d.pushed ?? '—'}</td>
                            <td class="num text-warn" title={d.confirmedAt ? formatJst(d.confirmedAt, locale) : undefined}>
                              {d.confirmed ?? '—'}
                            </td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                    <p class="hint">
                      {s.drift.length >= 100 && <>{t('channels.status.driftMore')} </>}
                      <Link prefetch={false} href={`${base}/stock?drift=true`}>{t('channels.status.driftAll')} »</Link>
                    </p>
                  </>
                )}
              </div>
            </div>
          </>
        )}
      </section>

      <div class={isAdmin ? 'settings-columns channel-columns' : 'channel-readonly'}>
        <section class="card" id="channel-settings">
          <h2>{t('channels.form.editTitle')}</h2>
          {isAdmin ? (
            <>
              {sv && !sv.failed && (
                <p class="alert alert-ok" role="status" id="channel-saved">
                  {t('channels.form.saved')}
                </p>
              )}
              {sv && !sv.failed && sv.credentialsDropped && (
                <p class="alert alert-warn" role="alert" id="credentials-dropped">
                  {t('channels.form.credentialsDropped')}
                </p>
              )}
              <ErrorAlert error={saveError} shown={SHOWN_FIELDS} id="save-error" />
              <Form
                action={save}
                class="form"
                id="channel-form"
                onSubmitCompleted$={(_, form) => {
                  // saved: the typed secrets are stored now; never leave them in the page
                  if (save.value && !save.value.failed) form.querySelectorAll<HTMLInputElement>('input[name^="cred_"]').forEach((i) => (i.value = ''));
                }}
              >
                <input type="hidden" name="_csrf" value={csrf} />
                <ChannelFields t={t} channel={c} stored={stored} vals={vals} fe={fe} />
                <div class="actions">
                  <button type="submit" class="btn btn-primary" disabled={save.isRunning}>
                    {save.isRunning ? t('common.loading') : t('channels.form.save')}
                  </button>
                </div>
              </Form>
            </>
          ) : (
            <>
              <p class="hint" id="settings-readonly">
                {t('channels.form.readOnly')}
              </p>
              <dl class="kv" id="settings-view">
                <dt>{t('channels.form.orderPull')}</dt>
                <dd>{c.settings.orderPull ? t('channels.on') : t('channels.off')}</dd>
                <dt>{t('channels.form.stockPush')}</dt>
                <dd>{c.settings.stockPush ? t('channels.on') : t('channels.off')}</dd>
                <dt>{t('channels.form.shipmentPush')}</dt>
                <dd>{c.settings.shipmentPush ? t('channels.on') : t('channels.off')}</dd>
                <dt>{t('channels.form.safetyStock')}</dt>
                <dd>{c.settings.safetyStock}</dd>
                <dt>{t('channels.form.maxQuantity')}</dt>
                <dd>{c.settings.maxQuantity ?? t('channels.none')}</dd>
                <dt>{t('channels.form.allocation')}</dt>
                <dd>
                  {alloc.kind === 'percent'
                    ? t('channels.allocation.percent', { percent: alloc.percent })
                    : alloc.kind === 'fixed'
                      ? t('channels.allocation.fixed', { quantity: alloc.quantity })
                      : t('channels.allocation.all')}
                </dd>
                <dt>{t('channels.form.credentials')}</dt>
                <dd>
                  <span class="badges">
                    {stored.map((k) => (
                      <span key={k} class="badge badge-ok">
                        {t(`channels.cred.${c.type}.${k}` as MessageKey)}
                      </span>
                    ))}
                  </span>
                </dd>
                {c.endpoint && (
                  <>
                    <dt>{t('channels.form.endpoint')}</dt>
                    <dd class="mono cell-wrap">{c.endpoint}</dd>
                  </>
                )}
              </dl>
            </>
          )}
        </section>

        {isAdmin && (
          <div class="stack">
            <section class="card" id="connection-test">
              <h2>{t('channels.test.button')}</h2>
              <p class="hint">{t('channels.test.hint')}</p>
              <Form action={test}>
                <input type="hidden" name="_csrf" value={csrf} />
                <button type="submit" class="btn" id="test-connection" disabled={test.isRunning}>
                  {test.isRunning ? t('common.loading') : t('channels.test.button')}
                </button>
              </Form>
              {tv && !tv.failed && (
                <div class={tv.ok ? 'alert alert-ok test-result' : 'alert alert-error test-result'} role="status" id="test-result" data-ok={String(tv.ok)}>
                  <p>
                    <strong>{tv.ok ? t('channels.test.ok') : t('channels.test.failed')}</strong>
                  </p>
                  {!tv.ok && tv.auth && <p>{t('channels.test.auth')}</p>}
                  {tv.message && <p class="cell-wrap">{t('channels.test.mallSays', { message: tv.message })}</p>}
                  <p class="small">{formatJst(tv.at, locale)}</p>
                </div>
              )}
              {tv?.failed && NOT_SENDABLE[tv.error.code] ? (
                <p class="alert alert-error" role="alert" id="test-refused" data-code={tv.error.code}>
                  {t(NOT_SENDABLE[tv.error.code])}
                </p>
              ) : (
                <ErrorAlert error={tv?.failed ? tv.error : null} />
              )}
            </section>

            <section class="card" id="channel-delete">
              <h2>{t('channels.delete.title')}</h2>
              <ConfirmDialog id="delete-channel" trigger={t('channels.delete.button')} title={t('confirm.channel.title', { name: c.name })} message={t('confirm.channel.message')}>
                <Form action={del} id="delete-confirm">
                  <input type="hidden" name="_csrf" value={csrf} />
                  <button type="submit" class="btn btn-danger" id="delete-channel-yes" disabled={del.isRunning}>
                    {t('channels.delete.yes')}
                  </button>
                </Form>
              </ConfirmDialog>
              <ErrorAlert error={del.value?.failed ? del.value.error : null} />
            </section>
          </div>
        )}
      </div>
    </>
  );
});

export const head: DocumentHead = { title: 'チャネル' };
