/**
 * No bureau reaches into another region (issue 10): each region keeps its own registry; a bureau
 * imports and opens accounts only within its jurisdiction; only a campaign's own employers object;
 * a region's rules are its owning bureau's; each bureau reads its own audit entries; a manual draw
 * addition comes from the campaign's own population.
 */
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { Decider } from '../core/decide.ts';
import { openDatabase, schema } from '../core/db/index.ts';
import { JianchaError } from '../core/errors.ts';
import { today } from '../core/facts.ts';
import { loadRegistry } from '../core/registry.ts';
import { actorFor, localAdministrator, type Actor } from '../core/services/actor.ts';
import { auditLimit, readAudit } from '../core/services/audit.ts';
import { getCampaign, listCampaigns } from '../core/services/campaign.ts';
import { seedDemo } from '../core/services/demo.ts';
import { draw } from '../core/services/draw.ts';
import { importEmployers } from '../core/services/employerImport.ts';
import { fileObjection } from '../core/services/publicity.ts';
import { editRuleset, listRulesetVersions } from '../core/services/rulesetEdits.ts';
import { createUser } from '../core/services/users.ts';
import { createCampaign } from '../core/services/campaign.ts';
import { addWorkingDays } from '../core/calendar.ts';

const db = openDatabase(':memory:');
const registry = await loadRegistry();
const decider = new Decider(registry);
const admin = await localAdministrator(db);
const [jiangjin, changji] = await seedDemo(db, decider, admin, { employers: 150 });
const sqlite = db.$client;

async function staff(username: string, role: Actor['role'], bureauId: string): Promise<Actor> {
  await createUser(db, admin, { username, role, bureauId });
  return await actorFor(db, username);
}
const fukangAdmin = await staff('fukang-admin', 'administrator', 'fukang');
const jimsarAdmin = await staff('jimsar-admin', 'administrator', 'jimsar');
const fukangHead = await staff('fukang-head', 'head', 'fukang');
const prefectureHead = await staff('pref-head', 'head', 'changji-prefecture');
const jiangjinAdmin = await staff('jj-admin', 'administrator', 'cq-jiangjin');
const codeIn = (campaign: number, where: string, ...args: unknown[]) =>
  sqlite
    .prepare(`SELECT e.credit_code FROM assignments a JOIN employers e ON e.id = a.employer_id WHERE a.campaign_id = ? AND ${where} ORDER BY e.id`)
    .pluck()
    .get(campaign, ...args) as string;
const fukangCode = codeIn(changji, "a.in_scope = 1 AND a.bureau_id = 'fukang'");
const jimsarCode = codeIn(changji, "a.in_scope = 1 AND a.bureau_id = 'jimsar'");
const jiangjinCode = codeIn(jiangjin, "a.in_scope = 1 AND a.bureau_id = 'cq-jiangjin'");

async function failure(promise: Promise<unknown> | (() => unknown)): Promise<JianchaError> {
  const err = await (typeof promise === 'function' ? Promise.resolve().then(promise) : promise).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(JianchaError);
  return err as JianchaError;
}
const csv = (lines: string[]) => Readable.from([Buffer.from(`${lines.join('\n')}\n`)]);
const storedOf = (region: string, code: string) =>
  sqlite.prepare('SELECT name, last_grade AS lastGrade, headcount FROM employers WHERE region = ? AND credit_code = ?').get(region, code) as
    | { name: string; lastGrade: string | null; headcount: number }
    | undefined;

