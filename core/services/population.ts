/**
 * Employers read page by page (a better-sqlite3 connection cannot write while a cursor is open, and
 * pages keep memory flat as the registry grows), and the population of a campaign: employers in
 * scope whose bureau is the campaign's or one under it.
 */
import { and, asc, eq, gt, inArray } from 'drizzle-orm';
import { schema, type DbOrTx } from '../db/index.ts';
import type { Campaign } from './campaign.ts';
import type { EmployerRow } from './employerFacts.ts';

const PAGE = 2000;

export function* employerPages(db: DbOrTx): Generator<EmployerRow[]> {
  for (let last = 0; ; ) {
    const page = db.select().from(schema.employers).where(gt(schema.employers.id, last)).orderBy(asc(schema.employers.id)).limit(PAGE).all();
    if (!page.length) return;
    yield page;
    last = page[page.length - 1].id;
  }
}

/** The campaign's bureau and every bureau below it. */
export function bureauScope(db: DbOrTx, bureauId: string): string[] {
  const all = db.select({ id: schema.bureaus.id, parentId: schema.bureaus.parentId }).from(schema.bureaus).all();
  const scope = [bureauId];
  for (let i = 0; i < scope.length; i++) for (const b of all) if (b.parentId === scope[i]) scope.push(b.id);
  return scope;
}

export function* populationPages(db: DbOrTx, campaign: Campaign): Generator<EmployerRow[]> {
  const scope = bureauScope(db, campaign.bureauId);
  const e = schema.employers;
  const a = schema.assignments;
  for (let last = 0; ; ) {
    const page = db
      .select({ employer: e })
      .from(e)
      .innerJoin(a, and(eq(a.employerId, e.id), eq(a.campaignId, campaign.id)))
      .where(and(gt(e.id, last), eq(a.inScope, true), inArray(a.bureauId, scope)))
      .orderBy(asc(e.id))
      .limit(PAGE)
      .all()
      .map((r) => r.employer);
    if (!page.length) return;
    yield page;
    last = page[page.length - 1].id;
  }
}
