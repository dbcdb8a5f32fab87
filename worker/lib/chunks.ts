/**
 * D1 binds at most 100 parameters a statement: lists in IN (...) go in slices
 * of this size, leaving room for the statement's other parameters.
 */
export const D1_IN_LIMIT = 90;

export const chunks = <T>(xs: readonly T[], size = D1_IN_LIMIT): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += size) out.push(xs.slice(i, i + size));
  return out;
};
