CREATE TABLE `draw_population` (
	`draw_id` integer NOT NULL,
	`employer_id` integer NOT NULL,
	`facts` text NOT NULL,
	`stratum` text NOT NULL,
	`forced` integer NOT NULL,
	`note` text,
	PRIMARY KEY(`draw_id`, `employer_id`),
	FOREIGN KEY (`draw_id`) REFERENCES `draws`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`employer_id`) REFERENCES `employers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `published_grades` (
	`campaign_id` integer NOT NULL,
	`employer_id` integer NOT NULL,
	`credit_code` text NOT NULL,
	`name` text NOT NULL,
	`bureau_id` text,
	`grade` text,
	`graded` integer NOT NULL,
	`label` text,
	`reasons` text NOT NULL,
	`status` text NOT NULL,
	`ruleset_hash` text NOT NULL,
	PRIMARY KEY(`campaign_id`, `employer_id`),
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`employer_id`) REFERENCES `employers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
ALTER TABLE `campaigns` ADD `assignment_ruleset_hash` text;--> statement-breakpoint
ALTER TABLE `draws` ADD `ruleset_hash` text;--> statement-breakpoint
ALTER TABLE `draws` ADD `strata` text;--> statement-breakpoint
ALTER TABLE `publicity` ADD `rendering` text;--> statement-breakpoint
ALTER TABLE `reviews` ADD `ruleset_hash` text;--> statement-breakpoint
ALTER TABLE `supervision_plans` ADD `ruleset_hash` text;