-- 同梱 (merging orders): a child order ships inside its parent's parcel. It keeps its own
-- row (channel, store order number, lines, totals, reservation); merge_parent_id names
-- the parent and status_before_merge the status unmerge returns it to (orders/merge.ts).
-- 分割出荷 (split shipments): each parcel of an order shipped in parts, with its own
-- carrier and tracking number and the units it carried (orders/split.ts).
ALTER TABLE `orders` ADD `merge_parent_id` text;--> statement-breakpoint
ALTER TABLE `orders` ADD `status_before_merge` text;--> statement-breakpoint
CREATE INDEX `orders_account_merge_parent` ON `orders` (`account_id`,`merge_parent_id`);--> statement-breakpoint
CREATE TABLE `order_shipments` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`order_id` text NOT NULL,
	`carrier` text NOT NULL,
	`tracking_number` text NOT NULL,
	`shipped_at` text NOT NULL,
	`lines` text NOT NULL,
	`actor` text
);
--> statement-breakpoint
CREATE INDEX `order_shipments_account_order` ON `order_shipments` (`account_id`,`order_id`,`shipped_at`);
