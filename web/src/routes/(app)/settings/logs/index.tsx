import { component$ } from '@builder.io/qwik';
import { Link, routeLoader$ } from '@builder.io/qwik-city';
import { api } from '../../../../lib/api';
import { loadFailure } from '../../../../lib/action';
import { formatJst } from '../../../../lib/format';
import { isDate, jstDayEnd, jstDayStart } from '../../../../lib/jst';
import { useLocale, useT, type MessageKey } from '../../../../i18n';
import { useMe } from '../../layout';
import { SettingsNav, titleHead } from '../../../../components/settings/settings-nav';
import { AdminOnly } from '../../../../components/settings/errors';
import type { AccessLog, ApiToken, OperationLog, Page, User } from '../../../../components/settings/types';

type Tab = 'access' | 'operations';
const PAGE_SIZE = 50;

/**
 * One page of the access or operation log, newest first, paged on the server
 * by the API's cursor (?cursor= in this page's URL) and filtered by JST dates.
 */
export const useLogs = routeLoader$(async (ev) => {
  const tab: Tab = ev.query.get('tab') === 'operations' ? 'operations' : 'access';
  const fromQ = ev.query.get('from') ?? '';
  const toQ = ev.query.get('to') ?? '';
  const from = isDate(fromQ) ? fromQ : '';
  const to = isDate(toQ) ? toQ : '';
  const cursor = (ev.query.get('cursor') ?? '').slice(0, 200);
  const query = { from: from ? jstDayStart(from) : undefined, to: to ? jstDayEnd(to) : undefined, cursor: cursor || undefined, limit: PAGE_SIZE };
  const [page, users, tokens] = await Promise.all([
    api<Page<AccessLog | OperationLog>>(ev, `/logs/${tab}`, { query }),
    api<{ items: User[] }>(ev, '/users'),
    api<{ items: ApiToken[] }>(ev, '/api-tokens'),
  ]);
  const base = { tab, from, to, cursor, invalidDate: Boolean((fromQ && !from) || (toQ && !to)) };
  if (!page.ok) return { ...base, ...loadFailure(ev, page), access: [] as AccessLog[], operations: [] as OperationLog[], nextCursor: null, users: {}, tokens: {} };
  // Names for the ids in the log (who did it), when the lists are readable.
  const userNames: Record<string, string> = {};
  if (users.ok) for (const u of users.data.items) userNames[u.id] = u.loginId;
  const tokenNames: Record<string, string> = {};
  if (tokens.ok) for (const k of tokens.data.items) tokenNames[k.id] = k.name;
  return {
    ...base,
    error: null,
    access: tab === 'access' ? (page.data.items as AccessLog[]) : [],
    operations: tab === 'operations' ? (page.data.items as OperationLog[]) : [],
    nextCursor: page.data.nextCursor,
    users: userNames,
    tokens: tokenNames,
  };
});

const logsHref = (p: Record<string, string | null | undefined>) => {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(p)) if (v) q.set(k, v);
  const s = q.toString();
  return s ? `/settings/logs?${s}` : '/settings/logs';
};

const show = (v: unknown): string => (v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v));

/**
 * The fields an operation changed, with their values before and after (the API
 * has masked secrets). An update lists only what it changed; a create or a
 * delete lists everything it wrote or removed.
 */
const changesOf = (before: unknown, after: unknown): { key: string; before: string; after: string }[] => {
  const obj = (v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null);
  const b = obj(before);
  const a = obj(after);
  if (!b && !a) return before == null && after == null ? [] : [{ key: '', before: show(before ?? undefined), after: show(after ?? undefined) }];
  if (b && a) {
    const changed = Object.keys(a).filter((k) => a[k] !== undefined && show(a[k]) !== show(b[k]));
    return (changed.length ? changed : Object.keys(a)).map((key) => ({ key, before: show(b[key]), after: show(a[key]) }));
  }
  const only = (a ?? b)!;
  return Object.keys(only)
    .filter((k) => only[k] !== undefined)
    .map((key) => ({ key, before: b ? show(b[key]) : '', after: a ? show(a[key]) : '' }));
};

