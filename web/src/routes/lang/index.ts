import type { RequestHandler } from '@builder.io/qwik-city';
import { safeNext } from '../../lib/redirect';

/** /lang?to=en&next=/settings: switches the UI language (a cookie, no JS needed) and goes back. */
export const onGet: RequestHandler = (ev) => {
  const to = ev.query.get('to') === 'en' ? 'en' : 'ja';
  // HttpOnly: only the server reads it (plugin.ts), so no script needs it.
  ev.cookie.set('kura_lang', to, { path: '/', sameSite: 'lax', secure: true, httpOnly: true, maxAge: [365, 'days'] });
  throw ev.redirect(302, safeNext(ev.query.get('next'), '/', ev.url.origin));
};
