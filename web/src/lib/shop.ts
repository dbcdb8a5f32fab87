/** GET /api/v1/settings/shop, as the settings page and the slips use it (worker/shop/routes.ts). */
export interface ShopProfile {
  name: string;
  postalCode: string | null;
  address: string | null;
  phone: string | null;
  email: string | null;
  slipMessage: string | null;
  /** 適格請求書発行事業者登録番号: T and 13 digits */
  invoiceNumber: string | null;
  logo: { url: string; contentType: 'image/png' | 'image/jpeg'; size: number; updatedAt: string | null } | null;
  updatedAt: string | null;
}

/** The logo upload limit the API enforces (PUT /settings/shop/logo answers 413 above it). */
export const LOGO_MAX_BYTES = 512 * 1024;

/** 12.3 KB */
export const formatBytes = (n: number) => (n < 1024 ? `${n} B` : `${(n / 1024).toFixed(1)} KB`);