const statusClass = (s: number) => (s >= 500 ? 'badge badge-err' : s >= 400 ? 'badge badge-warn' : s >= 300 ? 'badge' : 'badge badge-ok');

/** ログ: access and operation logs, paged on the server, with a CSV download of the period. */
export default component$(() => {
  const me = useMe();
  const data = useLogs();
  const t = useT();
  const locale = useLocale();
  if (me.value.refused) return null;
  const d = data.value;
  const actor = (userId: string | null, tokenId: string | null) =>
    userId ? (
      <span class="mono">{(d.users as Record<string, string>)[userId] ?? userId}</span>
    ) : tokenId ? (
      <span>{t('logs.actor.token', { name: (d.tokens as Record<string, string>)[tokenId] ?? tokenId })}</span>
    ) : (
      <span class="muted">{t('logs.actor.anonymous')}</span>
    );
  const opLabel = (action: string) => {
    const key = `logs.op.${action}` as MessageKey;
    const label = t(key);
    return label === key ? null : label;
  };
  const tabs: { tab: Tab; key: MessageKey }[] = [
    { tab: 'access', key: 'logs.tab.access' },
    { tab: 'operations', key: 'logs.tab.operations' },
  ];
  const csvHref = `/settings/logs/export?${new URLSearchParams({ kind: d.tab, ...(d.from ? { from: d.from } : {}), ...(d.to ? { to: d.to } : {}) })}`;

  return (
    <>
      <SettingsNav />
      <h1 class="page-title">{t('logs.title')}</h1>
      <p class="lead">{t('logs.lead')}</p>
      {d.error ? (
        <AdminOnly error={d.error} />
      ) : (
        <>
          <nav class="tabs" aria-label={t('logs.title')}>
            {tabs.map((x) => (
              <a key={x.tab} href={logsHref({ tab: x.tab, from: d.from, to: d.to })} class={{ tab: true, active: d.tab === x.tab }} aria-current={d.tab === x.tab ? 'page' : undefined} id={`tab-${x.tab}`}>
                {t(x.key)}
              </a>
            ))}
          </nav>

          <div class="card log-tools">
            <form method="get" action="/settings/logs" class="inline-form" id="logs-filter">
              <input type="hidden" name="tab" value={d.tab} />
              <label class="field inline-field">
                {t('logs.filter.from')}
                <input type="date" name="from" value={d.from} />
              </label>
              <label class="field inline-field">
                {t('logs.filter.to')}
                <input type="date" name="to" value={d.to} />
              </label>
              <button type="submit" class="btn">
                {t('logs.filter.submit')}
              </button>
              {(d.from || d.to) && (
                <a href={logsHref({ tab: d.tab })} class="btn btn-small">
                  {t('logs.filter.clear')}
                </a>
              )}
              <span class="spacer" />
              <a href={csvHref} class="btn" download id="logs-csv">
                ⤓ {t('logs.csv')}
              </a>
            </form>
            <p class="hint">
              {t('logs.filter.hint')} {t('logs.csvHint')}
            </p>
            {d.invalidDate && (
              <p class="alert alert-warn" role="alert">
                {t('logs.filter.invalid')}
              </p>
            )}
          </div>

          {d.cursor && <p class="hint">{t('logs.olderPage')}</p>}

          <div class="table-wrap">
            {d.tab === 'access' ? (
              <table id="access-log" class="log-table">
                <thead>
                  <tr>
                    <th>{t('logs.at')}</th>
                    <th>{t('logs.actor')}</th>
                    <th>{t('logs.method')}</th>
                    <th>{t('logs.path')}</th>
                    <th>{t('logs.status')}</th>
                    <th>{t('logs.ip')}</th>
                    <th>{t('logs.country')}</th>
                    <th class="num">{t('logs.duration')}</th>
                  </tr>
                </thead>
                <tbody>
                  {d.access.length === 0 && (
                    <tr>
                      <td colSpan={8} class="muted empty">
                        {t('logs.none')}
                      </td>
                    </tr>
                  )}
                  {d.access.map((r) => (
                    <tr key={r.id}>
                      <td class="nowrap">{formatJst(r.at, locale)}</td>
                      <td>{actor(r.userId, r.tokenId)}</td>
                      <td>
                        <code>{r.method}</code>
                      </td>
                      <td class="mono path-cell">{r.path}</td>
                      <td>
                        <span class={statusClass(r.status)}>{r.status}</span>
                      </td>
                      <td class="mono">{r.ip}</td>
                      <td class="mono">{r.country}</td>
                      <td class="num">{t('logs.ms', { n: r.durationMs })}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : (
              <table id="operation-log" class="log-table">
                <thead>
                  <tr>
                    <th>{t('logs.at')}</th>
                    <th>{t('logs.actor')}</th>
                    <th>{t('logs.action')}</th>
                    <th>{t('logs.target')}</th>
                    <th>{t('logs.changes')}</th>
                  </tr>
                </thead>
                <tbody>
                  {d.operations.length === 0 && (
                    <tr>
                      <td colSpan={5} class="muted empty">
                        {t('logs.none')}
                      </td>
                    </tr>
                  )}
                  {d.operations.map((r) => {
                    const label = opLabel(r.action);
                    const changes = changesOf(r.before, r.after);
                    const targetName = !r.targetId ? undefined : r.targetType === 'user' ? (d.users as Record<string, string>)[r.targetId] : r.targetType === 'api_token' ? (d.tokens as Record<string, string>)[r.targetId] : undefined;
                    return (
                      <tr key={r.id}>
                        <td class="nowrap">{formatJst(r.at, locale)}</td>
                        <td>{actor(r.userId, r.tokenId)}</td>
                        <td>
                          {label && <div>{label}</div>}
                          <code class="small muted">{r.action}</code>
                        </td>
                        <td>
                          <span class="muted small">{r.targetType}</span>
                          {r.targetType === 'order' && r.targetId && typeof (r.after as { number?: unknown } | null)?.number === 'string' ? (
                            <div>
                              <Link prefetch={false} href={`/orders/${r.targetId}`} class="mono">
                                {(r.after as { number: string }).number}
                              </Link>
                            </div>
                          ) : (
                            r.targetId && <div class="mono small">{targetName ?? r.targetId}</div>
                          )}
                        </td>
                        <td class="changes-cell">
                          {changes.length === 0 ? (
                            <span class="muted">{t('logs.noChanges')}</span>
                          ) : (
                            <details>
                              <summary>
                                {t('logs.changes')} ({changes.length})
                              </summary>
                              <table class="changes">
                                <thead>
                                  <tr>
                                    <th />
                                    <th>{t('logs.before')}</th>
                                    <th>{t('logs.after')}</th>
                                  </tr>
                                </thead>
                                <tbody>
                                  {changes.map((c) => (
                                    <tr key={c.key}>
                                      <th class="mono">{c.key}</th>
                                      <td class="mono">{c.before || '—'}</td>
                                      <td class="mono">{c.after || '—'}</td>
                                    </tr>
                                  ))}
                                </tbody>
                              </table>
                            </details>
                          )}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            )}
          </div>

          <nav class="pager" aria-label="pager" id="logs-pager">
            {d.cursor && (
              <a href={logsHref({ tab: d.tab, from: d.from, to: d.to })} class="btn btn-small" id="logs-newest">
                « {t('logs.newest')}
              </a>
            )}
            {d.nextCursor && (
              <a href={logsHref({ tab: d.tab, from: d.from, to: d.to, cursor: d.nextCursor })} class="btn btn-small" id="logs-next">
                {t('logs.next')} »
              </a>
            )}
          </nav>
        </>
      )}
    </>
  );
});

export const head = titleHead('logs.title');
