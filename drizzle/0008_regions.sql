-- Each region keeps its own registry: employers carry their region, unique on (region, credit code).
-- Rows already stored take the region of the campaign that found them in scope (else of any campaign
-- that assigned them); a row no campaign saw is left without a region ('') until its region imports it.
DROP INDEX `employers_credit_code`;--> statement-breakpoint
ALTER TABLE `employers` ADD `region` text NOT NULL DEFAULT '';--> statement-breakpoint
UPDATE `employers` SET `region` = coalesce(
  (SELECT b.plugin FROM assignments a JOIN bureaus b ON b.id = a.bureau_id WHERE a.employer_id = employers.id AND a.in_scope = 1 ORDER BY a.campaign_id DESC LIMIT 1),
  (SELECT b.plugin FROM assignments a JOIN campaigns c ON c.id = a.campaign_id JOIN bureaus b ON b.id = c.bureau_id WHERE a.employer_id = employers.id ORDER BY a.campaign_id DESC LIMIT 1),
  '');--> statement-breakpoint
CREATE UNIQUE INDEX `employers_region_credit_code` ON `employers` (`region`,`credit_code`);--> statement-breakpoint
-- Bureaus carry the division codes and parks of the directory (synced from the plugins as they load).
ALTER TABLE `bureaus` ADD `divisions` text;--> statement-breakpoint
ALTER TABLE `bureaus` ADD `parks` text;--> statement-breakpoint
-- Accounts carry their region: staff their bureau's, an employer account its credit code's registry.
ALTER TABLE `users` ADD `region` text;--> statement-breakpoint
UPDATE `users` SET `region` = CASE
  WHEN bureau_id IS NOT NULL THEN (SELECT plugin FROM bureaus WHERE id = users.bureau_id)
  WHEN credit_code IS NOT NULL THEN (SELECT region FROM employers WHERE credit_code = users.credit_code AND region <> '' ORDER BY id LIMIT 1)
END;--> statement-breakpoint
-- Audit entries carry the bureau and region they belong to; past entries take their actor's.
ALTER TABLE `audit_log` ADD `bureau_id` text;--> statement-breakpoint
ALTER TABLE `audit_log` ADD `region` text;--> statement-breakpoint
DROP TRIGGER `audit_log_no_update`;--> statement-breakpoint
UPDATE `audit_log` SET `bureau_id` = (SELECT bureau_id FROM users WHERE username = audit_log.actor), `region` = (SELECT region FROM users WHERE username = audit_log.actor);--> statement-breakpoint
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
