CREATE INDEX `orders_account_email` ON `orders` (`account_id`,`customer_email`);--> statement-breakpoint
CREATE INDEX `orders_account_phone` ON `orders` (`account_id`,`customer_phone`);