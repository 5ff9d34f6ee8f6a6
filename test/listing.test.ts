/**
 * The lists a bureau works through (issue 12 item 2: "Lists stop at 1,000 (reviews) or 500 (grades,
 * plans) … Server-side paging, search by name or credit code, filters (status, grade, stratum, bureau,
 * late), sort, and a to-do queue per role (待我审查, 待我审批, 待整改核实)"), on the demo's campaigns over
 * 5,000 synthetic employers per region: the services, the API routes and the console pages.
 */
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { Decider } from '../core/decide.ts';
import { openDatabase, schema } from '../core/db/index.ts';
import { loadRegistry } from '../core/registry.ts';
import { actorFor, localAdministrator, now } from '../core/services/actor.ts';
import { createCampaign, getCampaign } from '../core/services/campaign.ts';
import { demoPlans } from '../core/services/demoData.ts';
import { draw } from '../core/services/draw.ts';
import { assignJurisdiction } from '../core/services/jurisdictionRun.ts';
import { seedDemo } from '../core/services/demo.ts';
import { gradeCounts, gradeSpec, listGrades, pageGrades } from '../core/services/grades.ts';
import { readListing, type Listing } from '../core/services/listing.ts';
import { hashPassword } from '../core/services/passwords.ts';
import {
  approveReview,
  assignReviewers,
  listRectifications,
  pageReviews,
  recordReview,
  reviewQueues,
  reviewSpec,
  updateRectification,
} from '../core/services/reviews.ts';
import { createApp } from '../server/app.ts';
import { LoginThrottle } from '../server/sessions.ts';

const EMPLOYERS = 5000;
const db = openDatabase(':memory:');
const registry = await loadRegistry();
const decider = new Decider(registry);
const admin = await localAdministrator(db);
const [, changjiId] = await seedDemo(db, decider, admin, { employers: EMPLOYERS });
const password = await hashPassword('列表-测试-密码');
for (const [username, role, bureauId] of [
  ['jj-clerk', 'clerk', 'cq-jiangjin'],
  ['jj-head', 'head', 'cq-jiangjin'],
  ['jj-head2', 'head', 'cq-jiangjin'],
  ['cj-clerk', 'clerk', 'changji-prefecture'],
  ['fk-clerk', 'clerk', 'fukang'],
] as const) {
  db.insert(schema.users).values({ username, displayName: username, role, bureauId, passwordHash: password, createdAt: now() }).run();
}
const changji = getCampaign(db, admin, changjiId);
const scale = registry.get(changji.plugin).gradeScale();
const spec = gradeSpec(db, changji, scale);
const listing = (query: Record<string, string> = {}): Listing => readListing(spec, (name) => query[name]);
const grades = (query: Record<string, string> = {}, actor = admin) => pageGrades(db, actor, changji, spec, listing(query));
const all = listGrades(db, admin, changjiId);

