CREATE TABLE `counters` (
	`account_id` text NOT NULL,
	`name` text NOT NULL,
	`value` integer NOT NULL,
	PRIMARY KEY(`account_id`, `name`)
);
--> statement-breakpoint
CREATE TABLE `order_events` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`order_id` text NOT NULL,
	`at` text NOT NULL,
	`actor` text,
	`kind` text NOT NULL,
	`detail` text
);
--> statement-breakpoint
CREATE INDEX `order_events_order` ON `order_events` (`order_id`,`at`);--> statement-breakpoint
CREATE TABLE `order_lines` (
	`account_id` text NOT NULL,
	`order_id` text NOT NULL,
	`line_no` integer NOT NULL,
	`sku` text NOT NULL,
	`name` text,
	`quantity` integer NOT NULL,
	`unit_price` integer NOT NULL,
	`shortage` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`order_id`, `line_no`)
);
--> statement-breakpoint
CREATE INDEX `order_lines_account_sku` ON `order_lines` (`account_id`,`sku`);--> statement-breakpoint
CREATE TABLE `orders` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`number` text NOT NULL,
	`channel_id` text NOT NULL,
	`external_id` text NOT NULL,
	`status` text NOT NULL,
	`ordered_at` text NOT NULL,
	`customer_name` text NOT NULL,
	`customer_email` text,
	`customer_phone` text,
	`ship_name` text NOT NULL,
	`postal_code` text NOT NULL,
	`prefecture` text NOT NULL,
	`city` text NOT NULL,
	`address1` text NOT NULL,
	`address2` text,
	`ship_phone` text NOT NULL,
	`payment_method` text NOT NULL,
	`paid` integer NOT NULL,
	`shipping_method` text,
	`desired_date` text,
	`time_slot` text,
	`note` text,
	`items_total` integer NOT NULL,
	`shipping_fee` integer DEFAULT 0 NOT NULL,
	`fees` integer DEFAULT 0 NOT NULL,
	`discount` integer DEFAULT 0 NOT NULL,
	`points` integer DEFAULT 0 NOT NULL,
	`tax` integer DEFAULT 0 NOT NULL,
	`total` integer NOT NULL,
	`stock_warning` integer NOT NULL,
	`reserved` integer DEFAULT false NOT NULL,
	`flags` text DEFAULT '[]' NOT NULL,
	`carrier` text,
	`tracking_number` text,
	`shipped_at` text,
	`cancelled_at` text,
	`raw` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `orders_account_channel_external` ON `orders` (`account_id`,`channel_id`,`external_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `orders_account_number` ON `orders` (`account_id`,`number`);--> statement-breakpoint
CREATE INDEX `orders_account_status_ordered` ON `orders` (`account_id`,`status`,`ordered_at`,`id`);--> statement-breakpoint
CREATE INDEX `orders_account_ordered` ON `orders` (`account_id`,`ordered_at`,`id`);