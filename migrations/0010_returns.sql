-- 返品・交換: returns recorded against shipped orders (number R000001 per account, from
-- counters), their lines (sellable units go back into stock through the StockLedger), the
-- refund status and amount, and the replacement order of an exchange.
CREATE TABLE `returns` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`order_id` text NOT NULL,
	`number` text NOT NULL,
	`reason` text NOT NULL,
	`note` text,
	`refund_status` text NOT NULL,
	`refund_amount` integer DEFAULT 0 NOT NULL,
	`exchange_order_id` text,
	`request_key` text,
	`created_at` text NOT NULL,
	`created_by` text,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `returns_account_number` ON `returns` (`account_id`,`number`);--> statement-breakpoint
CREATE UNIQUE INDEX `returns_account_request_key` ON `returns` (`account_id`,`request_key`);--> statement-breakpoint
CREATE INDEX `returns_account_created` ON `returns` (`account_id`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `returns_account_refund_created` ON `returns` (`account_id`,`refund_status`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `returns_account_order` ON `returns` (`account_id`,`order_id`);--> statement-breakpoint
CREATE TABLE `return_lines` (
	`account_id` text NOT NULL,
	`return_id` text NOT NULL,
	`order_id` text NOT NULL,
	`line_no` integer NOT NULL,
	`sku` text NOT NULL,
	`quantity` integer NOT NULL,
	`sellable_quantity` integer NOT NULL,
	`restocked` integer DEFAULT false NOT NULL,
	PRIMARY KEY(`return_id`, `line_no`)
);
--> statement-breakpoint
CREATE INDEX `return_lines_account_order_sku` ON `return_lines` (`account_id`,`order_id`,`sku`);
