import type { RequestHandler } from '@builder.io/qwik-city';
import { apiRaw } from '../../../../../lib/api';
import { isDate, jstDayEnd, jstDayStart } from '../../../../../lib/jst';
import { toLocale, translate } from '../../../../../i18n';

/**
 * /settings/logs/export?kind=access|operations&from=YYYY-MM-DD&to=YYYY-MM-DD:
 * the log CSV of that JST period, streamed from the API with the user's own
 * session (so the API's admin check applies), as a download.
 */
export const onGet: RequestHandler = async (ev) => {
  const kind = ev.query.get('kind') === 'operations' ? 'operations' : 'access';
  const q = new URLSearchParams({ format: 'csv' });
  const from = ev.query.get('from');
  const to = ev.query.get('to');
  if (isDate(from)) q.set('from', jstDayStart(from));
  if (isDate(to)) q.set('to', jstDayEnd(to));
  const res = await apiRaw(ev, `/logs/${kind}?${q}`);
  if (res.status === 401) throw ev.redirect(302, `/login?next=${encodeURIComponent(`/settings/logs?tab=${kind}`)}`);
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
    const locale = toLocale(ev.locale());
    const message = res.status === 403 ? translate(locale, 'settings.adminOnly') : translate(locale, 'logs.exportFailed', { message: body?.error?.message ?? String(res.status) });
    ev.headers.set('Cache-Control', 'no-store');
    throw ev.text(res.status, message);
  }
  ev.send(
    new Response(res.body, {
      status: 200,
      headers: {
        'Content-Type': res.headers.get('Content-Type') ?? 'text/csv; charset=utf-8',
        'Content-Disposition': res.headers.get('Content-Disposition') ?? `attachment; filename="${kind}-log.csv"`,
        'Cache-Control': 'no-store',
      },
    }),
  );
};
