/**
 * Opaque keyset cursors: "(at, id)" of the last row, base64url-encoded JSON.
 * Lists page on the server by `WHERE (at, id) < (cursor)` so a page costs the same at any depth.
 */
export interface Cursor {
  at: string;
  id: string;
}

export const encodeCursor = (c: Cursor): string => btoa(JSON.stringify([c.at, c.id])).replace(/=+$/, '');

export const decodeCursor = (s: string | undefined): Cursor | null => {
  if (!s) return null;
  try {
    const [at, id] = JSON.parse(atob(s));
    return typeof at === 'string' && typeof id === 'string' ? { at, id } : null;
  } catch {
    return null;
  }
};
