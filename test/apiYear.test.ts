/**
 * The 重庆江津 year over HTTP, on a real SQLite file: every step through app.request as the account a
 * bureau would use, each route tried as the wrong bureau and the wrong employer, long steps as jobs
 * in a worker thread, bodies checked against their schemas.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { makeCreditCode } from '../core/creditCode.ts';
import { Decider } from '../core/decide.ts';
import { openDatabase } from '../core/db/index.ts';
import { loadRegistry } from '../core/registry.ts';
import { actorFor, localAdministrator } from '../core/services/actor.ts';
import { syncBureaus } from '../core/services/bureaus.ts';
import { createUser } from '../core/services/users.ts';
import { createApp } from '../server/app.ts';
import { openApiDocument } from '../server/openapi.ts';
import { lifecycleEndpoints } from '../server/routes/lifecycle.ts';
import { LoginThrottle } from '../server/sessions.ts';
import { apiClient } from './fixtures/api.ts';

const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'jiancha-api-')), 'jiancha.db'));
const registry = await loadRegistry();
await syncBureaus(db, registry);
const app = createApp({ db, registry, decider: new Decider(registry), throttle: new LoginThrottle() });
const admin = await localAdministrator(db);
const code = (i: number) => makeCreditCode('91', '500116', `MA${String(i).padStart(7, '0')}`);
const PASSWORD = '演示密码-2024';
const x = code(0);
const y = code(1);
for (const [username, role, bureauId] of [
  ['jj-admin', 'administrator', 'cq-jiangjin'],
  ['jj-head', 'head', 'cq-jiangjin'],
  ['jj-head2', 'head', 'cq-jiangjin'],
  ['jj-clerk', 'clerk', 'cq-jiangjin'],
  ['cj-clerk', 'clerk', 'changji-prefecture'],
] as const) {
  await createUser(db, admin, { username, role, bureauId, password: PASSWORD });
}

const { call, untilDone, tokens } = apiClient(app, PASSWORD);

const HEADER = '统一社会信用代码,单位名称,单位类型,注册地行政区划代码,行业代码,职工人数,劳务派遣用工,上年度等级';
const csv = [HEADER, ...Array.from({ length: 40 }, (_, i) => `${code(i)},江津接口${i}有限公司,企业,500116,1311,20,否,${['A', 'B', 'C'][i % 3]}`)].join('\n');

describe('the 重庆江津 year over the API', () => {
  let id = 0;

  it('imports the registry as a job in a worker thread, all or nothing', async () => {
    expect((await call('jj-head', 'GET', '/api/jobs/none')).status).toBe(404);
    const bad = await call('admin-less', 'POST', '/api/registry/import?name=e.csv', csv, 'text/csv');
    expect(bad.status).toBe(401);
    const broken = await call(
      'jj-admin',
      'POST',
      '/api/registry/import?name=e.csv',
      `${HEADER}\n${code(0).slice(0, 17)}0,坏公司,企业,500116,1311,20,否,A`,
      'text/csv',
    );
    expect(broken.status).toBe(422);
    expect(broken.json.error.details[0].pointer).toBe('/2/统一社会信用代码');
    const started = await call('jj-admin', 'POST', '/api/registry/import?name=e.csv&async=true', csv, 'text/csv');
    expect(started.json.job.status).toBe('running');
    expect((await call('jj-head', 'GET', `/api/jobs/${started.json.job.id}`)).status).toBe(404);
    const job = await untilDone('jj-admin', started.json.job);
    expect(job).toMatchObject({ status: 'done', result: { rows: 40, inserted: 40, warnings: [] } });
    // a column the vocabulary does not know is named in the answer, not dropped without a word
    const extra = await call('jj-admin', 'POST', '/api/registry/import?name=e.csv', `${HEADER},所属街道\n${csv.split('\n')[1]},几江街道`, 'text/csv');
    expect(extra.status).toBe(200);
    expect(extra.json).toMatchObject({ rows: 1, updated: 1, warnings: [{ column: '所属街道', zh: '列「所属街道」不在事实词汇表中，该列未导入' }] });
    // the console's job page says it in Chinese, not as the result's JSON
    const page = (await call('jj-admin', 'GET', `/jobs/${job.id}`)).json as string;
    expect(page).toMatch(/<dt>文件行数<\/dt><dd>40<\/dd><dt>新增单位<\/dt><dd>40<\/dd>/);
    expect(page).not.toContain('inserted');
    // employer accounts, by the bureau's administrator, for employers of its registry
    for (const [username, creditCode] of [
      ['emp-x', x],
      ['emp-y', y],
    ])
      await createUser(db, await actorFor(db, 'jj-admin'), { username, role: 'employer', creditCode, password: PASSWORD });
  });

  it('shows every error of a refused import in the console, and gives them all as a sheet (行, 列, 错误)', async () => {
    // twelve bad rows, more than the eight a message used to show: every one has its row
    const rows = Array.from({ length: 12 }, (_, i) => `${code(100 + i)},坏单位${i},企业,500116,1311,很多,否,A`);
    const started = await call('jj-admin', 'POST', '/api/registry/import?name=bad.csv&async=true', [HEADER, ...rows].join('\n'), 'text/csv');
    const job = await untilDone('jj-admin', started.json.job);
    expect(job.status).toBe('failed');
    const page = (await call('jj-admin', 'GET', `/jobs/${job.id}`)).json as string;
    for (let row = 2; row <= 13; row++) expect(page).toContain(`<td>${row}</td><td>职工人数</td>`);
    expect(page).toContain('共 12 处错误');
    expect(page).toContain(`href="/jobs/${job.id}/errors.xlsx"`);
    const res = await app.request(`/jobs/${job.id}/errors.xlsx`, { headers: { authorization: `Bearer ${tokens.get('jj-admin')}` } });
    expect(res.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await res.arrayBuffer());
    const sheet = workbook.getWorksheet('导入错误')!;
    expect(sheet.getRow(1).values).toEqual([undefined, '行', '列', '错误']);
    expect(sheet.rowCount).toBe(13);
    expect(sheet.getRow(13).values).toEqual([undefined, '13', '职工人数', expect.stringMatching(/\S/)]);
    // only the account that started the job reads its errors
    expect((await app.request(`/jobs/${job.id}/errors.xlsx`, { headers: { authorization: `Bearer ${tokens.get('jj-head') ?? ''}` } })).status).not.toBe(200);
  });

  it('creates, assigns (a job too) and draws a campaign; a body that breaks its schema is a 422 naming the field', async () => {
    const settings = JSON.parse(readFileSync(join(registry.get('chongqing-jiangjin').dir, 'campaign.example.json'), 'utf8'));
    const wrong = await call('jj-admin', 'POST', '/api/campaigns', { plugin: 'chongqing-jiangjin', year: '2023', bureau: 'cq-jiangjin', settings });
    expect(wrong.status).toBe(422);
    expect(wrong.json.error.details[0].pointer).toBe('/year');
    expect((await call('cj-clerk', 'POST', '/api/campaigns', { plugin: 'chongqing-jiangjin', year: 2023, bureau: 'cq-jiangjin', settings })).status).toBe(403);
    const created = await call('jj-admin', 'POST', '/api/campaigns', { plugin: 'chongqing-jiangjin', year: 2023, bureau: 'cq-jiangjin', settings });
    expect(created.status).toBe(200);
    id = created.json.id;
    const job = await untilDone('jj-admin', (await call('jj-admin', 'POST', `/api/campaigns/${id}/assign?async=true`)).json.job);
    expect(job.result).toMatchObject({ employers: 40, inScope: 40 });
    const page = (await call('jj-admin', 'GET', `/jobs/${job.id}`)).json as string;
    expect(page).toContain(`${registry.get('chongqing-jiangjin').bureau('cq-jiangjin')!.name}：40`);
    expect(page).not.toContain('cq-jiangjin');
    expect((await call('jj-clerk', 'POST', `/api/campaigns/${id}/draw`, { seed: '' })).status).toBe(422);
    const drawn = await call('jj-admin', 'POST', `/api/campaigns/${id}/draw`, {
      seed: '公开种子',
      manual: [
        { creditCode: x, reason: '群众举报' },
        { creditCode: y, reason: '群众举报' },
      ],
    });
    expect(drawn.json.drawn).toBeGreaterThanOrEqual(2);
    expect((await call('jj-clerk', 'POST', `/api/campaigns/${id}/verify-draw`)).json.matches).toBe(true);
  });

  it('lets an employer declare for itself only, and its bureau review and approve', async () => {
    expect((await call('jj-head', 'POST', `/api/campaigns/${id}/reviewers`, { reviewers: ['jj-clerk'] })).json.assigned['jj-clerk']).toBeGreaterThan(1);
    const declaration = { basics: { insuredPension: 20 }, roster: Array.from({ length: 20 }, (_, i) => ({ id: `${i}`, name: `职工${i}` })) };
    expect((await call('emp-y', 'POST', `/api/campaigns/${id}/declarations/${x}`, declaration)).status).toBe(404);
    expect((await call('cj-clerk', 'POST', `/api/campaigns/${id}/declarations/${x}`, declaration)).status).toBe(403);
    const own = await call('emp-x', 'POST', `/api/campaigns/${id}/declarations/${x}`, declaration);
    expect(own.status).toBe(200);
    // today is past the 2024-08-15 deadline
    expect(own.json.late).toBe(true);
    expect((await call('emp-y', 'GET', `/api/campaigns/${id}/declarations/${x}`)).status).toBe(404);
    expect((await call('emp-x', 'GET', `/api/campaigns/${id}/declarations/${x}`)).json.staffSample).toHaveLength(10);
    expect((await call('emp-x', 'POST', `/api/campaigns/${id}/reviews/${x}`, { findings: [] })).status).toBe(403);
    const recorded = await call('jj-clerk', 'POST', `/api/campaigns/${id}/reviews/${x}`, {
      findings: [{ item: 'contracts', severity: 'minor' }],
      undetermined: false,
    });
    expect(recorded.json).toMatchObject({ outcome: 'fail', disposition: 'caseFiling' });
    expect((await call('jj-clerk', 'POST', `/api/campaigns/${id}/reviews/${x}/approve`)).status).toBe(403);
    // sent back (退回): only by a head, only with why
    const back = `/api/campaigns/${id}/reviews/${x}/return`;
    expect((await call('jj-clerk', 'POST', back, { comment: '请补充' })).status).toBe(403);
    expect((await call('jj-head', 'POST', back, {})).status).toBe(422);
    const blank = await call('jj-head', 'POST', back, { comment: '   ' });
    expect(blank.status).toBe(422);
    expect(blank.json.error.message).toMatch(/^退回审查须填写审批意见/);
    const why = '劳动合同问题未注明涉及人数，请补充后重新录入';
    expect((await call('jj-head', 'POST', back, { comment: why })).json.review.status).toBe('returned');
    const queue = async (user: string, name: string) =>
      (await call(user, 'GET', `/api/campaigns/${id}/reviews?queue=${name}&size=100`)).json.rows as { creditCode: string; comment: string | null }[];
    expect((await queue('jj-clerk', 'review')).find((r) => r.creditCode === x)?.comment).toBe(why);
    expect((await call('jj-head', 'POST', `/api/campaigns/${id}/reviews/${x}/approve`)).status).toBe(409);
    await call('jj-clerk', 'POST', `/api/campaigns/${id}/reviews/${x}`, { findings: [{ item: 'contracts', severity: 'minor', note: '3人未签订劳动合同' }] });
    expect((await queue('jj-clerk', 'review')).map((r) => r.creditCode)).not.toContain(x);
    expect((await queue('jj-head', 'approve')).map((r) => r.creditCode)).toContain(x);
    const approved = await call('jj-head', 'POST', `/api/campaigns/${id}/reviews/${x}/approve`, { comment: '同意' });
    expect(approved.json.rectifications).toHaveLength(1);
    expect(approved.json.comment).toBe('同意');
    // the heads' comments are the bureau's own: its staff read them, the employer does not
    const history = `/api/campaigns/${id}/reviews/${x}/comments`;
    expect((await call('jj-clerk', 'GET', history)).json.map((h: { action: string; comment: string }) => [h.action, h.comment])).toEqual([
      ['return', why],
      ['approve', '同意'],
    ]);
    expect((await call('emp-x', 'GET', history)).status).toBe(403);
    const [item] = (await call('emp-x', 'GET', `/api/campaigns/${id}/rectifications`)).json;
    expect((await call('emp-y', 'GET', `/api/campaigns/${id}/rectifications`)).json).toEqual([]);
    expect(
      (await call('emp-x', 'POST', `/api/campaigns/${id}/rectifications/${item.id}`, { status: 'submitted', evidence: '已补签劳动合同' })).json.status,
    ).toBe('submitted');
    expect((await call('emp-x', 'POST', `/api/campaigns/${id}/rectifications/${item.id}`, { status: 'verified' })).status).toBe(403);
    // no rectification advice for a unit going to 立案查处 (江津通知 三、（一）4), and none of another employer
    expect((await call('emp-x', 'GET', `/api/campaigns/${id}/documents/rectificationAdvice?employer=${x}`)).status).toBe(409);
    expect((await call('emp-y', 'GET', `/api/campaigns/${id}/documents/rectificationAdvice?employer=${x}`)).status).toBe(404);
  });

  it('lets a campaign override its notice’s wording, refused unless every document renders with it', async () => {
    const path = `/api/campaigns/${id}/templates/notice`;
    const shipped = readFileSync(join(process.cwd(), 'templates/chongqing-jiangjin/notice.hbs'), 'utf8');
    expect((await call('jj-clerk', 'PUT', path, { source: shipped })).status).toBe(403);
    const broken = await call('jj-head', 'PUT', path, { source: '{{#if settings.year}}未闭合' });
    expect(broken.status).toBe(422);
    const missing = await call('jj-head', 'PUT', path, { source: `${shipped}{{settings.nosuch}}` });
    expect(missing.status).toBe(422);
    expect(missing.json.error.message).toMatch(/“nosuch”没有值/);
    expect((await call('jj-head', 'PUT', path, { source: '{{{settings.title}}}' })).status).toBe(422);
    expect((await call('jj-head', 'PUT', `/api/campaigns/${id}/templates/nosuch`, { source: 'x' })).status).toBe(404);
    const reworded = shipped.replace('<h1 class="doc-title">', '<p>（本区补充说明：请各单位按时申报）</p><h1 class="doc-title">');
    expect(reworded).not.toBe(shipped);
    expect((await call('jj-head', 'PUT', path, { source: reworded })).json.overrides).toEqual(['notice']);
    expect((await call('jj-clerk', 'GET', `/api/campaigns/${id}/documents/notice`)).json).toContain('本区补充说明：请各单位按时申报');
    await call('jj-head', 'PUT', path, { source: null });
    expect((await call('jj-clerk', 'GET', `/api/campaigns/${id}/documents/notice`)).json).not.toContain('本区补充说明');
  });

  it('grades, changes a grade with a second head, puts it to publicity, takes an objection and publishes', async () => {
    const graded = await call('jj-admin', 'POST', `/api/campaigns/${id}/grading`);
    expect(graded.json.counts.notGraded).toBe(39);
    const change = await call('jj-head2', 'POST', `/api/campaigns/${id}/grade-changes`, { employer: x, toGrade: 'C', reason: '逾期申报且合同问题严重' });
    expect((await call('jj-head2', 'POST', `/api/campaigns/${id}/grade-changes/${change.json.id}`, { approve: true })).status).toBe(403);
    expect((await call('jj-head', 'POST', `/api/campaigns/${id}/grade-changes/${change.json.id}`, { approve: true })).json.status).toBe('approved');
    expect((await call('jj-head', 'GET', `/api/campaigns/${id}/screening`)).json.counts).toEqual({ twoGrades: 0, nonEnterprise: 0, noInspection: 0 });
    // the server's day (JIANCHA_TODAY, as a test configures the server; no request can set it)
    process.env.JIANCHA_TODAY = '2024-09-13';
    // clerks start the publicity too (core/policy.ts); publication is a head's
    expect((await call('jj-clerk', 'POST', `/api/campaigns/${id}/publication`)).status).toBe(403);
    expect((await call('jj-head', 'POST', `/api/campaigns/${id}/publicity`, { from: '2024-09-12' })).status).toBe(422);
    expect((await call('jj-head', 'POST', `/api/campaigns/${id}/publicity`, { from: '2024-09-13' })).json.toDate).toBe('2024-09-20');
    expect((await call('emp-x', 'GET', `/api/campaigns/${id}/documents/lowGradeNotice?employer=${x}`)).json).toContain('2024年9月13日至2024年9月20日');
    process.env.JIANCHA_TODAY = '2024-09-18';
    expect((await call('emp-y', 'POST', `/api/campaigns/${id}/objections`, { employer: x, text: '替别人提异议' })).status).toBe(404);
    // a client does not date its own objection
    expect((await call('emp-x', 'POST', `/api/campaigns/${id}/objections`, { employer: x, text: '合同已补签，请求复核', on: '2024-09-18' })).status).toBe(422);
    const objection = await call('emp-x', 'POST', `/api/campaigns/${id}/objections`, { employer: x, text: '合同已补签，请求复核' });
    expect(objection.status).toBe(200);
    expect((await call('emp-y', 'GET', `/api/campaigns/${id}/objections`)).json).toEqual([]);
    // publication waits for the publicity's end on the server's clock, whatever a body says
    expect((await call('jj-head', 'POST', `/api/campaigns/${id}/publication`)).status).toBe(409);
    // nor before the 5 working days the C employer has to answer its letter of 13 September (陈述申辩, to the 23rd)
    process.env.JIANCHA_TODAY = '2024-09-23';
    expect((await call('jj-head', 'POST', `/api/campaigns/${id}/publication`)).json.error.message).toMatch(/书面告知的陈述申辩期至 2024-09-23 结束/);
    process.env.JIANCHA_TODAY = '2024-09-24';
    expect((await call('jj-head', 'POST', `/api/campaigns/${id}/publication`)).status).toBe(409);
    await call('jj-clerk', 'POST', `/api/campaigns/${id}/objections/${objection.json.id}`, { upheld: false, text: '事实清楚，维持' });
    expect((await call('jj-head', 'POST', `/api/campaigns/${id}/publication`)).json.published).toBe(1);
    delete process.env.JIANCHA_TODAY;
    expect((await call('jj-head', 'POST', `/api/campaigns/${id}/supervision`)).json).toMatchObject({ year: 2024, byGrade: { C: 1 } });
    const csvPlan = await call('jj-clerk', 'GET', `/api/campaigns/${id}/supervision?format=csv`);
    expect(csvPlan.json).toContain('江津接口0有限公司');
    expect((await call('emp-x', 'GET', `/api/campaigns/${id}/grades`)).json).toMatchObject({ total: 1, rows: [{ creditCode: x, grade: 'C' }] });
  });

  it('keeps every campaign route from another bureau and from other employers', async () => {
    const reads = [
      '',
      '/grades',
      '/reviews',
      '/rectifications',
      '/grade-changes',
      '/screening',
      '/publicity',
      '/objections',
      '/supervision',
      '/audit',
      `/declarations/${x}`,
      '/documents/notice',
    ];
    for (const path of reads) {
      const res = await call('cj-clerk', 'GET', `/api/campaigns/${id}${path}`);
      expect([403, 404], `GET ${path} as another bureau`).toContain(res.status);
    }
    for (const path of ['/assign', '/draw', '/grading', '/supervision', '/publication', `/reviews/${x}/approve`]) {
      const res = await call('cj-clerk', 'POST', `/api/campaigns/${id}${path}`, path === '/draw' ? { seed: 's' } : path === '/publication' ? {} : undefined);
      expect([403, 404], `POST ${path} as another bureau`).toContain(res.status);
    }
    // an employer sees only its own campaigns and rows
    expect((await call('emp-y', 'GET', '/api/campaigns')).json.map((k: { id: number }) => k.id)).toEqual([id]);
    expect((await call('emp-y', 'GET', `/api/campaigns/${id}/reviews`)).json.rows.every((r: { creditCode: string }) => r.creditCode === y)).toBe(true);
    expect((await call('emp-y', 'GET', `/api/campaigns/${id}/audit`)).status).toBe(403);
    const audit = (await call('jj-head', 'GET', `/api/campaigns/${id}/audit`)).json as { action: string }[];
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['publish', 'approve', 'draw']));
  });

  it('refuses a change of wording once the year is published: the published documents print as published', async () => {
    const path = `/api/campaigns/${id}/templates/notice`;
    const refused = await call('jj-head', 'PUT', path, { source: '<p>改过的通知</p>' });
    expect(refused.status).toBe(409);
    expect(refused.json.error.message).toMatch(/已完成“公布”，不能再修改模板/);
    expect((await call('jj-clerk', 'GET', `/api/campaigns/${id}/documents/notice`)).json).not.toContain('改过的通知');
  });

  it('publishes every endpoint in the OpenAPI document', () => {
    const doc = openApiDocument('test');
    for (const e of lifecycleEndpoints)
      expect(doc.paths[`/api${e.path.replace(/:(\w+)/g, '{$1}')}` as keyof typeof doc.paths], e.path).toHaveProperty(e.method);
  });
});