describe('accounts within the creator’s jurisdiction', () => {
  it('refuses an employer account for a credit code of another region or county, and staff of another bureau', async () => {
    expect((await failure(createUser(db, fukangAdmin, { username: 'emp-jj', role: 'employer', creditCode: jiangjinCode }))).code).toBe('not-found');
    expect((await failure(createUser(db, fukangAdmin, { username: 'emp-jimsar', role: 'employer', creditCode: jimsarCode }))).code).toBe('not-found');
    expect((await failure(createUser(db, fukangAdmin, { username: 'jimsar-clerk', role: 'clerk', bureauId: 'jimsar' }))).code).toBe('forbidden');
    expect((await failure(createUser(db, admin, { username: 'emp-any', role: 'employer', creditCode: fukangCode }))).message).toMatch(/须指定地区/);
    await createUser(db, fukangAdmin, { username: 'emp-fukang', role: 'employer', creditCode: fukangCode });
    expect(await actorFor(db, 'emp-fukang')).toMatchObject({ region: 'xinjiang-changji', creditCode: fukangCode });
  });

  it('ties an employer account to its region: the same credit code in another region’s registry gives it nothing there', async () => {
    // the 江津 employer's code registered in 昌吉 too, as a separate row of 昌吉's registry
    await importEmployers(
      db,
      registry,
      admin,
      csv(['统一社会信用代码,单位名称,单位类型,注册地行政区划代码,职工人数', `${jiangjinCode},同码单位,企业,652302,10`]),
      'csv',
      'same.csv',
      undefined,
      'xinjiang-changji',
    );
    expect(storedOf('chongqing-jiangjin', jiangjinCode)?.name).not.toBe('同码单位');
    await createUser(db, jiangjinAdmin, { username: 'emp-jj-own', role: 'employer', creditCode: jiangjinCode });
    const employer = await actorFor(db, 'emp-jj-own');
    expect((await listCampaigns(db, employer)).map((c) => c.id)).toEqual([jiangjin]);
    expect((await failure(() => getCampaign(db, employer, changji))).code).toBe('not-found');
  });
});

describe('a bureau imports only its own jurisdiction’s employers', () => {
  const HEADER = '统一社会信用代码,单位名称,单位类型,注册地行政区划代码,职工人数';

  it('refuses a file with a row of another county, naming its row and column, and imports nothing of it', async () => {
    const before = storedOf('xinjiang-changji', fukangCode)!;
    const err = await failure(
      importEmployers(
        db,
        registry,
        fukangAdmin,
        csv([HEADER, `${fukangCode},阜康改名,企业,652302,12`, `${jimsarCode},吉木萨尔改名,企业,652327,9`]),
        'csv',
        'mixed.csv',
      ),
    );
    expect(err.details.map((d) => d.pointer)).toEqual(['/3/注册地行政区划代码']);
    expect(err.details[0].zh).toMatch(/吉木萨尔县人力资源和社会保障局管辖，不在本局辖区内/);
    expect(storedOf('xinjiang-changji', fukangCode)).toEqual(before);
    // nor may a county move another county's employer into its own division
    const moved = await failure(importEmployers(db, registry, fukangAdmin, csv([HEADER, `${jimsarCode},吉木萨尔改名,企业,652302,9`]), 'csv', 'moved.csv'));
    expect(moved.details[0].zh).toMatch(/已登记的/);
    // nor import into another region
    expect((await failure(importEmployers(db, registry, fukangAdmin, csv([HEADER]), 'csv', 'x.csv', undefined, 'chongqing-jiangjin'))).code).toBe('forbidden');
  });

  it('keeps what a file does not give: a registry without 上年度等级 leaves the stored grade', async () => {
    const before = storedOf('xinjiang-changji', fukangCode)!;
    sqlite.prepare("UPDATE employers SET last_grade = 'B' WHERE region = 'xinjiang-changji' AND credit_code = ?").run(fukangCode);
    expect(
      await importEmployers(db, registry, fukangAdmin, csv([HEADER, `${fukangCode},阜康改名,企业,652302,${before.headcount + 1}`]), 'csv', 'ok.csv'),
    ).toMatchObject({ rows: 1, updated: 1 });
    expect(storedOf('xinjiang-changji', fukangCode)).toEqual({ name: '阜康改名', lastGrade: 'B', headcount: before.headcount + 1 });
  });
});

