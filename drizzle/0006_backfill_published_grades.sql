-- Campaigns published before publication kept a snapshot: theirs is what their records say now,
-- which is all that is left of what they published.
INSERT INTO `published_grades` (campaign_id, employer_id, credit_code, name, bureau_id, grade, graded, label, reasons, status, ruleset_hash)
SELECT g.campaign_id, g.employer_id, e.credit_code, e.name, a.bureau_id, g.grade, g.graded, g.label, g.reasons, g.status, r.ruleset_hash
FROM `grades` g JOIN `campaigns` c ON c.id = g.campaign_id AND c.status = 'published'
JOIN `employers` e ON e.id = g.employer_id JOIN `grading_runs` r ON r.id = g.run_id
LEFT JOIN `assignments` a ON a.campaign_id = g.campaign_id AND a.employer_id = g.employer_id;
--> statement-breakpoint
UPDATE `publicity` SET rendering = (SELECT json_object('settings', json(c.settings), 'overrides', json(c.template_overrides)) FROM `campaigns` c WHERE c.id = publicity.campaign_id)
WHERE published_on IS NOT NULL;
