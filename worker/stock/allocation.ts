/**
 * Allocation (在庫配分, pure): the quantity published to one channel.
 *
 *   published = min(share of available, maxQuantity) after the channel's own safety stock
 *
 * where the share is the account's allocation pattern for that channel:
 * all of it (the default), a percentage (rounded down, so channels together
 * never publish more than exists when percentages add up to 100), or a fixed
 * quantity (never more than is available).
 */
export type AllocationRule = { kind: 'all' } | { kind: 'percent'; percent: number } | { kind: 'fixed'; quantity: number };

export interface ChannelStockSettings {
  safetyStock?: number;
  maxQuantity?: number | null;
  allocation?: AllocationRule;
}

export const publishedQuantity = (available: number, channel: ChannelStockSettings): number => {
  const rule = channel.allocation ?? { kind: 'all' };
  let share = available;
  if (rule.kind === 'percent') share = Math.floor((available * Math.min(100, Math.max(0, rule.percent))) / 100);
  if (rule.kind === 'fixed') share = Math.min(available, Math.max(0, rule.quantity));
  let published = Math.max(0, share - Math.max(0, channel.safetyStock ?? 0));
  if (channel.maxQuantity != null) published = Math.min(published, Math.max(0, channel.maxQuantity));
  return published;
};
