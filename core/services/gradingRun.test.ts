/**
 * The grading run computes outside the write lock: another connection writes while it runs (other
 * campaigns' reviewers are assigned at once, not after the run), while its own campaign stays closed
 * to the inputs the run reads until the grades are applied. On a real SQLite file, two connections.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { jiangjinEmployers } from '../../test/fixtures/jiangjin.ts';
import { exampleSettings } from '../../test/fixtures/project.ts';
import { Decider } from '../decide.ts';
import { openDatabase, schema, type Db } from '../db/index.ts';
import { loadRegistry, type Registry } from '../registry.ts';
import { localAdministrator } from './actor.ts';
import { syncBureaus } from './bureaus.ts';
import { createCampaign, getCampaign } from './campaign.ts';
import { draw } from './draw.ts';
import { storeEmployers } from './employerImport.ts';
import { runGrading } from './gradingRun.ts';
import { assignJurisdiction } from './jurisdictionRun.ts';
import { assignReviewers } from './reviews.ts';
import { createUser } from './users.ts';

let registry: Registry;
let decider: Decider;
beforeAll(async () => {
  registry = await loadRegistry();
  decider = new Decider(registry);
});

const settings = (year: number) => exampleSettings('chongqing-jiangjin', year);

/** Two drawn 江津 campaigns (2023, 2024) of `n` employers on one file, and a second connection to it. */
async function twoCampaigns(n: number) {
  const file = join(mkdtempSync(join(tmpdir(), 'jiancha-grading-')), 'jiancha.db');
  const db: Db = openDatabase(file);
  await syncBureaus(db, registry);
  const admin = await localAdministrator(db);
  await createUser(db, admin, { username: 'jj-clerk', role: 'clerk', bureauId: 'cq-jiangjin' });
  await storeEmployers(db, admin, 'chongqing-jiangjin', jiangjinEmployers(n), 'test');
  const ids: number[] = [];
  for (const year of [2023, 2024]) {
    const c = await createCampaign(db, registry, admin, { plugin: 'chongqing-jiangjin', year, bureau: 'cq-jiangjin', settings: settings(year) });
    await assignJurisdiction(db, decider, admin, c.id);
    await draw(db, decider, admin, c.id, `${year} 公开种子`);
    ids.push(c.id);
  }
  const other = openDatabase(file);
  // a write that has to wait for the lock fails at once instead of waiting: the run must not hold it
  other.$client.pragma('busy_timeout = 0');
  return { db, other, admin, graded: ids[0], open: ids[1] };
}

describe('a grading run', () => {
  it('lets another connection write to another campaign while it computes, and keeps its own campaign closed until it applies', async () => {
    const { db, other, admin, graded, open } = await twoCampaigns(1200);
    const seen: { during: number; otherCampaign: unknown; ownCampaign: unknown; gradesVisible: number; stillRunning: boolean }[] = [];
    const otherAdmin = await localAdministrator(other);
    const attempt = (id: number) =>
      assignReviewers(other, otherAdmin, id, ['jj-clerk'], 'cq-jiangjin').then(
        (r) => r.assigned,
        (err: Error) => err.message,
      );
    // the run waits for the report: the attempts are made while it computes
    const result = await runGrading(db, decider, admin, graded, async (done) => {
      if (done !== 500) return;
      seen.push({
        during: done,
        otherCampaign: await attempt(open),
        ownCampaign: await attempt(graded),
        gradesVisible: other.select().from(schema.grades).all().length,
        stillRunning: getCampaign(other, otherAdmin, graded).running !== null,
      });
    });
    expect(result.employers).toBe(1200);
    expect(seen).toHaveLength(1);
    expect(seen[0].stillRunning).toBe(true);
    // 分配审查人员 in the 2024 campaign is written and kept though the 2023 run is under way
    expect(seen[0].otherCampaign).toMatchObject({ 'jj-clerk': expect.any(Number) });
    expect(seen[0].ownCampaign).toMatch(/活动 \d+ 正在评价.*请稍后再审查/);
    // nothing of the run is seen before it applies
    expect(seen[0].gradesVisible).toBe(0);
    const assigned = db.select().from(schema.reviews).all();
    expect(assigned.length).toBeGreaterThan(0);
    expect(assigned.every((r) => r.campaignId === open)).toBe(true);
    // applied whole, and the campaign open to its next step again
    expect(db.select().from(schema.grades).all()).toHaveLength(1200);
    expect(getCampaign(db, admin, graded)).toMatchObject({ status: 'graded', running: null });
  });

  it('gives its claim up when it fails, so the campaign can be graded again', async () => {
    const { db, admin, graded } = await twoCampaigns(600);
    await expect(
      runGrading(db, decider, admin, graded, () => {
        throw new Error('power cut');
      }),
    ).rejects.toThrow('power cut');
    expect(db.select().from(schema.grades).all()).toHaveLength(0);
    expect(getCampaign(db, admin, graded)).toMatchObject({ status: 'drawn', running: null });
    expect((await runGrading(db, decider, admin, graded)).employers).toBe(600);
  });

  it('takes over a claim whose process is gone (kill -9)', async () => {
    const { db, admin, graded } = await twoCampaigns(100);
    // above Linux's largest pid (2^22): no process has it
    const dead = { step: 'grading', pid: 2 ** 22 + 1, since: '2026-01-01T00:00:00.000Z' };
    db.$client.prepare('UPDATE campaigns SET running = ? WHERE id = ?').run(JSON.stringify(dead), graded);
    expect((await runGrading(db, decider, admin, graded)).employers).toBe(100);
    db.$client.prepare('UPDATE campaigns SET running = ?, status = ? WHERE id = ?').run(JSON.stringify({ ...dead, pid: process.pid }), 'drawn', graded);
    await expect(runGrading(db, decider, admin, graded)).rejects.toThrow(/正在评价/);
  });
});
