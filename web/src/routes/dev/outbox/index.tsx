import { component$ } from '@builder.io/qwik';
import { routeLoader$ } from '@builder.io/qwik-city';
import { api } from '../../../lib/api';
import { formatJst } from '../../../lib/format';
import { useLocale, useT } from '../../../i18n';
import { LangSwitch } from '../../../components/lang-switch';
import { titleHead } from '../../../components/settings/settings-nav';
import type { OutboxItem } from '../../../components/settings/types';

/**
 * /dev/outbox: e-mail and SMS "sent" in local development (GET /api/v1/dev/outbox).
 * The API route exists only with ENVIRONMENT=development; elsewhere it is a
 * 404, and so is this page. No sign-in: it is a local tool.
 */
export const useOutbox = routeLoader$(async (ev) => {
  const r = await api<{ items: OutboxItem[] }>(ev, '/dev/outbox');
  if (!r.ok) {
    ev.status(r.status === 404 ? 404 : r.status >= 400 && r.status < 600 ? (r.status as 500) : 500);
    return { found: false as const, status: r.status, message: r.error.message, items: [] as OutboxItem[] };
  }
  return { found: true as const, status: 200, message: '', items: r.data.items };
});

export default component$(() => {
  const data = useOutbox();
  const t = useT();
  const locale = useLocale();
  const d = data.value;
  return (
    <main class="dev-page">
      <header class="dev-header">
        <span class="brand-mark">蔵</span>
        <div>
          <h1>{t('outbox.title')}</h1>
          <span class="badge badge-warn">{t('outbox.devOnly')}</span>
        </div>
        <LangSwitch />
      </header>
      {!d.found ? (
        <section class="card" id="outbox-missing">
          <h2>{d.status}</h2>
          <p>{d.status === 404 ? t('outbox.notFound') : t('settings.error.load', { message: d.message })}</p>
        </section>
      ) : (
        <>
          <p class="lead">
            {t('outbox.lead')} <a href="/login">{t('outbox.toLogin')}</a>
          </p>
          <div class="table-wrap">
            <table id="outbox-table">
              <thead>
                <tr>
                  <th>{t('outbox.sent')}</th>
                  <th>{t('outbox.channel')}</th>
                  <th>{t('outbox.to')}</th>
                  <th>{t('outbox.subject')}</th>
                  <th>{t('outbox.body')}</th>
                </tr>
              </thead>
              <tbody>
                {d.items.length === 0 && (
                  <tr>
                    <td colSpan={5} class="muted empty">
                      {t('outbox.none')}
                    </td>
                  </tr>
                )}
                {d.items.map((m, i) => (
                  <tr key={`${m.sentAt}-${i}`} data-channel={m.channel}>
                    <td class="nowrap">{formatJst(m.sentAt, locale)}</td>
                    <td>
                      <span class={{ badge: true, 'badge-ok': m.channel === 'email', 'badge-warn': m.channel === 'sms' }}>{m.channel === 'sms' ? t('outbox.channel.sms') : t('outbox.channel.email')}</span>
                    </td>
                    <td class="mono cell-wrap">{m.to}</td>
                    <td class="cell-wrap">{m.subject ?? <span class="muted">—</span>}</td>
                    <td>
                      <pre class="message-body">{m.body}</pre>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </main>
  );
});

export const head = titleHead('outbox.title');
