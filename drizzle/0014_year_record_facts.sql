ALTER TABLE `year_records` ADD `facts` text DEFAULT '{}' NOT NULL;--> statement-breakpoint
-- each row's twelve values become its facts, named as the vocabulary names them
UPDATE `year_records` SET `facts` = json_object(
  'punishedCount', `punished_count`,
  'childLabour', json(iif(`child_labour`, 'true', 'false')),
  'forcedLabour', json(iif(`forced_labour`, 'true', 'false')),
  'massIncident', json(iif(`mass_incident`, 'true', 'false')),
  'refusedOrders', json(iif(`refused_orders`, 'true', 'false')),
  'obstructedInspection', json(iif(`obstructed_inspection`, 'true', 'false')),
  'criminalLiability', json(iif(`criminal_liability`, 'true', 'false')),
  'wageArrearsBlacklist', json(iif(`wage_arrears_blacklist`, 'true', 'false')),
  'majorViolationPublished', json(iif(`major_violation_published`, 'true', 'false')),
  'inspected', json(iif(`inspected`, 'true', 'false')),
  'writtenReview', json_object('overdue', json(iif(`review_overdue`, 'true', 'false')), 'overdueExcused', json(iif(`review_overdue_excused`, 'true', 'false')))
);--> statement-breakpoint
ALTER TABLE `year_records` DROP COLUMN `punished_count`;--> statement-breakpoint
ALTER TABLE `year_records` DROP COLUMN `child_labour`;--> statement-breakpoint
ALTER TABLE `year_records` DROP COLUMN `forced_labour`;--> statement-breakpoint
ALTER TABLE `year_records` DROP COLUMN `mass_incident`;--> statement-breakpoint
ALTER TABLE `year_records` DROP COLUMN `refused_orders`;--> statement-breakpoint
ALTER TABLE `year_records` DROP COLUMN `obstructed_inspection`;--> statement-breakpoint
ALTER TABLE `year_records` DROP COLUMN `criminal_liability`;--> statement-breakpoint
ALTER TABLE `year_records` DROP COLUMN `wage_arrears_blacklist`;--> statement-breakpoint
ALTER TABLE `year_records` DROP COLUMN `major_violation_published`;--> statement-breakpoint
ALTER TABLE `year_records` DROP COLUMN `inspected`;--> statement-breakpoint
ALTER TABLE `year_records` DROP COLUMN `review_overdue`;--> statement-breakpoint
ALTER TABLE `year_records` DROP COLUMN `review_overdue_excused`;