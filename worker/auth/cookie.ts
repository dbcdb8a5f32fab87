import type { Context } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import { SESSION_COOKIE } from './sessions';

/** The session cookie: __Host- prefix (Secure, Path=/, no Domain), HttpOnly, SameSite=Lax. */
export const setSessionCookie = (c: Context, token: string) =>
  setCookie(c, SESSION_COOKIE, token, { httpOnly: true, secure: true, sameSite: 'Lax', path: '/', prefix: undefined });

export const clearSessionCookie = (c: Context) => deleteCookie(c, SESSION_COOKIE, { path: '/', secure: true });
