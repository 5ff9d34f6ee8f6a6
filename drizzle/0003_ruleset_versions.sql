CREATE TABLE `ruleset_versions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`file` text NOT NULL,
	`plugin` text NOT NULL,
	`decision` text NOT NULL,
	`version` integer NOT NULL,
	`content` text NOT NULL,
	`hash` text NOT NULL,
	`reason` text NOT NULL,
	`author_id` integer NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`author_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `ruleset_versions_file_version` ON `ruleset_versions` (`file`,`version`);