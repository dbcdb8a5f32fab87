import { or, sql, type SQL, type SQLWrapper } from 'drizzle-orm';

/**
 * Free-text search for the lists (orders, SKUs, stock): one place that turns the
 * operator's search text into SQL.
 *
 * Substring search uses `instr(lower(col), lower(?)) > 0`, not LIKE:
 * - D1 limits a LIKE pattern to 50 bytes (SQLITE_LIMIT_LIKE_PATTERN_LENGTH), so a
 *   search of 49 ASCII characters or 17 kanji failed with a 500; instr has no such
 *   limit, so every search text validation allows (up to 100 characters) works.
 * - instr has no wildcards: `%`, `_` and `\` typed by the user are matched literally,
 *   with no escaping to get wrong.
 * - SQLite's LIKE folds ASCII case only; SQLite's lower() folds ASCII only too, and it
 *   is applied to both sides, so case matching stays what it was with LIKE.
 * A `%term%` LIKE never used an index, so nothing is lost there. (No list searches by
 * prefix today; a prefix search that should use an index needs LIKE 'x%' with ESCAPE
 * for short terms and `substr(col, 1, n) = ?` beyond the pattern limit, not this.)
 */
export const contains = (column: SQLWrapper, term: string): SQL => sql`instr(lower(${column}), lower(${term})) > 0`;

/** `term` as a substring of any of `columns` (see `contains`); undefined (no condition) for an empty term. */
export const containsAny = (term: string, columns: SQLWrapper[]): SQL | undefined => (term === '' ? undefined : or(...columns.map((c) => contains(c, term))));
