/**
 * The HTTP API through app.request: the decision endpoint answers as `jiancha decide` does, errors are
 * JSON with the right status, and every data route is scoped to the caller's bureau.
 */
import { describe, expect, it } from 'vitest';
import { Decider } from '../core/decide.ts';
import { openDatabase, schema } from '../core/db/index.ts';
import { loadRegistry } from '../core/registry.ts';
import { actorFor, localAdministrator, now } from '../core/services/actor.ts';
import { runGrading } from '../core/services/gradingRun.ts';
import { createCampaign } from '../core/services/campaign.ts';
import { draw } from '../core/services/draw.ts';
import type { GradeRow } from '../core/services/grades.ts';
import { assignJurisdiction } from '../core/services/jurisdictionRun.ts';
import { syntheticPopulation } from '../core/synthetic.ts';
import { seedDemo } from '../core/services/demo.ts';
import { createApp } from '../server/app.ts';
import { hashPassword } from '../core/services/passwords.ts';
import { LoginThrottle } from '../server/sessions.ts';
import { exampleSettings } from './fixtures/project.ts';

const db = openDatabase(':memory:');
const registry = await loadRegistry();
const decider = new Decider(registry);
const [jiangjinCampaign, changjiCampaign] = await seedDemo(db, decider, await localAdministrator(db), { employers: 150 });
// the rules cite 《江津区2023年度书面审查和守法诚信等级评价通知》; a 2024 campaign has its own notice (graded before the app takes the connection)
const notice = { title: '关于做好2024年度劳动保障监察书面审查和企业劳动保障守法诚信等级评价工作的通知', documentNumber: '江津人社发〔2025〕12号' };
const later = await (async () => {
  const admin = await localAdministrator(db);
  const { id } = await createCampaign(db, registry, admin, {
    plugin: 'chongqing-jiangjin',
    year: 2024,
    bureau: 'cq-jiangjin',
    settings: { ...exampleSettings('chongqing-jiangjin', 2024), ...notice },
  });
  await assignJurisdiction(db, decider, admin, id);
  await draw(db, decider, admin, id, '二〇二四年度种子');
  await runGrading(db, decider, admin, id);
  return id;
})();
const password = await hashPassword('正确的密码');
for (const [username, role, bureauId, creditCode] of [
  ['jiangjin', 'clerk', 'cq-jiangjin', null],
  ['changji', 'clerk', 'changji-prefecture', null],
  ['fukang', 'clerk', 'fukang', null],
  ['boss', 'administrator', null, null],
] as const) {
  db.insert(schema.users).values({ username, displayName: username, role, bureauId, creditCode, passwordHash: password, createdAt: now() }).run();
}
const app = createApp({ db, registry, decider, throttle: new LoginThrottle(3, 60_000) });