describe('the grade list, a page at a time', () => {
  it('pages 50 at a time with the total, and its last page ends with the last employer by credit code', () => {
    const first = grades();
    expect(all.length).toBeGreaterThan(4000);
    expect(first).toMatchObject({ total: all.length, page: 1, size: 50, pages: Math.ceil(all.length / 50) });
    expect(first.rows.map((r) => r.creditCode)).toEqual(all.slice(0, 50).map((r) => r.creditCode));
    const last = grades({ page: String(first.pages) });
    expect(last.rows.length).toBe(all.length - (first.pages - 1) * 50);
    expect(last.rows.at(-1)).toEqual(all.at(-1));
  });

  it('sorts a name changed after a page was read anew at the next read, as the database now has it', () => {
    const byName = grades({ sort: 'name' });
    const first = byName.rows[0];
    const byCode = grades({ q: first.creditCode });
    const id = db.select({ id: schema.employers.id }).from(schema.employers).where(eq(schema.employers.creditCode, first.creditCode)).get()!.id;
    // 龥 (U+9FA5) sorts after every other name of the registry
    db.update(schema.employers)
      .set({ name: `龥${first.name}` })
      .where(eq(schema.employers.id, id))
      .run();
    try {
      const again = grades({ sort: 'name' });
      expect(again.rows[0].creditCode).not.toBe(first.creditCode);
      expect(again.rows[0].creditCode).toBe(byName.rows[1].creditCode);
      const last = grades({ sort: 'name', page: String(again.pages) });
      expect(last.rows.at(-1)).toMatchObject({ creditCode: first.creditCode, name: `龥${first.name}` });
      // a page read before the change shows the row as it is now
      expect(byCode.rows[0].name).toBe(first.name);
      expect(grades({ q: first.creditCode }).rows[0].name).toBe(`龥${first.name}`);
    } finally {
      db.update(schema.employers).set({ name: first.name }).where(eq(schema.employers.id, id)).run();
    }
    expect(grades({ sort: 'name' }).rows[0]).toEqual(first);
  });

  it('gives every employer exactly once across the pages of 200', () => {
    const seen: string[] = [];
    for (let page = 1, pages = 1; page <= pages; page++) {
      const p = grades({ size: '200', page: String(page) });
      pages = p.pages;
      seen.push(...p.rows.map((r) => r.creditCode));
    }
    expect(seen).toEqual(all.map((r) => r.creditCode));
  });

  it('finds an employer by the start of its credit code, in lower case too, and by part of its name', () => {
    const target = all[Math.floor(all.length / 2)];
    const prefix = target.creditCode.slice(0, 15);
    const byCode = grades({ q: prefix.toLowerCase(), size: '200' });
    expect(byCode.rows.map((r) => r.creditCode)).toContain(target.creditCode);
    expect(byCode.total).toBe(all.filter((r) => r.creditCode.startsWith(prefix)).length);
    expect(byCode.rows.every((r) => r.creditCode.startsWith(prefix))).toBe(true);
    expect(grades({ q: target.creditCode }).rows).toEqual([target]);
    const part = target.name.slice(1);
    const byName = grades({ q: part, size: '200' });
    expect(byName.rows.map((r) => r.creditCode)).toContain(target.creditCode);
    expect(byName.total).toBe(all.filter((r) => r.name.includes(part)).length);
    // a LIKE wildcard is searched as itself
    expect(grades({ q: '%' }).total).toBe(0);
  });

  it('filters by grade, the scale’s outcome that is not a level, bureau and stratum, and the counts agree', async () => {
    const counts = await gradeCounts(db, admin, changji, scale);
    for (const code of scale.codes) {
      const p = grades({ grade: code, size: '200' });
      expect(p.total, code).toBe(all.filter((r) => r.graded && r.grade === code).length);
      expect(p.total).toBe(counts[code] ?? 0);
      expect(p.rows.every((r) => r.grade === code && r.graded)).toBe(true);
    }
    const notGraded = grades({ grade: scale.notGraded.label });
    expect(notGraded.total).toBe(all.filter((r) => !r.graded && (r.label ?? scale.notGraded.label) === scale.notGraded.label).length);
    const fukang = grades({ bureau: 'fukang', size: '200' });
    expect(fukang.total).toBe(all.filter((r) => r.bureau === 'fukang').length);
    expect(new Set(fukang.rows.map((r) => r.bureau))).toEqual(new Set(['fukang']));
    const strata = spec.filters.stratum.values;
    expect(strata.length).toBeGreaterThan(0);
    const byStratum = strata.map((s) => grades({ stratum: s }).total);
    expect(byStratum.reduce((n, k) => n + k, 0)).toBe(all.length);
  });

  it('shows a county only its own employers, in the query, so its pages and total are its own', async () => {
    const county = grades({ size: '200' }, await actorFor(db, 'fk-clerk'));
    expect(county.total).toBe(all.filter((r) => r.bureau === 'fukang').length);
    expect(county.total).toBeLessThan(all.length);
    expect(county.rows.every((r) => r.bureau === 'fukang')).toBe(true);
  });

  it('sorts by name either way and by grade best first, ties by credit code', () => {
    const names = grades({ sort: 'name', order: 'desc', size: '200' }).rows.map((r) => r.name);
    // SQLite compares text by its bytes: for these names the same order as code units
    expect(names).toEqual(
      all
        .map((r) => r.name)
        .sort()
        .reverse()
        .slice(0, 200),
    );
    const best = grades({ sort: 'grade', size: '200' }).rows;
    expect(best[0].grade).toBe(scale.best.code);
    // descending: the employers not graded first, the best level last
    const desc = grades({ sort: 'grade', order: 'desc' });
    expect(desc.rows[0].graded).toBe(false);
    expect(grades({ sort: 'grade', order: 'desc', page: String(desc.pages) }).rows.at(-1)?.grade).toBe(scale.best.code);
  });

  it.each([
    [{ size: '201' }, /每页条数须为 1 至 200 之间的整数，而不是“201”/],
    [{ size: '五十' }, /每页条数须为/],
    [{ page: '0' }, /页码须为/],
    [{ page: '-1' }, /页码须为/],
    [{ sort: 'password' }, /不能按“password”排序，可按 creditCode、name、bureau、grade 排序/],
    [{ order: 'up' }, /排序方向须为 asc（升序）或 desc（降序）/],
    [{ grade: 'Z' }, /等级“Z”不存在，可选 A、B、C/],
    [{ bureau: 'cq-jiangjin' }, /管辖人社局“cq-jiangjin”不存在/],
    [{ late: 'maybe' }, /逾期申报“maybe”不存在，可选 true、false/],
    [{ q: '字'.repeat(51) }, /搜索内容不能超过 50 个字/],
    [{ page: '100000' }, /第 100000 页不存在：共 \d+ 页/],
  ])('refuses %o with a clear error in Chinese', (query, message) => {
    let error: unknown;
    try {
      grades(query);
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ code: 'invalid-query' });
    expect((error as { zh: string }).zh).toMatch(message);
  });
});

