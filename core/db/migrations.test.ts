/** The migrations move stored data, not only the schema: a database of an older jiancha keeps its rows' meaning. */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../registry.ts';

/** The committed migrations up to, not including, `tag`. */
function migrationsBefore(tag: string): string {
  const folder = join(mkdtempSync(join(tmpdir(), 'jiancha-migrations-')), 'drizzle');
  cpSync(join(projectRoot, 'drizzle'), folder, { recursive: true });
  const journal = JSON.parse(readFileSync(join(folder, 'meta/_journal.json'), 'utf8'));
  const at = journal.entries.findIndex((e: { tag: string }) => e.tag === tag);
  expect(at).toBeGreaterThan(0);
  writeFileSync(join(folder, 'meta/_journal.json'), JSON.stringify({ ...journal, entries: journal.entries.slice(0, at) }));
  return folder;
}

describe('0014_year_record_facts', () => {
  it('turns each year record’s twelve columns into its facts, named as the vocabulary names them', () => {
    const sqlite = new Database(':memory:');
    const db = drizzle(sqlite);
    migrate(db, { migrationsFolder: migrationsBefore('0014_year_record_facts') });
    // the rows stand for a campaign's records alone, without the campaign and employers they name
    sqlite.pragma('foreign_keys = OFF');
    const insert = sqlite.prepare(
      `INSERT INTO year_records (campaign_id, employer_id, punished_count, child_labour, forced_labour, mass_incident, refused_orders,
       obstructed_inspection, criminal_liability, wage_arrears_blacklist, major_violation_published, inspected, review_overdue, review_overdue_excused)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    insert.run(1, 1, 3, 1, 0, 1, 0, 1, 0, 1, 0, 1, 1, 0);
    insert.run(1, 2, 0, 0, 1, 0, 1, 0, 1, 0, 1, 0, 0, 1);
    migrate(db, { migrationsFolder: join(projectRoot, 'drizzle') });
    const rows = sqlite.prepare('SELECT * FROM year_records ORDER BY employer_id').all() as Record<string, unknown>[];
    expect(Object.keys(rows[0])).toEqual(['campaign_id', 'employer_id', 'facts']);
    expect(rows.map((r) => JSON.parse(r.facts as string))).toEqual([
      {
        punishedCount: 3,
        childLabour: true,
        forcedLabour: false,
        massIncident: true,
        refusedOrders: false,
        obstructedInspection: true,
        criminalLiability: false,
        wageArrearsBlacklist: true,
        majorViolationPublished: false,
        inspected: true,
        writtenReview: { overdue: true, overdueExcused: false },
      },
      {
        punishedCount: 0,
        childLabour: false,
        forcedLabour: true,
        massIncident: false,
        refusedOrders: true,
        obstructedInspection: false,
        criminalLiability: true,
        wageArrearsBlacklist: false,
        majorViolationPublished: true,
        inspected: false,
        writtenReview: { overdue: false, overdueExcused: true },
      },
    ]);
  });
});
