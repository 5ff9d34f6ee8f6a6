CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` text NOT NULL,
	`actor` text NOT NULL,
	`action` text NOT NULL,
	`entity` text NOT NULL,
	`entity_id` text NOT NULL,
	`before` text,
	`after` text
);
--> statement-breakpoint
CREATE TABLE `assignments` (
	`campaign_id` integer NOT NULL,
	`employer_id` integer NOT NULL,
	`in_scope` integer NOT NULL,
	`bureau_id` text,
	`reason` text NOT NULL,
	`basis` text NOT NULL,
	PRIMARY KEY(`campaign_id`, `employer_id`),
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`employer_id`) REFERENCES `employers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `campaigns` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`plugin` text NOT NULL,
	`year` integer NOT NULL,
	`bureau_id` text NOT NULL,
	`settings` text NOT NULL,
	`template_overrides` text NOT NULL,
	`status` text NOT NULL,
	`created_by` integer,
	`created_at` text NOT NULL,
	FOREIGN KEY (`bureau_id`) REFERENCES `bureaus`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `draw_members` (
	`draw_id` integer NOT NULL,
	`employer_id` integer NOT NULL,
	`stratum` text NOT NULL,
	`cause` text NOT NULL,
	`rank_key` text NOT NULL,
	`note` text,
	PRIMARY KEY(`draw_id`, `employer_id`),
	FOREIGN KEY (`draw_id`) REFERENCES `draws`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`employer_id`) REFERENCES `employers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `draws` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`campaign_id` integer NOT NULL,
	`seed` text NOT NULL,
	`algorithm` text NOT NULL,
	`population_hash` text NOT NULL,
	`result_hash` text NOT NULL,
	`ratios` text NOT NULL,
	`created_by` integer,
	`created_at` text NOT NULL,
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `draws_campaign` ON `draws` (`campaign_id`);--> statement-breakpoint
CREATE TABLE `grades` (
	`campaign_id` integer NOT NULL,
	`employer_id` integer NOT NULL,
	`run_id` integer NOT NULL,
	`grade` text,
	`graded` integer NOT NULL,
	`label` text,
	`reasons` text NOT NULL,
	`status` text NOT NULL,
	PRIMARY KEY(`campaign_id`, `employer_id`),
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`employer_id`) REFERENCES `employers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`run_id`) REFERENCES `grading_runs`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `grading_runs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`campaign_id` integer NOT NULL,
	`ruleset_hash` text NOT NULL,
	`graded` integer NOT NULL,
	`counts` text NOT NULL,
	`created_by` integer,
	`created_at` text NOT NULL,
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `year_records` (
	`campaign_id` integer NOT NULL,
	`employer_id` integer NOT NULL,
	`punished_count` integer NOT NULL,
	`child_labour` integer NOT NULL,
	`forced_labour` integer NOT NULL,
	`mass_incident` integer NOT NULL,
	`refused_orders` integer NOT NULL,
	`obstructed_inspection` integer NOT NULL,
	`criminal_liability` integer NOT NULL,
	`wage_arrears_blacklist` integer NOT NULL,
	`major_violation_published` integer NOT NULL,
	`inspected` integer NOT NULL,
	`review_overdue` integer NOT NULL,
	`review_overdue_excused` integer NOT NULL,
	PRIMARY KEY(`campaign_id`, `employer_id`),
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`employer_id`) REFERENCES `employers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `bureaus` (
	`id` text PRIMARY KEY NOT NULL,
	`plugin` text NOT NULL,
	`name` text NOT NULL,
	`parent_id` text,
	`level` text
);
--> statement-breakpoint
CREATE TABLE `employers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`credit_code` text NOT NULL,
	`name` text NOT NULL,
	`unit_type` text NOT NULL,
	`admin_level` text,
	`division_code` text NOT NULL,
	`work_division_codes` text NOT NULL,
	`park` text,
	`industry_code` text,
	`headcount` integer NOT NULL,
	`uses_dispatch` integer NOT NULL,
	`operating` integer NOT NULL,
	`last_grade` text,
	`grade_history` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `employers_credit_code` ON `employers` (`credit_code`);--> statement-breakpoint
CREATE TABLE `users` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`username` text NOT NULL,
	`display_name` text NOT NULL,
	`role` text NOT NULL,
	`bureau_id` text,
	`credit_code` text,
	`password_hash` text,
	`created_at` text NOT NULL,
	FOREIGN KEY (`bureau_id`) REFERENCES `bureaus`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_username` ON `users` (`username`);