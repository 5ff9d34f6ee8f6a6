CREATE TABLE `declarations` (
	`campaign_id` integer NOT NULL,
	`employer_id` integer NOT NULL,
	`basics` text NOT NULL,
	`roster` text NOT NULL,
	`staff_sample` text NOT NULL,
	`checklist` text NOT NULL,
	`due_date` text NOT NULL,
	`submitted_on` text NOT NULL,
	`late` integer NOT NULL,
	`late_excuse` text,
	`submitted_by` integer,
	PRIMARY KEY(`campaign_id`, `employer_id`),
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`employer_id`) REFERENCES `employers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`submitted_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `grade_changes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`campaign_id` integer NOT NULL,
	`employer_id` integer NOT NULL,
	`from_grade` text,
	`to_grade` text NOT NULL,
	`reason` text NOT NULL,
	`status` text NOT NULL,
	`requested_by` integer NOT NULL,
	`requested_at` text NOT NULL,
	`decided_by` integer,
	`decided_at` text,
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`employer_id`) REFERENCES `employers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`requested_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`decided_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `objections` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`campaign_id` integer NOT NULL,
	`employer_id` integer NOT NULL,
	`text` text NOT NULL,
	`filed_on` text NOT NULL,
	`filed_by` integer NOT NULL,
	`status` text NOT NULL,
	`resolution` text,
	`grade_change_id` integer,
	`resolved_by` integer,
	`resolved_at` text,
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`employer_id`) REFERENCES `employers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`filed_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`grade_change_id`) REFERENCES `grade_changes`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`resolved_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `publicity` (
	`campaign_id` integer PRIMARY KEY NOT NULL,
	`from_date` text NOT NULL,
	`to_date` text NOT NULL,
	`working_days` integer NOT NULL,
	`started_by` integer NOT NULL,
	`published_on` text,
	`published_by` integer,
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`started_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`published_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `rectifications` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`review_id` integer NOT NULL,
	`item` text NOT NULL,
	`note` text,
	`due_date` text NOT NULL,
	`status` text NOT NULL,
	`evidence` text,
	`updated_by` integer,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`review_id`) REFERENCES `reviews`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`updated_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `reviews` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`campaign_id` integer NOT NULL,
	`employer_id` integer NOT NULL,
	`reviewer_id` integer,
	`findings` text NOT NULL,
	`undetermined` integer NOT NULL,
	`outcome` text,
	`disposition` text,
	`reasons` text NOT NULL,
	`status` text NOT NULL,
	`recorded_by` integer,
	`recorded_at` text,
	`approved_by` integer,
	`approved_at` text,
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`employer_id`) REFERENCES `employers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`reviewer_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`recorded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`approved_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `reviews_campaign_employer` ON `reviews` (`campaign_id`,`employer_id`);--> statement-breakpoint
CREATE TABLE `supervision_plans` (
	`campaign_id` integer NOT NULL,
	`employer_id` integer NOT NULL,
	`year` integer NOT NULL,
	`grade` text NOT NULL,
	`patrols_per_year` integer,
	`exempt_from_patrol` integer NOT NULL,
	`interview` integer NOT NULL,
	`dates` text NOT NULL,
	`measures` text NOT NULL,
	PRIMARY KEY(`campaign_id`, `employer_id`),
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`employer_id`) REFERENCES `employers`(`id`) ON UPDATE no action ON DELETE no action
);