// the demo's campaigns are graded: the review queues move in a second 江津 campaign, drawn over the same registry
const plan = demoPlans(registry).find((d) => d.plugin.id === 'chongqing-jiangjin')!;
const drawnCampaign = await createCampaign(db, registry, admin, {
  plugin: plan.plugin.id,
  year: plan.settings.year as number,
  bureau: plan.bureau,
  settings: plan.settings,
});
await assignJurisdiction(db, decider, admin, drawnCampaign.id);
await draw(db, decider, admin, drawnCampaign.id, '列表测试种子');

describe('the review list and the to-do queues', async () => {
  const jiangjinId = drawnCampaign.id;
  const jiangjin = getCampaign(db, admin, jiangjinId);
  const clerk = await actorFor(db, 'jj-clerk');
  const head = await actorFor(db, 'jj-head');
  const reviews = (actor = head, query: Record<string, string> = {}) => {
    const s = reviewSpec(db, actor, jiangjin);
    return pageReviews(
      db,
      actor,
      jiangjin,
      s,
      readListing(s, (name) => query[name]),
    );
  };

  it('lists every drawn employer, paged, to the last one', () => {
    const drawn = db.$client
      .prepare(
        'SELECT e.credit_code AS code FROM draw_members m JOIN draws d ON d.id = m.draw_id JOIN employers e ON e.id = m.employer_id WHERE d.campaign_id = ? ORDER BY e.credit_code',
      )
      .all(jiangjinId) as { code: string }[];
    const first = reviews(admin);
    expect(first.total).toBe(drawn.length);
    expect(first.total).toBeGreaterThan(1000);
    const last = reviews(admin, { page: String(first.pages) });
    expect(last.rows.at(-1)?.creditCode).toBe(drawn.at(-1)?.code);
    expect(reviews(admin, { q: drawn.at(-1)!.code }).rows).toEqual([last.rows.at(-1)]);
  });

  it('counts 待我审查, 待我审批 and 待整改核实 as the work moves, each the filter of the list', async () => {
    const own = reviews(head, { bureau: 'cq-jiangjin' }).total;
    await assignReviewers(db, head, jiangjinId, ['jj-clerk'], 'cq-jiangjin');
    expect(reviewQueues(db, clerk, jiangjin)).toEqual({ review: own, approve: 0, verify: 0 });
    expect(reviewQueues(db, head, jiangjin).review).toBe(0);
    const mine = reviews(clerk, { queue: 'review', size: '2' });
    expect(mine.total).toBe(own);
    const [x, y] = mine.rows.map((r) => r.creditCode);
    // each finding becomes a rectification when the review is approved
    await recordReview(db, decider, clerk, jiangjinId, x, { findings: [{ item: 'wages', severity: 'minor', note: '工资迟发' }] });
    await recordReview(db, decider, clerk, jiangjinId, y, { findings: [] });
    expect(reviewQueues(db, clerk, jiangjin)).toMatchObject({ review: own - 2 });
    // separation of duties: a head approves what another recorded; the clerk has nothing to approve
    expect(reviewQueues(db, head, jiangjin).approve).toBe(2);
    expect(
      reviews(head, { queue: 'approve' })
        .rows.map((r) => r.creditCode)
        .sort(),
    ).toEqual([x, y].sort());
    expect(reviews(head, { status: 'recorded' }).total).toBe(2);
    await approveReview(db, head, jiangjinId, x);
    expect(reviewQueues(db, await actorFor(db, 'jj-head2'), jiangjin).approve).toBe(1);
    const [item] = listRectifications(db, head, jiangjinId).filter((r) => r.creditCode === x);
    expect(reviewQueues(db, clerk, jiangjin).verify).toBe(0);
    await updateRectification(db, clerk, jiangjinId, item.id, 'submitted', '已补发工资，附银行流水');
    expect(reviewQueues(db, clerk, jiangjin).verify).toBe(1);
    expect(reviews(clerk, { queue: 'verify' }).rows.map((r) => r.creditCode)).toEqual([x]);
    await updateRectification(db, clerk, jiangjinId, item.id, 'verified');
    expect(reviewQueues(db, clerk, jiangjin).verify).toBe(0);
    expect(reviews(head, { status: 'approved' }).rows.map((r) => r.creditCode)).toContain(x);
  });
});

