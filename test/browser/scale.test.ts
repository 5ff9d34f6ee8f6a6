/**
 * A campaign of 100,000 employers in chromium (issue 12 item 2: "working on a campaign of 100,000
 * employers"): the grade list and the review list reach the last employer by their last page, by its
 * credit code and by part of its name. The campaign is seeded through the services (the walk through
 * the console is walk.test.ts), once for the file: import 1 s, jurisdiction 3 s, draw 5 s, grading 2 s on the
 * shared 2-core machine at load 6; with chromium's start the setup takes about 25 s of its 120 s.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCampaign } from '../../core/services/campaign.ts';
import { draw } from '../../core/services/draw.ts';
import { runGrading } from '../../core/services/gradingRun.ts';
import { assignJurisdiction } from '../../core/services/jurisdictionRun.ts';
import { PAGE_SIZE } from '../../core/services/listing.ts';
import { createUser } from '../../core/services/users.ts';
import { jiangjinCode, jiangjinDatabase } from '../fixtures/jiangjin.ts';
import { exampleSettings } from '../fixtures/project.ts';
import { PASSWORD, startConsole } from './harness.ts';

const EMPLOYERS = 100_000;
/** the last by credit code, as the lists sort by default: the codes' serials are zero-padded */
const LAST = jiangjinCode(EMPLOYERS - 1);
const LAST_NAME = `江津测试${EMPLOYERS - 1}有限公司`;
const PAGES = Math.ceil(EMPLOYERS / PAGE_SIZE.default);

let app: Awaited<ReturnType<typeof startConsole>>;
let clerk: Page;
let campaign: string;

beforeAll(async () => {
  // every one in a key industry: all drawn, so all in the review list too
  const { db, registry, decider, admin } = await jiangjinDatabase(EMPLOYERS);
  const c = await createCampaign(db, registry, admin, {
    plugin: 'chongqing-jiangjin',
    year: 2023,
    bureau: 'cq-jiangjin',
    settings: exampleSettings('chongqing-jiangjin'),
  });
  await assignJurisdiction(db, decider, admin, c.id);
  await draw(db, decider, admin, c.id, '十万家种子');
  await runGrading(db, decider, admin, c.id);
  await createUser(db, admin, { username: 'jj-clerk', displayName: '江津区人社局经办人', role: 'clerk', bureauId: 'cq-jiangjin', password: PASSWORD });
  app = await startConsole({ db, registry, decider });
  clerk = await app.as('jj-clerk');
  campaign = `${app.base}/campaigns/${c.id}`;
});

afterAll(async () => {
  await app?.close();
});

const pager = async () => (await clerk.textContent('nav.pager span')) ?? '';
const codes = () => clerk.locator('tbody td.code').allTextContents();

/** The list at `path` reaches the last employer by its last page, its credit code and part of its name. */
async function reachesLast(path: string) {
  await clerk.goto(path);
  expect(await pager()).toBe(`共 ${EMPLOYERS.toLocaleString('zh-CN')} 家，第 1 / ${PAGES} 页`);
  await clerk.click('nav.pager a:text-is("末页")');
  expect(await pager()).toBe(`共 ${EMPLOYERS.toLocaleString('zh-CN')} 家，第 ${PAGES} / ${PAGES} 页`);
  expect((await codes()).at(-1)).toBe(LAST);

  await clerk.fill('input[name=q]', LAST);
  await clerk.click('form.list-form button[type=submit]');
  expect(await pager()).toBe('共 1 家，第 1 / 1 页');
  expect(await codes()).toEqual([LAST]);

  // part of its name: its serial, which no other name holds
  await clerk.fill('input[name=q]', `测试${EMPLOYERS - 1}`);
  await clerk.click('form.list-form button[type=submit]');
  expect(await codes()).toEqual([LAST]);
  expect(await clerk.textContent('tbody')).toContain(LAST_NAME);
}

describe('a campaign of 100,000 employers in chromium', () => {
  it('reaches the last employer in the grade list', async () => {
    await reachesLast(campaign);
  });

  it('reaches the last employer in the review list', async () => {
    await reachesLast(`${campaign}/reviews`);
  });
});
