import { monotonicFactory } from 'ulidx';

const ulid = monotonicFactory();

/** Time-sortable ids (ULID), as DESIGN.md asks. */
export const newId = (): string => ulid();
