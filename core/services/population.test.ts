/**
 * The pages of employers are read with a prepared statement and decoded by the schema's columns,
 * not by drizzle's row mapping: they must be the rows drizzle gives.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { and, asc, eq, inArray } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { Decider } from '../decide.ts';
import { openDatabase, schema } from '../db/index.ts';
import { loadRegistry } from '../registry.ts';
import { syntheticPopulation } from '../synthetic.ts';
import { localAdministrator } from './actor.ts';
import { syncBureaus } from './bureaus.ts';
import { createCampaign } from './campaign.ts';
import { storeEmployers } from './employerImport.ts';
import { assignJurisdiction } from './jurisdictionRun.ts';
import { bureauScope } from './bureaus.ts';
import { employerPages, populationPages } from './population.ts';

describe('pages of employers', () => {
  it('are the rows drizzle reads, JSON and booleans decoded, page after page; the population those in the campaign’s scope', async () => {
    const registry = await loadRegistry();
    const db = openDatabase(':memory:');
    await syncBureaus(db, registry);
    const admin = await localAdministrator(db);
    const plugin = registry.get('chongqing-jiangjin');
    await storeEmployers(db, admin, plugin.id, [...syntheticPopulation(plugin, 4500, 3)] as never, 'synthetic');
    db.update(schema.employers)
      .set({ gradeHistory: [{ year: 2022, grade: 'A' }], workDivisionCodes: ['500116', '500118'] })
      .where(eq(schema.employers.id, 4001))
      .run();
    const settings = JSON.parse(readFileSync(join(plugin.dir, 'campaign.example.json'), 'utf8'));
    const campaign = await createCampaign(db, registry, admin, { plugin: plugin.id, year: 2023, bureau: 'cq-jiangjin', settings });
    await assignJurisdiction(db, new Decider(registry), admin, campaign.id);

    const pages = [...employerPages(db, 'chongqing-jiangjin')];
    expect(pages.map((p) => p.length)).toEqual([2000, 2000, 500]);
    expect(pages.flat()).toEqual(db.select().from(schema.employers).orderBy(asc(schema.employers.id)).all());
    expect(pages.flat()[4000]).toMatchObject({
      gradeHistory: [{ year: 2022, grade: 'A' }],
      workDivisionCodes: ['500116', '500118'],
      operating: expect.any(Boolean),
    });

    const { employers: e, assignments: a } = schema;
    const inScope = db
      .select({ employer: e })
      .from(e)
      .innerJoin(a, and(eq(a.employerId, e.id), eq(a.campaignId, campaign.id)))
      .where(and(eq(a.inScope, true), inArray(a.bureauId, bureauScope(db, campaign.bureauId))))
      .orderBy(asc(e.id))
      .all()
      .map((r) => r.employer);
    const population = [...populationPages(db, campaign)].flat();
    expect(population).toEqual(inScope);
    expect(population.length).toBeGreaterThan(3000);
    expect(population.length).toBeLessThan(4500);
  });
});
