-- 消費税率 per SKU and, snapshotted at import, per order line (10 標準 / 8 軽減); the shop's
-- 適格請求書発行事業者登録番号 (T + 13 digits). Existing SKUs and order lines count as 10%.
ALTER TABLE `skus` ADD `tax_rate` integer DEFAULT 10 NOT NULL;--> statement-breakpoint
ALTER TABLE `order_lines` ADD `tax_rate` integer DEFAULT 10 NOT NULL;--> statement-breakpoint
ALTER TABLE `shop_profiles` ADD `invoice_number` text;