async function tokenOf(username: string): Promise<string> {
  const res = await app.request('/api/login', {
    method: 'POST',
    body: JSON.stringify({ username, password: '正确的密码' }),
    headers: { 'content-type': 'application/json' },
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { token: string }).token;
}
const as = async (username: string) => ({ authorization: `Bearer ${await tokenOf(username)}` });

describe('POST /api/plugins/:plugin/decisions/:decision', () => {
  it('answers with the result and trace of decide', async () => {
    // 昌州人社发〔2025〕4号 六、（三）：对于被评为B级的企业，每半年进行一次日常巡视检查
    const res = await app.request('/api/plugins/xinjiang-changji/decisions/cadence?at=2025-03-03', { method: 'POST', body: JSON.stringify({ grade: 'B' }) });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, any>;
    const direct = await decider.decide('xinjiang-changji', 'cadence', { grade: 'B' }, { at: '2025-03-03' });
    expect(body.result).toEqual(JSON.parse(JSON.stringify(direct.result)));
    expect(body.result.patrolsPerYear).toBe(2);
    expect(body.trace.rules.find((r: { rule: string }) => r.rule === 'cadence-b').fired).toBe(true);
    expect(body.rulesetHash).toBe(direct.rulesetHash);
  });

  it.each([
    ['/api/plugins/beijing/decisions/grading', '{}', 404, 'unknown-plugin'],
    ['/api/plugins/national/decisions/jurisdiction', '{}', 404, 'unknown-decision'],
    ['/api/plugins/national/decisions/grading', '{"unitType":', 400, 'invalid-json'],
    ['/api/plugins/national/decisions/grading', '{"unitType":"enterprise","punishedCount":-1}', 422, 'invalid-facts'],
    ['/api/plugins/national/decisions/grading', '{"unitType":"enterprise"}', 422, 'missing-fact'],
  ])('%s with %s → %i %s, as JSON without a stack', async (path, body, status, code) => {
    const res = await app.request(path, { method: 'POST', body });
    expect(res.status).toBe(status);
    const json = (await res.json()) as { error: { code: string; message: string } };
    expect(json.error.code).toBe(code);
    expect(json.error.message).toMatch(/[\u4e00-\u9fa5]/);
    expect(JSON.stringify(json)).not.toMatch(/\.ts:\d+/);
  });

  it('answers ?explain=false from the compiled rules with the same result as decide, for every decision of both regions', async () => {
    for (const plugin of ['chongqing-jiangjin', 'xinjiang-changji']) {
      const at = plugin === 'chongqing-jiangjin' ? '2024-08-02' : '2025-03-03';
      for (const facts of syntheticPopulation(registry.get(plugin), 60, 7)) {
        for (const decision of ['jurisdiction', 'documents', 'sampling', 'grading'] as const) {
          const res = await app.request(`/api/plugins/${plugin}/decisions/${decision}?at=${at}&explain=false`, { method: 'POST', body: JSON.stringify(facts) });
          const body = (await res.json()) as Record<string, unknown>;
          const direct = await decider.decide(plugin, decision, facts, { at });
          expect(body.result, `${plugin} ${decision} ${facts.creditCode}`).toEqual(JSON.parse(JSON.stringify(direct.result)));
          expect(body).not.toHaveProperty('trace');
          expect(body.rulesetHash).toBe(direct.rulesetHash);
        }
      }
    }
    const bad = await app.request('/api/plugins/national/decisions/grading?explain=false', {
      method: 'POST',
      body: '{"unitType":"enterprise","punishedCount":-1}',
    });
    expect(bad.status).toBe(422);
  });

  it('refuses a body over the limit with 413', async () => {
    const res = await app.request('/api/plugins/national/decisions/grading', {
      method: 'POST',
      body: 'x'.repeat(21 * 1024 * 1024),
      headers: { 'content-length': String(21 * 1024 * 1024) },
    });
    expect(res.status).toBe(413);
  });
});

describe('accounts and scope', () => {
  it('needs a login for campaign data', async () => {
    expect((await app.request('/api/campaigns')).status).toBe(401);
  });

  it('a bureau sees only its own campaigns', async () => {
    const list = (await (await app.request('/api/campaigns', { headers: await as('jiangjin') })).json()) as { id: number }[];
    expect(list.map((c) => c.id)).toEqual([jiangjinCampaign, later]);
    const all = (await (await app.request('/api/campaigns', { headers: await as('boss') })).json()) as { id: number }[];
    expect(all.map((c) => c.id)).toEqual([jiangjinCampaign, changjiCampaign, later]);
  });

  it.each([
    ['GET', () => `/api/campaigns/${changjiCampaign}`],
    ['GET', () => `/api/campaigns/${changjiCampaign}/grades`],
    ['POST', () => `/api/campaigns/${changjiCampaign}/verify-draw`],
  ])('%s %s as the wrong bureau is 403', async (method, path) => {
    const res = await app.request(path(), { method, headers: await as('jiangjin') });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('forbidden');
  });

  it('a county bureau sees the prefecture’s campaign, only its own employers, and may verify its draw', async () => {
    type Grades = { total: number; rows: { bureau: string }[] };
    const list = `/api/campaigns/${changjiCampaign}/grades?size=200`;
    const rows = (await (await app.request(list, { headers: await as('changji') })).json()) as Grades;
    const county = (await (await app.request(list, { headers: await as('fukang') })).json()) as Grades;
    expect(rows.total).toBeGreaterThan(county.total);
    expect(county.total).toBeGreaterThan(0);
    expect(new Set(county.rows.map((r) => r.bureau))).toEqual(new Set(['fukang']));
    expect((await app.request(`/api/campaigns/${changjiCampaign}/verify-draw`, { method: 'POST', headers: await as('fukang') })).status).toBe(200);
  });

  it('only the campaign’s own bureau runs its steps', async () => {
    const err = await runGrading(db, decider, await actorFor(db, 'fukang'), changjiCampaign).catch((e) => e);
    expect(err).toMatchObject({ code: 'forbidden' });
  });

  it('exports grades as CSV with the Chinese headers', async () => {
    const res = await app.request(`/api/campaigns/${jiangjinCampaign}/grades?format=csv`, { headers: await as('jiangjin') });
    expect(res.headers.get('content-type')).toMatch(/text\/csv/);
    const bytes = Buffer.from(await res.arrayBuffer());
    // a BOM, so Excel opens the Chinese text as UTF-8
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.subarray(3).toString('utf8')).toMatch(/^统一社会信用代码,单位名称,管辖人社局,等级/);
  });

  it('cites a later campaign’s own notice in its grades’ basis, in the page and in the export', async () => {
    const headers = await as('jiangjin');
    const page = (await (await app.request(`/api/campaigns/${later}/grades?size=200`, { headers })).json()) as { rows: GradeRow[] };
    const bases = page.rows.flatMap((r) => r.reasons.map((x) => x.basis));
    const cited = `《${notice.title}》（${notice.documentNumber}）`;
    expect(bases.some((b) => b.includes(cited))).toBe(true);
    expect(bases.filter((b) => b.includes('2023年度'))).toEqual([]);
    const csv = Buffer.from(await (await app.request(`/api/campaigns/${later}/grades?format=csv`, { headers })).arrayBuffer()).toString('utf8');
    expect(csv).toContain(cited);
    expect(csv).not.toContain('江津区2023年度');
  });

  it('throttles repeated failed logins', async () => {
    const attempt = () => app.request('/api/login', { method: 'POST', body: JSON.stringify({ username: 'nobody', password: 'wrong' }) });
    for (let i = 0; i < 3; i++) expect((await attempt()).status).toBe(401);
    expect((await attempt()).status).toBe(403);
  });

  it('a cookie session must send its CSRF token with unsafe requests', async () => {
    const login = await app.request('/api/login', { method: 'POST', body: JSON.stringify({ username: 'jiangjin', password: '正确的密码' }) });
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const cookie = login.headers.get('set-cookie')!.split(';')[0];
    expect(login.headers.get('set-cookie')).toMatch(/HttpOnly/i);
    expect(login.headers.get('set-cookie')).toMatch(/SameSite=Strict/i);
    const path = `/api/campaigns/${jiangjinCampaign}/verify-draw`;
    expect((await app.request(path, { method: 'POST', headers: { cookie } })).status).toBe(403);
    const ok = await app.request(path, { method: 'POST', headers: { cookie, 'x-csrf-token': csrfToken } });
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { matches: boolean }).matches).toBe(true);
  });
});

