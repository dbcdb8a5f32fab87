/**
 * Why a seller cancels (キャンセル理由): one list for the API, the cancel
 * dialog and the malls, each adapter mapping it onto its own codes (Shopify
 * OrderCancelReason, Rakuten's and Yahoo!'s cancel reasons).
 */
export const CANCEL_REASONS = ['customer', 'out_of_stock', 'duplicate', 'payment', 'fraud', 'other'] as const;
export type CancelReason = (typeof CANCEL_REASONS)[number];
