CREATE TABLE `shop_profiles` (
	`account_id` text PRIMARY KEY NOT NULL,
	`name` text,
	`postal_code` text,
	`address` text,
	`phone` text,
	`email` text,
	`slip_message` text,
	`logo_key` text,
	`logo_type` text,
	`logo_size` integer,
	`logo_updated_at` text,
	`updated_at` text NOT NULL
);
