/**
 * The year's records in the console (查处次数, 使用童工, 实施劳动保障监察, …): how many the campaign
 * has against its employers in scope, their import as the registry's is done (a job, every error by
 * row and column on its page), and the screening of the grades they feed, employer by employer.
 */
import { Hono } from 'hono';
import { JianchaError } from '../../core/errors.ts';
import { may, whoMay } from '../../core/policy.ts';
import type { Campaign } from '../../core/services/campaign.ts';
import { screenGrades } from '../../core/services/screening.ts';
import { screeningOwner } from '../../core/screening.ts';
import { yearRecordsState } from '../../core/services/stepPreview.ts';
import type { Db } from '../../core/db/index.ts';
import type { Plugin } from '../../core/plugin.ts';
import type { Child } from 'hono/jsx';
import type { AppEnv } from '../context.ts';
import { startJob } from '../jobs.ts';
import type { Session } from '../sessions.ts';
import { pageContext, Tabs } from './campaignPages.tsx';
import { FileInput, Flash, Layout, PostForm } from './layout.tsx';
import type { Form } from './posted.tsx';

export const yearRecordPages = new Hono<AppEnv>();

/** The statuses the import is open in: the records feed the grading run, closed once the grades go to publicity. */
const IMPORTABLE = ['created', 'assigned', 'drawn', 'graded'];
const PAGE = 100;

/** The records' state and, while they may still be imported, the form to import them. */
export async function RecordsCard(props: { campaign: Campaign; session: Session; db: Db }) {
  const { campaign, session, db } = props;
  const { records, inScope, missing } = await yearRecordsState(db, campaign.id);
  const open = IMPORTABLE.includes(campaign.status);
  return (
    <section class="card">
      <h2>年度记录（等级评价依据）</h2>
      <p>
        已导入 {records.toLocaleString('zh-CN')} 家的年度记录
        {inScope > 0 && `；管辖范围内 ${inScope.toLocaleString('zh-CN')} 家中 ${missing.toLocaleString('zh-CN')} 家没有记录`}
        {inScope > 0 && missing > 0 && '，评价时按本年度无监察执法记录（未实施劳动保障监察、无查处）对待'}。
      </p>
      {open && may(session.actor, 'records.import', campaign.plugin) && (
        <PostForm action={`/campaigns/${campaign.id}/records`} session={session} upload>
          <p class="note">
            CSV 或
            XLSX，首行为列名：统一社会信用代码、查处次数、使用童工、强迫劳动、群体性事件、拒不履行、阻挠监察、追究刑事责任、拖欠农民工工资失信名单、重大违法行为公布、实施劳动保障监察、书面审查逾期、逾期有正当理由（是/否）。全部成功才导入，错误逐行逐列列出；再次导入同一单位的记录将更新它。
          </p>
          {campaign.status === 'graded' && <p class="warning">已初评：此后导入的记录，须重新评价等级（初评）才计入等级。</p>}
          <FileInput name="file" accept=".csv,.xlsx" label="年度记录文件" />
          <button type="submit">导入年度记录</button>
        </PostForm>
      )}
      {open && !may(session.actor, 'records.import', campaign.plugin) && <p class="note">{whoMay('records.import', campaign.plugin)}。</p>}
    </section>
  );
}

yearRecordPages.post('/campaigns/:id/records', async (c) => {
  const session = c.get('session');
  if (!session) return c.redirect('/', 303);
  const id = Number(c.req.param('id')) || 0;
  const back = `/campaigns/${id}`;
  const file = ((await c.req.parseBody()) as Form).file;
  if (!(file instanceof File) || !file.size) return c.redirect(`${back}?error=${encodeURIComponent('请选择 CSV 或 XLSX 文件')}`, 303);
  const { job } = startJob(
    c.get('deps'),
    session.actor,
    'records',
    { campaignId: id, data: new Uint8Array(await file.arrayBuffer()), name: file.name },
    `导入年度记录 ${file.name}`,
  );
  return c.redirect(`/jobs/${job.id}?back=${encodeURIComponent(back)}`, 303);
});

/** The screening page's frame: its heading and the campaign's tabs. */
function ScreeningPage(props: { session: Session; campaign: Campaign; plugin: Plugin; children?: Child }) {
  return (
    <Layout title="等级筛查" session={props.session}>
      <h1>
        {props.plugin.manifest.name} {props.campaign.year}年度 · 等级筛查
      </h1>
      <Tabs campaign={props.campaign} plugin={props.plugin} />
      {props.children}
    </Layout>
  );
}

/** The screening of the campaign's grades: each employer found, by check, a page at a time. */
yearRecordPages.get('/campaigns/:id/screening', async (c) => {
  const p = pageContext(c);
  if (!p) return c.redirect('/', 303);
  const { session, db, registry, campaign, plugin } = p;
  // a region whose notice asks for no screening has none: said so, not screened by another's checks
  if (!screeningOwner(plugin))
    return c.html(
      <ScreeningPage {...p}>
        <p class="note">{plugin.manifest.name}插件未规定等级筛查项（plugin.json 的 screening）。</p>
      </ScreeningPage>,
    );
  const { findings, basis } = await screenGrades(db, registry, session.actor, campaign.id);
  const checks = [...new Map(findings.map((f) => [f.check, f.label])).entries()];
  const check = c.req.query('check');
  if (check && !checks.some(([id]) => id === check) && findings.length)
    throw new JianchaError('invalid-query', `没有筛查项“${check}”`, `no screening check "${check}"`);
  const shown = check ? findings.filter((f) => f.check === check) : findings;
  const pages = Math.max(1, Math.ceil(shown.length / PAGE));
  const page = Math.min(pages, Math.max(1, Number(c.req.query('page')) || 1));
  const path = `/campaigns/${campaign.id}/screening`;
  const href = (n: number) => `${path}?${new URLSearchParams({ ...(check && { check }), page: String(n) })}`;
  return c.html(
    <ScreeningPage {...p}>
      <Flash {...p.flash} />
      <section class="card">
        <p>对初评结果逐家筛查，只列出问题，不改变等级；发现的问题经核实后可提出等级变更。</p>
        {basis && <p class="basis">{basis}</p>}
        {findings.length === 0 ? (
          <p class="ok">未发现问题。</p>
        ) : (
          <nav class="filters">
            <a href={path}>全部（{findings.length}）</a>
            {checks.map(([id, label]) => (
              <a href={`${path}?check=${encodeURIComponent(id)}`}>
                {label}（{findings.filter((f) => f.check === id).length}）
              </a>
            ))}
          </nav>
        )}
      </section>
      {shown.length > 0 && (
        <>
          <p class="pager">
            <span>
              共 {shown.length} 条，第 {page} / {pages} 页
            </span>
            {page > 1 && <a href={href(page - 1)}>上一页</a>}
            {page < pages && <a href={href(page + 1)}>下一页</a>}
          </p>
          <table>
            <thead>
              <tr>
                <th>统一社会信用代码</th>
                <th>单位名称</th>
                <th>筛查项</th>
                <th>情况</th>
              </tr>
            </thead>
            <tbody>
              {shown.slice((page - 1) * PAGE, page * PAGE).map((f) => (
                <tr>
                  <td class="code">
                    <a href={`/campaigns/${campaign.id}/employers/${f.creditCode}`}>{f.creditCode}</a>
                  </td>
                  <td>{f.name}</td>
                  <td>{f.label}</td>
                  <td>{f.detail}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </ScreeningPage>,
  );
});