describe('the routes', () => {
  const app = createApp({ db, registry, decider, throttle: new LoginThrottle(50, 60_000) });
  const token = async (username: string) => {
    const res = await app.request('/api/login', { method: 'POST', body: JSON.stringify({ username, password: '列表-测试-密码' }) });
    return { authorization: `Bearer ${((await res.json()) as { token: string }).token}` };
  };

  it('GET /api/campaigns/:id/grades answers a page, reaches the last employer, and a bad parameter is a 400 in Chinese', async () => {
    const headers = await token('cj-clerk');
    const first = (await (await app.request(`/api/campaigns/${changjiId}/grades`, { headers })).json()) as { total: number; pages: number; rows: unknown[] };
    expect(first.total).toBe(all.length);
    expect(first.rows.length).toBe(50);
    const last = (await (await app.request(`/api/campaigns/${changjiId}/grades?page=${first.pages}`, { headers })).json()) as {
      rows: { creditCode: string }[];
    };
    expect(last.rows.at(-1)?.creditCode).toBe(all.at(-1)?.creditCode);
    const bad = await app.request(`/api/campaigns/${changjiId}/grades?size=1000`, { headers });
    expect(bad.status).toBe(400);
    const body = (await bad.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('invalid-query');
    expect(body.error.message).toMatch(/每页条数须为 1 至 200 之间的整数/);
  });

  it('downloads every row the filters keep as CSV, not a page', async () => {
    const headers = await token('cj-clerk');
    const csv = await (await app.request(`/api/campaigns/${changjiId}/grades?format=csv&bureau=fukang`, { headers })).text();
    expect(csv.trim().split('\r\n').length - 1).toBe(all.filter((r) => r.bureau === 'fukang').length);
  });

  it('the console page shows 第 n / N 页 with the total, and a bad parameter as a page in Chinese', async () => {
    const headers = await token('cj-clerk');
    const pages = Math.ceil(all.length / 50);
    const html = await (await app.request(`/campaigns/${changjiId}?page=${pages}`, { headers })).text();
    expect(html).toContain(`第 ${pages} / ${pages} 页`);
    expect(html).toContain(all.at(-1)!.creditCode);
    expect(html).toContain(`共 ${all.length.toLocaleString('zh-CN')} 家`);
    const bad = await app.request(`/campaigns/${changjiId}?sort=password`, { headers });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('不能按“password”排序');
  });

  it('the 江津 head’s campaign page links 待我审批 with its count to the filtered review list', async () => {
    const headers = await token('jj-head2');
    const id = drawnCampaign.id;
    const html = await (await app.request(`/campaigns/${id}`, { headers })).text();
    const approve = reviewQueues(db, await actorFor(db, 'jj-head2'), getCampaign(db, admin, id)).approve;
    expect(approve).toBe(1);
    expect(html).toContain(`href="/campaigns/${id}/reviews?queue=approve">待我审批（${approve}）`);
    const list = await (await app.request(`/campaigns/${id}/reviews?queue=approve`, { headers })).text();
    expect(list).toContain(`共 ${approve} 家`);
  });

  it('publishes the list parameters in the OpenAPI document', async () => {
    const doc = (await (await app.request('/api/openapi.json')).json()) as { paths: Record<string, { get: { parameters: { name: string }[] } }> };
    for (const path of ['grades', 'reviews', 'supervision']) {
      const names = doc.paths[`/api/campaigns/{id}/${path}`].get.parameters.map((p) => p.name);
      expect(names, path).toEqual(expect.arrayContaining(['page', 'size', 'q', 'sort', 'order', 'bureau', 'stratum', 'late']));
    }
  });
});
