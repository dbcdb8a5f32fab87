import type { RequestHandler } from '@builder.io/qwik-city';
import { toLocale } from '../i18n';
import { nonceOf } from '../lib/api';

/**
 * Runs before every page: hands Qwik the CSP nonce the Worker put in the
 * Content-Security-Policy header (so its inline scripts may run), and sets the
 * language from the kura_lang cookie (Japanese unless English was chosen).
 */
export const onRequest: RequestHandler = (ev) => {
  ev.sharedMap.set('@nonce', nonceOf(ev));
  ev.locale(toLocale(ev.cookie.get('kura_lang')?.value));
};