describe('documents', () => {
  it('renders the campaign notice to print and as .docx', async () => {
    const headers = await as('changji');
    const html = await app.request(`/api/campaigns/${changjiCampaign}/documents/notice`, { headers });
    expect(html.status).toBe(200);
    expect(await html.text()).toContain('昌州人社发〔2025〕4号');
    const docx = await app.request(`/api/campaigns/${changjiCampaign}/documents/notice?format=docx`, { headers });
    expect(docx.headers.get('content-type')).toMatch(/wordprocessingml/);
    expect(
      Buffer.from(await docx.arrayBuffer())
        .subarray(0, 2)
        .toString(),
    ).toBe('PK');
  });

  it('takes a campaign’s 抄送 and 印发日期 and prints them in the notice’s 版记', async () => {
    const headers = { ...(await as('jiangjin')), 'content-type': 'application/json' };
    const settings = {
      ...exampleSettings('chongqing-jiangjin', 2030),
      copyTo: ['重庆市人力资源和社会保障局', '江津区市场监督管理局'],
      printDate: '2031-08-05',
    };
    const created = await app.request('/api/campaigns', {
      method: 'POST',
      headers,
      body: JSON.stringify({ plugin: 'chongqing-jiangjin', year: 2030, bureau: 'cq-jiangjin', settings }),
    });
    expect(created.status).toBe(200);
    const { id } = (await created.json()) as { id: number };
    const html = await (await app.request(`/api/campaigns/${id}/documents/notice`, { headers })).text();
    // GB/T 9704 7.4.2: 抄送机关 separated by commas, a full stop after the last; 7.4.3: the date, then 印发
    expect(html).toContain('<p class="copy-to">抄送：重庆市人力资源和社会保障局，江津区市场监督管理局。</p>');
    expect(html).toContain('<span>2031年8月5日印发</span>');
  });

  it('gives a county its own employer’s checklist and not another county’s', async () => {
    const rows = db.$client
      .prepare(
        "SELECT e.credit_code, a.bureau_id FROM employers e JOIN assignments a ON a.employer_id = e.id WHERE a.campaign_id = ? AND a.in_scope = 1 AND a.bureau_id IN ('fukang', 'qitai')",
      )
      .all(changjiCampaign) as { credit_code: string; bureau_id: string }[];
    const own = rows.find((r) => r.bureau_id === 'fukang')!;
    const other = rows.find((r) => r.bureau_id === 'qitai')!;
    const headers = await as('fukang');
    const ok = await app.request(`/api/campaigns/${changjiCampaign}/documents/checklist?employer=${own.credit_code}`, { headers });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('书面材料清单');
    const refused = await app.request(`/api/campaigns/${changjiCampaign}/documents/checklist?employer=${other.credit_code}`, { headers });
    expect(refused.status).toBe(404);
  });

  it('an unknown document is 404', async () => {
    const res = await app.request(`/api/campaigns/${changjiCampaign}/documents/poster`, { headers: await as('changji') });
    expect(res.status).toBe(404);
  });
});

describe('the console and the API description', () => {
  it('serves the login page in Chinese with a strict CSP and no outside assets', async () => {
    const res = await app.request('/');
    const html = await res.text();
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain('登录');
    expect(html).not.toMatch(/https?:\/\//);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
  });

  it('escapes what it inserts: an employer named <script> stays text', async () => {
    db.update(schema.employers).set({ name: '<script>alert(1)</script>' }).run();
    const cookie = (await app.request('/api/login', { method: 'POST', body: JSON.stringify({ username: 'jiangjin', password: '正确的密码' }) })).headers
      .get('set-cookie')!
      .split(';')[0];
    const html = await (await app.request(`/campaigns/${jiangjinCampaign}`, { headers: { cookie } })).text();
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('publishes an OpenAPI 3.1 document built from the schemas', async () => {
    const doc = (await (await app.request('/api/openapi.json')).json()) as Record<string, any>;
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.paths['/api/plugins/{plugin}/decisions/grading'].post.requestBody.content['application/json'].schema.$ref).toBe('#/components/schemas/Facts');
    expect(doc.components.schemas.gradingResult.required).toEqual(['grade', 'graded', 'reasons']);
    expect(JSON.stringify(doc)).not.toContain('#/$defs/');
  });
});
