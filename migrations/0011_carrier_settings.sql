-- 配送会社の設定: per account and carrier, the shipper (ご依頼主; null = the shop profile's) and the
-- carrier's own account fields (請求先顧客コード, 運賃管理番号, お客様コード, 送り状種別 …) as JSON.
CREATE TABLE `carrier_settings` (
	`account_id` text NOT NULL,
	`carrier` text NOT NULL,
	`shipper_name` text,
	`shipper_postal_code` text,
	`shipper_address` text,
	`shipper_phone` text,
	`contract` text DEFAULT '{}' NOT NULL,
	`updated_at` text NOT NULL,
	PRIMARY KEY(`account_id`, `carrier`)
);
