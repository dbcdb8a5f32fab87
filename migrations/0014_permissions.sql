-- 権限 (worker/users/permissions.ts): one permission per function beside the role, a JSON
-- array per user. A row written without it has none (fail closed); existing users get their
-- role's defaults: admin every permission, operator stock_adjust, csv_import, export and
-- personal_data, viewer personal_data. rules and channel_settings stay with admins.
ALTER TABLE `users` ADD `permissions` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
UPDATE `users` SET `permissions` = CASE `role`
	WHEN 'admin' THEN '["stock_adjust","csv_import","export","personal_data","rules","channel_settings"]'
	WHEN 'operator' THEN '["stock_adjust","csv_import","export","personal_data"]'
	WHEN 'viewer' THEN '["personal_data"]'
	ELSE '[]'
END;
