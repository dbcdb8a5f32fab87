DROP INDEX `users_account_login`;--> statement-breakpoint
-- Login IDs become unique without regard to case. Should an account already hold
-- look-alikes (admin and ADMIN), the older keeps its ID and each newer one gets a
-- suffix from its own id, so this migration can never fail on existing data.
UPDATE `users` SET `login_id` = `login_id` || '-' || lower(substr(`id`, -6))
WHERE EXISTS (SELECT 1 FROM `users` AS `o` WHERE `o`.`account_id` = `users`.`account_id` AND `o`.`login_id` = `users`.`login_id` COLLATE NOCASE AND `o`.`id` < `users`.`id`);--> statement-breakpoint
CREATE UNIQUE INDEX `users_account_login_nocase` ON `users` (`account_id`,"login_id" COLLATE NOCASE);
