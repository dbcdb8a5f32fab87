import type { JSONObject, RequestEventAction, RequestEventLoader } from '@builder.io/qwik-city';
import type { ApiError } from './api';

/** What a failed API call leaves for the page: the status and the API's error, serialisable. */
export interface ActionError {
  status: number;
  code: string;
  message: string;
  details?: unknown;
}

export const actionError = (r: { status: number; error: ApiError }): ActionError => ({
  status: r.status,
  code: r.error.code,
  message: r.error.message,
  ...(r.error.details === undefined ? {} : { details: JSON.parse(JSON.stringify(r.error.details)) as unknown }),
});

/**
 * The answer of an action whose API call failed: the page shows `error` (and
 * its field details), and `values` refill the form on a plain (no-JS) post.
 */
type ErrorStatus = NonNullable<Parameters<RequestEventLoader['status']>[0]>;
const failStatus = (status: number) => (status >= 400 && status < 600 ? status : 500) as ErrorStatus;

export const failWith = (ev: RequestEventAction, r: { status: number; error: ApiError }, extra: { values?: Record<string, string>; id?: string } = {}) =>
  ev.fail(failStatus(r.status), { error: actionError(r), ...extra });

/** A loader's answer when the API refused: the page answers the same status and explains. */
export const loadFailure = (ev: RequestEventLoader, r: { status: number; error: ApiError }) => {
  ev.status(failStatus(r.status));
  return { error: actionError(r) };
};

/** A single form value as text ('' when missing). */
export const str = (form: JSONObject, key: string): string => {
  const v = form[key];
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v) && typeof v[0] === 'string') return v[0];
  return '';
};

/** All values of a repeated field, sent as name="key[]" (checkbox groups). */
export const strs = (form: JSONObject, key: string): string[] => {
  const v = form[key];
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string');
  return typeof v === 'string' ? [v] : [];
};

/** The lines of a textarea, trimmed, empty ones dropped. */
export const lines = (text: string): string[] =>
  text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.length > 0);

/** A form number: a number when it is one, else the text itself so the API names the field. */
export const num = (text: string): number | string => {
  const t = text.trim();
  return /^-?\d+$/.test(t) ? Number(t) : t;
};
