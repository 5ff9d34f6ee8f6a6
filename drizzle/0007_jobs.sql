CREATE TABLE `jobs` (
	`id` text PRIMARY KEY NOT NULL,
	`what` text NOT NULL,
	`user_id` integer NOT NULL,
	`status` text NOT NULL,
	`done` integer NOT NULL,
	`result` text,
	`error` text,
	`started_at` text NOT NULL,
	`ended_at` text,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `jobs_status` ON `jobs` (`status`);