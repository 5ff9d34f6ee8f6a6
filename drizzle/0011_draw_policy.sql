ALTER TABLE `draw_population` ADD `area` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `draws` ADD `area` text;