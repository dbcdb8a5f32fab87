import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Db } from '../db/client';
import { revokeSessionByToken, SESSION_COOKIE } from './sessions';

/** The session cookie: __Host- prefix (Secure, Path=/, no Domain), HttpOnly, SameSite=Lax. */
export const setSessionCookie = (c: Context, token: string) =>
  setCookie(c, SESSION_COOKIE, token, { httpOnly: true, secure: true, sameSite: 'Lax', path: '/', prefix: undefined });

export const clearSessionCookie = (c: Context) => deleteCookie(c, SESSION_COOKIE, { path: '/', secure: true });

/**
 * Sets the new session's cookie after a sign-in, first ending on the server
 * the session the browser's old cookie named (a stale or another user's one).
 */
export const replaceSessionCookie = async (c: Context, db: Db, token: string) => {
  const old = getCookie(c, SESSION_COOKIE);
  if (old && old.length <= 200) await revokeSessionByToken(db, old);
  setSessionCookie(c, token);
};