describe('a campaign’s own steps', () => {
  it('takes objections only from the campaign’s own graded employers', async () => {
    const outOfScope = codeIn(changji, 'a.in_scope = 0');
    await createUser(db, admin, { username: 'emp-out', role: 'employer', creditCode: outOfScope, region: 'xinjiang-changji' });
    sqlite.prepare("UPDATE campaigns SET status = 'publicity' WHERE id = ?").run(changji);
    db.insert(schema.publicity)
      .values({ campaignId: changji, fromDate: today(), toDate: addWorkingDays(today(), 10), workingDays: 10, startedBy: admin.userId })
      .run();
    const outsider = await actorFor(db, 'emp-out');
    const err = await failure(() => fileObjection(db, outsider, changji, outOfScope, '我单位对评价有异议'));
    expect(['forbidden', 'not-found']).toContain(err.code);
    expect((await fileObjection(db, await actorFor(db, 'emp-fukang'), changji, fukangCode, '我单位对评价有异议')).status).toBe('open');
  });

  it('adds by hand only employers of the campaign’s jurisdiction', async () => {
    const campaign = await createCampaign(db, registry, jiangjinAdmin, {
      plugin: 'chongqing-jiangjin',
      year: 2023,
      bureau: 'cq-jiangjin',
      settings: getCampaign(db, admin, jiangjin).settings,
    });
    const { assignJurisdiction } = await import('../core/services/jurisdictionRun.ts');
    await assignJurisdiction(db, decider, jiangjinAdmin, campaign.id);
    const err = await failure(draw(db, decider, jiangjinAdmin, campaign.id, '种子', [{ creditCode: fukangCode, reason: '群众举报' }]));
    expect(err.code).toBe('not-found');
  });

  it('leaves a region’s rules to its owning bureau, and their versions to its staff', async () => {
    const sampling = registry.get('xinjiang-changji').rulesets.find((r) => r.decision === 'sampling')!;
    expect((await failure(editRuleset(db, registry, jimsarAdmin, 'xinjiang-changji', 'sampling', sampling, '县级试图修改州规则'))).code).toBe('forbidden');
    expect((await failure(() => listRulesetVersions(db, registry, jiangjinAdmin, 'xinjiang-changji', 'sampling'))).code).toBe('forbidden');
    expect(listRulesetVersions(db, registry, fukangHead, 'xinjiang-changji', 'sampling')).toEqual([]);
  });

  it('shows each bureau its own audit entries, within a cap', async () => {
    const campaign = getCampaign(db, prefectureHead, changji);
    const county = await readAudit(db, fukangHead, campaign, 1000);
    expect(county.length).toBeGreaterThan(0);
    expect(new Set(county.map((e) => e.bureauId))).toEqual(new Set(['fukang']));
    const prefecture = await readAudit(db, prefectureHead, campaign, 1000);
    expect(prefecture.map((e) => e.bureauId)).toEqual(expect.arrayContaining(['changji-prefecture', 'fukang']));
    expect(prefecture.some((e) => e.region !== 'xinjiang-changji')).toBe(false);
    for (const bad of ['-1', '0', '1001', '1.5', 'abc']) expect(() => auditLimit(bad)).toThrow(/limit 须为 1 至 1000 的整数/);
    expect(auditLimit(undefined)).toBe(200);
  });

  it('files an entry about an employer under the employer’s own bureau, whoever wrote it: the county reads its employer’s objection', async () => {
    // emp-fukang filed it above, as an employer: an employer belongs to no bureau, and its entry used to carry none, so no bureau read it
    const campaign = getCampaign(db, prefectureHead, changji);
    const byEmployer = (e: { entity: string; actor: string }) => e.entity === 'objection' && e.actor === 'emp-fukang';
    expect((await readAudit(db, fukangHead, campaign, 1000)).filter(byEmployer)).toMatchObject([{ action: 'file', bureauId: 'fukang' }]);
    expect((await readAudit(db, await staff('jimsar-head', 'head', 'jimsar'), campaign, 1000)).filter(byEmployer)).toEqual([]);
    expect((await readAudit(db, prefectureHead, campaign, 1000)).filter(byEmployer)).toHaveLength(1);
  });
});
