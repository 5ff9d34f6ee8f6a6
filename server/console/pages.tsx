/** The console pages: log in, the bureau's campaigns, one campaign's draw and grades. */
import { Hono } from 'hono';
import { deleteCookie, getCookie } from 'hono/cookie';
import { eq } from 'drizzle-orm';
import { schema } from '../../core/db/index.ts';
import { JianchaError } from '../../core/errors.ts';
import { getCampaign, listCampaigns } from '../../core/services/campaign.ts';
import { listGrades } from '../../core/services/grades.ts';
import { SESSION_COOKIE } from '../auth.ts';
import type { AppEnv } from '../context.ts';
import { login } from '../routes/session.ts';
import { endSession } from '../sessions.ts';
import { Layout, STATUS } from './layout.tsx';

export const consolePages = new Hono<AppEnv>();

function LoginForm(props: { error?: string }) {
  return (
    <section class="card narrow">
      <h1>登录</h1>
      {props.error && <p class="error">{props.error}</p>}
      <form method="post" action="/login">
        <label>用户名<input name="username" autocomplete="username" required /></label>
        <label>密码<input name="password" type="password" autocomplete="current-password" required /></label>
        <button type="submit">登录</button>
      </form>
    </section>
  );
}

consolePages.get('/', (c) => {
  const session = c.get('session');
  if (!session) return c.html(<Layout title="登录" session={null}><LoginForm /></Layout>);
  const { db, registry } = c.get('deps');
  const campaigns = listCampaigns(db, session.actor);
  return c.html(
    <Layout title="活动" session={session}>
      <h1>书面审查与等级评价活动</h1>
      <table>
        <thead><tr><th>编号</th><th>地区</th><th>年度</th><th>组织单位</th><th>进度</th></tr></thead>
        <tbody>
          {campaigns.map((k) => (
            <tr>
              <td><a href={`/campaigns/${k.id}`}>{k.id}</a></td>
              <td>{registry.get(k.plugin).manifest.name}</td>
              <td>{k.year}年度</td>
              <td>{registry.get(k.plugin).bureau(k.bureauId)?.name ?? k.bureauId}</td>
              <td>{STATUS[k.status] ?? k.status}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {campaigns.length === 0 && <p>本辖区还没有活动。</p>}
    </Layout>,
  );
});

consolePages.post('/login', async (c) => {
  const body = await c.req.parseBody();
  try {
    await login(c, String(body.username ?? ''), String(body.password ?? ''));
    return c.redirect('/', 303);
  } catch (err) {
    if (!(err instanceof JianchaError)) throw err;
    return c.html(<Layout title="登录" session={null}><LoginForm error={err.zh} /></Layout>, err.code === 'unauthorized' ? 401 : 403);
  }
});

consolePages.post('/logout', (c) => {
  const token = getCookie(c, SESSION_COOKIE);
  if (token) endSession(c.get('deps').db, token);
  deleteCookie(c, SESSION_COOKIE, { path: '/' });
  return c.redirect('/', 303);
});

const GRADE_FILTERS = ['A', 'B', 'C', '不参评'];

consolePages.get('/campaigns/:id', (c) => {
  const session = c.get('session');
  if (!session) return c.redirect('/', 303);
  const { db, registry } = c.get('deps');
  const campaign = getCampaign(db, session.actor, Number(c.req.param('id')) || 0);
  const plugin = registry.get(campaign.plugin);
  const drawRow = db.select().from(schema.draws).where(eq(schema.draws.campaignId, campaign.id)).get();
  const filter = c.req.query('grade');
  const all = listGrades(db, session.actor, campaign.id);
  const shown = all.filter((g) => !filter || (filter === '不参评' ? !g.graded : g.grade === filter)).slice(0, 500);
  const counts = Object.fromEntries(GRADE_FILTERS.map((g) => [g, all.filter((r) => (g === '不参评' ? !r.graded : r.grade === g)).length]));
  return c.html(
    <Layout title={`${plugin.manifest.name}${campaign.year}年度`} session={session}>
      <h1>{plugin.manifest.name} {campaign.year}年度书面审查与守法诚信等级评价</h1>
      <p>组织单位：{plugin.bureau(campaign.bureauId)?.name}　进度：{STATUS[campaign.status]}</p>
      <p>
        文书：<a href={`/api/campaigns/${campaign.id}/documents/notice`}>通知（打印）</a>　<a href={`/api/campaigns/${campaign.id}/documents/notice?format=docx`}>通知（Word）</a>
      </p>
      {drawRow && (
        <section class="card">
          <h2>审查名单抽取（双随机）</h2>
          <dl>
            <dt>公布的种子</dt><dd>{drawRow.seed}</dd>
            <dt>算法</dt><dd>{drawRow.algorithm}</dd>
            <dt>名录摘要</dt><dd class="hash">{drawRow.populationHash}</dd>
            <dt>结果摘要</dt><dd class="hash">{drawRow.resultHash}</dd>
          </dl>
          <form method="post" action={`/campaigns/${campaign.id}/verify-draw`}>
            <input type="hidden" name="_csrf" value={session.csrfToken} />
            <button type="submit">重新核对抽取结果</button>
          </form>
        </section>
      )}
      <section class="card">
        <h2>守法诚信等级（{all.length}家）</h2>
        <nav class="filters">
          <a href={`/campaigns/${campaign.id}`}>全部</a>
          {GRADE_FILTERS.map((g) => <a href={`/campaigns/${campaign.id}?grade=${encodeURIComponent(g)}`}>{g === '不参评' ? g : `${g}级`}（{counts[g]}）</a>)}
          <a href={`/api/campaigns/${campaign.id}/grades?format=xlsx`}>下载 Excel</a>
        </nav>
        <table>
          <thead><tr><th>统一社会信用代码</th><th>单位名称</th><th>等级</th><th>理由</th><th>依据</th></tr></thead>
          <tbody>
            {shown.map((g) => (
              <tr>
                <td class="code"><a href={`/api/campaigns/${campaign.id}/documents/checklist?employer=${g.creditCode}`} title="书面材料清单">{g.creditCode}</a></td>
                <td>{g.name}</td>
                <td class={`grade grade-${g.grade ?? 'none'}`}>{g.graded ? `${g.grade}${g.label && g.label !== `${g.grade}级` ? ` ${g.label}` : ''}` : '不参评'}</td>
                <td>{g.reasons.map((r) => <div>{r.reason}</div>)}</td>
                <td class="basis">{[...new Set(g.reasons.map((r) => r.basis))].map((b) => <div>{b}</div>)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {shown.length < all.length && <p>只显示前 500 家；请按等级筛选或下载 Excel。</p>}
      </section>
    </Layout>,
  );
});

consolePages.post('/campaigns/:id/verify-draw', async (c) => {
  const session = c.get('session');
  if (!session) return c.redirect('/', 303);
  const { db, decider } = c.get('deps');
  const { verifyDraw } = await import('../../core/services/draw.ts');
  const v = await verifyDraw(db, decider, session.actor, Number(c.req.param('id')) || 0);
  return c.html(
    <Layout title="核对抽取" session={session}>
      <section class="card">
        <h1>{v.matches ? '抽取结果一致' : '抽取结果不一致'}</h1>
        <p>依据记录和公布的种子重新抽取，名录摘要与结果摘要{v.matches ? '均与保存的一致。' : '与保存的不一致，请检查登记册或管辖是否在抽取后被修改。'}</p>
        <p><a href={`/campaigns/${c.req.param('id')}`}>返回</a></p>
      </section>
    </Layout>,
  );
});
