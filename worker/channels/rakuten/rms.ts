/**
 * One RMS call: ESA auth, JSON in and out, and RMS's three error shapes turned
 * into MallError. Every call goes through mallFetch (timeouts, 401/403, 429, 5xx).
 *
 * Error shapes (public RMS WEB SERVICE pages, see adapter.ts):
 * - RakutenPayOrderAPI: MessageModelList [{messageType INFO|WARNING|ERROR, messageCode, message}]
 *   in 200 and 400 answers (e.g. ORDER_EXT_API_SEARCH_ORDER_ERROR_011 "startDatetimeの書式が不正です。").
 * - Inventory API 2.x: {"errors":[{code, message, metadata:{propertyPath}}]} with 400/404.
 * - ES gateway (auth and the like): {"Results":{"errorCode":"ES01-01","message":"Un-Authorised"}}.
 */
import { MallError, type Connection } from '../adapter';
import { joinUrl, mallFetch } from '../http';

/** `Authorization: ESA Base64(serviceSecret:licenseKey)`. */
export const esaAuthorization = (credentials: Record<string, string>): string => {
  const { serviceSecret, licenseKey } = credentials;
  if (!serviceSecret || !licenseKey) throw new MallError('the channel has no serviceSecret / licenseKey', 0, false, undefined, true);
  const bytes = new TextEncoder().encode(`${serviceSecret}:${licenseKey}`);
  return `ESA ${btoa(String.fromCharCode(...bytes))}`;
};

export interface RmsMessage {
  messageType?: string;
  messageCode?: string;
  message?: string;
  orderNumber?: string | null;
  dataNumber?: number | null;
}

export interface InventoryError {
  code?: string;
  message?: string;
  metadata?: { propertyPath?: string } | null;
}

export interface RmsAnswer {
  status: number;
  body: {
    MessageModelList?: RmsMessage[] | null;
    errors?: InventoryError[] | null;
    Results?: { errorCode?: string; message?: string } | null;
    [k: string]: unknown;
  } | null;
}

/** Words RMS uses for its request-rate limits (QPSLimit / AccessLimit in the common definition). */
const THROTTLE = /QPSLimit|AccessLimit|too\s*many\s*requests|リクエスト(数|過多)/i;

/** What went wrong, in the mall's words (codes and messages only: no credentials are ever echoed). */
export const errorText = (body: RmsAnswer['body']): string | null => {
  if (!body) return null;
  const parts: string[] = [];
  for (const m of body.MessageModelList ?? []) if (m.messageType === 'ERROR') parts.push(`${m.messageCode ?? ''} ${m.message ?? ''}`.trim());
  for (const e of body.errors ?? []) parts.push(`${e.code ?? ''} ${e.message ?? ''}${e.metadata?.propertyPath ? ` (${e.metadata.propertyPath})` : ''}`.trim());
  if (body.Results?.errorCode || body.Results?.message) parts.push(`${body.Results.errorCode ?? ''} ${body.Results.message ?? ''}`.trim());
  return parts.length ? parts.slice(0, 5).join('; ') : null;
};

/** A MallError for an answer that carries an error (any status mallFetch let through). */
export const errorOf = (answer: RmsAnswer, what: string): MallError | null => {
  const text = errorText(answer.body);
  const failed = answer.status >= 400 || text !== null;
  if (!failed) return null;
  const message = `Rakuten ${what}: ${text ?? `HTTP ${answer.status}`}`;
  if (THROTTLE.test(text ?? '')) return new MallError(message, answer.status, true, 1);
  if (answer.body?.Results?.errorCode === 'ES01-01') return new MallError(message, answer.status, false, undefined, true);
  return new MallError(message, answer.status, false);
};

/** Sends one request and answers status + parsed JSON (null for 204 / empty / not JSON). */
export const rmsRequest = async (
  conn: Connection,
  method: 'GET' | 'POST',
  path: string,
  body: unknown,
  contentType = 'application/json; charset=utf-8',
): Promise<RmsAnswer> => {
  const headers: Record<string, string> = { Authorization: esaAuthorization(conn.credentials), Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = contentType;
  const res = await mallFetch(conn, joinUrl(conn.endpoint, path), { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  let parsed: RmsAnswer['body'] = null;
  if (text.trim()) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = null;
    }
  }
  return { status: res.status, body: parsed };
};

/** rmsRequest, throwing on any error the answer carries. */
export const rmsCall = async (conn: Connection, method: 'GET' | 'POST', path: string, body: unknown, what: string, contentType?: string): Promise<NonNullable<RmsAnswer['body']>> => {
  const answer = await rmsRequest(conn, method, path, body, contentType);
  const error = errorOf(answer, what);
  if (error) throw error;
  return answer.body ?? {};
};
