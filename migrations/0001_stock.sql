CREATE TABLE `skus` (
	`account_id` text NOT NULL,
	`code` text NOT NULL,
	`name` text NOT NULL,
	`axis1` text,
	`axis2` text,
	`jan_code` text,
	`supplier_code` text,
	`shelf_number` text,
	`managed` integer NOT NULL,
	`is_set` integer NOT NULL,
	`components` text NOT NULL,
	`safety_stock` integer NOT NULL,
	`reorder_point` integer NOT NULL,
	`on_hand` integer NOT NULL,
	`reserved` integer NOT NULL,
	`available` integer NOT NULL,
	`locations` text NOT NULL,
	`deleted` integer NOT NULL,
	`version` integer NOT NULL,
	`updated_at` text NOT NULL,
	PRIMARY KEY(`account_id`, `code`)
);
--> statement-breakpoint
CREATE INDEX `skus_account_name` ON `skus` (`account_id`,`name`);--> statement-breakpoint
CREATE INDEX `skus_account_jan` ON `skus` (`account_id`,`jan_code`);--> statement-breakpoint
CREATE INDEX `skus_account_low` ON `skus` (`account_id`,`available`);