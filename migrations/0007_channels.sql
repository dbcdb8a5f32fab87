CREATE TABLE `channel_dead_letters` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`channel_id` text NOT NULL,
	`kind` text NOT NULL,
	`payload` text NOT NULL,
	`error` text NOT NULL,
	`attempts` integer NOT NULL,
	`created_at` text NOT NULL,
	`retried_at` text
);
--> statement-breakpoint
CREATE INDEX `channel_dead_letters_channel` ON `channel_dead_letters` (`account_id`,`channel_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `channel_listings` (
	`account_id` text NOT NULL,
	`channel_id` text NOT NULL,
	`sku` text NOT NULL,
	`remote_id` text NOT NULL,
	`remote_variant_id` text,
	`updated_at` text NOT NULL,
	PRIMARY KEY(`channel_id`, `sku`)
);
--> statement-breakpoint
CREATE INDEX `channel_listings_account_sku` ON `channel_listings` (`account_id`,`sku`);--> statement-breakpoint
CREATE INDEX `channel_listings_remote` ON `channel_listings` (`channel_id`,`remote_id`);--> statement-breakpoint
CREATE TABLE `channel_state` (
	`channel_id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`order_watermark` text,
	`last_order_pull_at` text,
	`last_order_pull_error` text,
	`last_stock_push_at` text,
	`last_stock_push_error` text,
	`backlog` integer DEFAULT 0 NOT NULL,
	`resync` text,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `channel_stock` (
	`account_id` text NOT NULL,
	`channel_id` text NOT NULL,
	`sku` text NOT NULL,
	`intended` integer NOT NULL,
	`intended_at` text NOT NULL,
	`pushed` integer,
	`pushed_at` text,
	`confirmed` integer,
	`confirmed_at` text,
	`drift` integer DEFAULT false NOT NULL,
	`error` text,
	PRIMARY KEY(`channel_id`, `sku`)
);
--> statement-breakpoint
CREATE INDEX `channel_stock_account_sku` ON `channel_stock` (`account_id`,`sku`);--> statement-breakpoint
CREATE INDEX `channel_stock_drift` ON `channel_stock` (`channel_id`,`drift`);--> statement-breakpoint
CREATE TABLE `channels` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`type` text NOT NULL,
	`name` text NOT NULL,
	`endpoint` text,
	`credentials` text NOT NULL,
	`settings` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `channels_account` ON `channels` (`account_id`);--> statement-breakpoint
CREATE TABLE `webhook_events` (
	`channel_id` text NOT NULL,
	`event_id` text NOT NULL,
	`received_at` text NOT NULL,
	PRIMARY KEY(`channel_id`, `event_id`)
);
--> statement-breakpoint
CREATE INDEX `webhook_events_received` ON `webhook_events` (`received_at`);--> statement-breakpoint
ALTER TABLE `orders` ADD `mall_updated_at` text;