/**
 * The order workflow as API.md and issue 4 describe it, written down here
 * independently of worker/orders/state-machine.ts, so the unit test and the
 * API test both check the code against the same expectation.
 */
export const ORDER_STATUSES_EXPECTED = ['new', 'awaiting_payment', 'awaiting_stock', 'ready_to_ship', 'shipped', 'cancelled', 'on_hold', 'merged'] as const;
type Status = (typeof ORDER_STATUSES_EXPECTED)[number];

export const ALLOWED_MOVES: [Status, Status][] = [
  ['new', 'awaiting_payment'],
  ['new', 'awaiting_stock'],
  ['new', 'ready_to_ship'],
  ['new', 'on_hold'],
  ['awaiting_payment', 'new'],
  ['awaiting_payment', 'awaiting_stock'],
  ['awaiting_payment', 'ready_to_ship'],
  ['awaiting_payment', 'on_hold'],
  ['awaiting_stock', 'new'],
  ['awaiting_stock', 'awaiting_payment'],
  ['awaiting_stock', 'ready_to_ship'],
  ['awaiting_stock', 'on_hold'],
  ['ready_to_ship', 'new'],
  ['ready_to_ship', 'awaiting_payment'],
  ['ready_to_ship', 'on_hold'],
  ['on_hold', 'new'],
  ['on_hold', 'awaiting_payment'],
  ['on_hold', 'awaiting_stock'],
  ['on_hold', 'ready_to_ship'],
  // merged (同梱済): no move of its own, in or out; the merge and unmerge actions alone reach and leave it
];
