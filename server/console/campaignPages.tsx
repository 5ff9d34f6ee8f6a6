/**
 * A campaign in the console: its timeline and the next step for the caller's role, the draw, the
 * grades with reasons and basis, the reviews, the changes and objections, and the supervision plans.
 * Every action posts to actions.tsx, which calls the same services as the API.
 */
import { Hono, type Context } from 'hono';
import { eq } from 'drizzle-orm';
import { schema, type Db } from '../../core/db/index.ts';
import type { Plugin } from '../../core/plugin.ts';
import { campaignDeadlines, getCampaign, type Campaign } from '../../core/services/campaign.ts';
import { listGradeChanges } from '../../core/services/gradeChanges.ts';
import { gradeCounts, type GradeRow, gradeSpec, pageGrades } from '../../core/services/grades.ts';
import type { GradeScale } from '../../core/gradeScale.ts';
import { type CAMPAIGN_FILTERS, type Filter, readListing } from '../../core/services/listing.ts';
import { getPublicity, listObjections } from '../../core/services/publicity.ts';
import { pageReviews, QUEUES, reviewQueues, reviewSpec } from '../../core/services/reviews.ts';
import { pagePlans, planSpec, patrolsText } from '../../core/services/supervision.ts';
import { type FilterChoice, ListForm, listingHref, Pager, SortHeader } from './listing.tsx';
import type { AppEnv } from '../context.ts';
import type { Session } from '../sessions.ts';
import { DateInput, Flash, Layout, PostForm, STATUS } from './layout.tsx';
import { DocumentList } from './documentList.tsx';
import { may, whoMay, type Step } from '../../core/policy.ts';
import { today } from '../../core/facts.ts';
import { ConfirmForm } from './confirmPage.tsx';
import { RecordsCard } from './yearRecords.tsx';
import { screeningOwner } from '../../core/screening.ts';
import { GradeOptions } from './gradeOptions.tsx';
import { FormErrors, type Posted, postedTo, typed } from './posted.tsx';
import { declarationDeadline } from '../../core/services/declarationDeadline.ts';
import { citingNotice } from '../../core/noticeCitation.ts';

export const campaignPages = new Hono<AppEnv>();

const ORDER = ['created', 'assigned', 'drawn', 'graded', 'publicity', 'published'];
const OUTCOME: Record<string, string> = { pass: '合格', basicPass: '基本合格', fail: '不合格', onsiteCheck: '需实地核查' };
export const REVIEW_STATUS: Record<string, string> = { assigned: '待审查', recorded: '待审批', returned: '已退回', approved: '已审批' };
const CAUSE: Record<string, string> = { random: '随机抽取', forced: '重点行业', manual: '人工增加' };

/** The page's campaign and session; a visitor without a session goes to the login. */
export function pageContext(c: Context<AppEnv>) {
  const session = c.get('session');
  if (!session) return undefined;
  const { db, registry } = c.get('deps');
  const campaign = getCampaign(db, session.actor, Number(c.req.param('id')) || 0);
  return { session, db, registry, campaign, plugin: registry.get(campaign.plugin), flash: { ok: c.req.query('ok'), error: c.req.query('error') } };
}

export function Tabs(props: { campaign: Campaign; plugin: Plugin }) {
  const base = `/campaigns/${props.campaign.id}`;
  // the screening is of grades, where the region's plugin declares one
  const screened = ORDER.indexOf(props.campaign.status) >= ORDER.indexOf('graded') && screeningOwner(props.plugin) !== undefined;
  return (
    <nav class="tabs">
      <a href={base}>概况与等级</a>
      <a href={`${base}/reviews`}>申报与审查</a>
      <a href={`${base}/changes`}>变更与异议</a>
      {screened && <a href={`${base}/screening`}>等级筛查</a>}
      <a href={`${base}/plans`}>监管计划</a>
    </nav>
  );
}

/** The step a campaign's status leads to, as core/policy.ts names it. */
const NEXT: Record<string, Step[]> = {
  created: ['assign'],
  assigned: ['draw'],
  drawn: ['reviewers.assign', 'grading'],
  // grading again before publicity, after a grade-changing import or review
  graded: ['grading', 'publicity'],
  publicity: ['publish'],
  published: ['supervision.plan'],
};

/**
 * What the campaign's bureau does next, shown to the roles the policy table gives it; where the
 * session may not act, who may.
 */
function NextStep(props: { campaign: Campaign; session: Session; posted: Posted | undefined }) {
  const { campaign, session, posted } = props;
  const { role, bureauId } = session.actor;
  const own = bureauId === null || bureauId === campaign.bureauId;
  if (!own || role === 'employer') return null;
  const steps = NEXT[campaign.status] ?? [];
  const denied = steps.filter((step) => !may(session.actor, step, campaign.plugin));
  const act = (step: string) => `/campaigns/${campaign.id}/${step}`;
  const forms: Record<Step, unknown> = {
    assign: (
      <ConfirmForm campaignId={campaign.id} step="assign">
        <button type="submit">划分管辖</button>
      </ConfirmForm>
    ),
    draw: (
      <ConfirmForm campaignId={campaign.id} step="draw" class="inline">
        <label>
          公布的随机种子
          <input name="seed" required />
        </label>
        <button type="submit">抽取审查名单</button>
      </ConfirmForm>
    ),
    'reviewers.assign': (
      <PostForm action={act('reviewers')} session={session} class="inline">
        <FormErrors posted={posted} />
        <label>
          审查人员（用户名，逗号分隔）
          <input name="reviewers" required value={typed(posted, 'reviewers')} />
        </label>
        <button type="submit">随机分配审查人员</button>
      </PostForm>
    ),
    grading: (
      <ConfirmForm campaignId={campaign.id} step="grading">
        <button type="submit">{campaign.status === 'graded' ? '重新评价等级（初评）' : '评价等级（初评）'}</button>
      </ConfirmForm>
    ),
    publicity: (
      <ConfirmForm campaignId={campaign.id} step="publicity" class="inline">
        <label>
          公示开始日期（今天或以后，不填为今天）
          <DateInput name="from" min={today()} />
        </label>
        <button type="submit">公示（不少于{campaignDeadlines(campaign).publicityWorkingDays}个工作日）</button>
      </ConfirmForm>
    ),
    publish: (
      <ConfirmForm campaignId={campaign.id} step="publish" class="inline">
        <button type="submit">公布等级评价结果</button>
      </ConfirmForm>
    ),
    'supervision.plan': (
      <PostForm action={act('supervision')} session={session}>
        <button type="submit">制定下一年度监管计划</button>
      </PostForm>
    ),
  } as Record<Step, unknown>;
  // a mistaken campaign goes before its draw, when nothing drawn or graded is lost
  const deletable = ['created', 'assigned'].includes(campaign.status) && may(session.actor, 'campaign.delete', campaign.plugin);
  return (
    <>
      {steps.filter((step) => !denied.includes(step)).map((step) => forms[step])}
      {deletable && (
        <ConfirmForm campaignId={campaign.id} step="campaign.delete">
          <button type="submit" class="danger">
            删除本活动
          </button>
        </ConfirmForm>
      )}
      {denied.map((step) => (
        <p class="note">{whoMay(step, campaign.plugin)}。</p>
      ))}
    </>
  );
}

/** The campaign's page; also shown again by a refused form of its steps, with what was typed (posted.tsx). */
export async function showCampaign(c: Context<AppEnv>) {
  const p = pageContext(c);
  if (!p) return c.redirect('/', 303);
  const { session, db, campaign, plugin } = p;
  const drawRow = db.select().from(schema.draws).where(eq(schema.draws.campaignId, campaign.id)).get();
  const deadlines = campaignDeadlines(campaign);
  const publicity = await getPublicity(db, session.actor, campaign.id);
  const scale = plugin.gradeScale();
  const spec = gradeSpec(db, campaign, scale);
  const listing = readListing(spec, (name) => c.req.query(name));
  const grades = pageGrades(db, session.actor, campaign, spec, listing);
  const counts = await gradeCounts(db, session.actor, campaign, scale);
  const all = Object.values(counts).reduce((n, k) => n + k, 0);
  const filters = spec.filters.grade.values.map((value) => ({ value, label: scale.has(value) ? scale.label(value) : value }));
  const path = `/campaigns/${campaign.id}`;
  return c.html(
    <Layout title={`${plugin.manifest.name}${campaign.year}年度`} session={session}>
      <h1>
        {plugin.manifest.name} {campaign.year}年度书面审查与守法诚信等级评价
      </h1>
      <Tabs campaign={campaign} plugin={plugin} />
      <Flash {...p.flash} />
      <section class="card">
        <h2>进度</h2>
        <p>
          组织单位：{plugin.bureau(campaign.bureauId)?.name}　当前：{STATUS[campaign.status]}
        </p>
        <ol class="steps">
          {ORDER.slice(1).map((s) => (
            <li class={ORDER.indexOf(campaign.status) >= ORDER.indexOf(s) ? 'done' : 'todo'}>{STATUS[s]}</li>
          ))}
        </ol>
        <dl>
          <dt>申报截止</dt>
          <dd>
            {deadlines.declaration}（{declarationDeadline(campaign).setBy}）
          </dd>
          <dt>整改期限</dt>
          <dd>{deadlines.rectification}</dd>
          <dt>公示期</dt>
          <dd>
            {publicity ? `${publicity.fromDate} 至 ${publicity.toDate}（${publicity.workingDays}个工作日）` : `不少于${deadlines.publicityWorkingDays}个工作日`}
          </dd>
        </dl>
        <details>
          <summary>活动设置</summary>
          <pre class="settings">{JSON.stringify(campaign.settings, null, 2)}</pre>
        </details>
        <NextStep campaign={campaign} session={session} posted={postedTo(c, `/campaigns/${campaign.id}/reviewers`)} />
      </section>
      <DocumentList
        campaignId={campaign.id}
        documents={[{ name: 'notice', label: '通知' }, ...(publicity ? [{ name: 'gradeList', label: publicity.publishedOn ? '公布名单' : '公示名单' }] : [])]}
      />
      {drawRow && session.actor.role !== 'employer' && may(session.actor, 'accounts.employers', campaign.plugin) && (
        <p>
          <a href={`/campaigns/${campaign.id}/accounts`}>用人单位账号（开设、打印通知书、重置）</a>
        </p>
      )}
      {drawRow && (
        <section class="card">
          <h2>审查名单抽取（双随机）</h2>
          <dl>
            <dt>公布的种子</dt>
            <dd>{drawRow.seed}</dd>
            <dt>算法</dt>
            <dd>{drawRow.algorithm}</dd>
            <dt>名录摘要</dt>
            <dd class="hash">{drawRow.populationHash}</dd>
            <dt>结果摘要</dt>
            <dd class="hash">{drawRow.resultHash}</dd>
          </dl>
          <PostForm action={`/campaigns/${campaign.id}/verify-draw`} session={session}>
            <button type="submit">重新核对抽取结果</button>
          </PostForm>
        </section>
      )}
      <Queues campaign={campaign} session={session} db={db} />
      {/* the bureau's counts of its employers' records are not an employer's to read */}
      {session.actor.role !== 'employer' && <RecordsCard campaign={campaign} session={session} db={db} />}
      {session.actor.role === 'employer' ? (
        <OwnGrade campaign={campaign} plugin={plugin} row={grades.rows[0]} />
      ) : (
        <section class="card">
          <h2>守法诚信等级（{all.toLocaleString('zh-CN')}家）</h2>
          <nav class="filters">
            <a href={path}>全部</a>
            {filters.map((f) => (
              <a href={`${path}?grade=${encodeURIComponent(f.value)}`}>
                {f.label}（{counts[f.value] ?? 0}）
              </a>
            ))}
            <a href={`${listingHref(`/api${path}/grades`, listing)}&format=xlsx`}>下载 Excel（按当前筛选）</a>
          </nav>
          <ListForm path={path} listing={listing} filters={[{ name: 'grade', label: '等级', options: filters }, ...commonFilters(spec.filters, plugin)]} />
          <Pager path={path} listing={listing} page={grades} />
          <table>
            <thead>
              <tr>
                <SortHeader path={path} listing={listing} sort="creditCode" label="统一社会信用代码" />
                <SortHeader path={path} listing={listing} sort="name" label="单位名称" />
                <SortHeader path={path} listing={listing} sort="bureau" label="管辖" />
                <SortHeader path={path} listing={listing} sort="grade" label="等级" />
                <th>理由</th>
                <th>依据</th>
              </tr>
            </thead>
            <tbody>
              {grades.rows.map((g) => (
                <tr>
                  <td class="code">
                    <a href={`/campaigns/${campaign.id}/employers/${g.creditCode}`}>{g.creditCode}</a>
                  </td>
                  <td>{g.name}</td>
                  <td>{plugin.bureau(g.bureau ?? '')?.name ?? g.bureau}</td>
                  <td class={`grade grade-${g.grade ?? 'none'}`}>{gradeText(g, scale)}</td>
                  <td>
                    {g.reasons.map((r) => (
                      <div>{r.reason}</div>
                    ))}
                  </td>
                  <td class="basis">
                    {[...new Set(g.reasons.map((r) => citingNotice(r.basis, plugin, campaign.settings)))].map((b) => (
                      <div>{b}</div>
                    ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {grades.pages > 1 && <Pager path={path} listing={listing} page={grades} />}
        </section>
      )}
    </Layout>,
  );
}
campaignPages.get('/campaigns/:id', showCampaign);

campaignPages.get('/campaigns/:id/reviews', (c) => {
  const p = pageContext(c);
  if (!p) return c.redirect('/', 303);
  const { session, db, campaign, plugin } = p;
  const spec = reviewSpec(db, session.actor, campaign);
  const listing = readListing(spec, (name) => c.req.query(name));
  const reviews = pageReviews(db, session.actor, campaign, spec, listing);
  const path = `/campaigns/${campaign.id}/reviews`;
  const choices: FilterChoice[] = [
    { name: 'status', label: '审查状态', options: Object.entries(REVIEW_STATUS).map(([value, label]) => ({ value, label })) },
    { name: 'queue', label: '待办', options: Object.entries(QUEUES).map(([value, label]) => ({ value, label })) },
    ...commonFilters(spec.filters, plugin),
  ];
  return c.html(
    <Layout title="申报与审查" session={session}>
      <h1>
        {plugin.manifest.name} {campaign.year}年度 · 申报与审查
      </h1>
      <Tabs campaign={campaign} plugin={plugin} />
      <Flash {...p.flash} />
      <p>审查名单。点击单位录入申报、审查发现和审批。</p>
      {/* an employer's list is its own row: nothing to search, filter or page */}
      {session.actor.role !== 'employer' && (
        <>
          <ListForm path={path} listing={listing} filters={choices} />
          <Pager path={path} listing={listing} page={reviews} />
        </>
      )}
      <table>
        <thead>
          <tr>
            <SortHeader path={path} listing={listing} sort="creditCode" label="统一社会信用代码" />
            <SortHeader path={path} listing={listing} sort="name" label="单位名称" />
            <SortHeader path={path} listing={listing} sort="bureau" label="管辖" />
            <th>抽取方式</th>
            <SortHeader path={path} listing={listing} sort="reviewer" label="审查人员" />
            <th>申报</th>
            <th>审查结果</th>
            <SortHeader path={path} listing={listing} sort="status" label="状态" />
          </tr>
        </thead>
        <tbody>
          {reviews.rows.map((r) => (
            <tr>
              <td class="code">
                <a href={`/campaigns/${campaign.id}/employers/${r.creditCode}`}>{r.creditCode}</a>
              </td>
              <td>{r.name}</td>
              <td>{plugin.bureau(r.bureauId ?? '')?.name ?? r.bureauId}</td>
              <td>
                {CAUSE[r.cause]}
                {r.note && `：${r.note}`}
              </td>
              <td>{r.reviewer ?? '—'}</td>
              <td class="state">{r.declared ? (r.late ? '已申报（逾期）' : '已申报') : '未申报'}</td>
              <td class="state">{r.outcome ? OUTCOME[r.outcome] : '—'}</td>
              <td class="state">
                {REVIEW_STATUS[r.status]}
                {r.status === 'returned' && r.comment && (
                  <>
                    <br />
                    <span class="basis">退回理由：{r.comment}</span>
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {reviews.pages > 1 && <Pager path={path} listing={listing} page={reviews} />}
    </Layout>,
  );
});

/** A row's grade as shown: the level with its label where the label differs, or the outcome that is not a level (none: not graded). */
function gradeText(g: GradeRow, scale: GradeScale): string {
  if (!g.graded) return g.label ?? scale.notGraded.label;
  return `${g.grade}${g.label && g.label !== scale.label(g.grade) ? ` ${g.label}` : ''}`;
}

/**
 * What an employer reads of the campaign's grades: its own, with reasons and basis. It has no other row,
 * so none of the bureau's list (filters by 管辖 or stratum, counts, sheet) is shown to it.
 */
function OwnGrade(props: { campaign: Campaign; plugin: Plugin; row: GradeRow | undefined }) {
  const { campaign, plugin, row } = props;
  const scale = plugin.gradeScale();
  return (
    <section class="card own-grade">
      <h2>本单位守法诚信等级</h2>
      {row ? (
        <>
          <p>
            <a href={`/campaigns/${campaign.id}/employers/${row.creditCode}`}>{row.name}</a>：
            <span class={`grade grade-${row.grade ?? 'none'}`}>{gradeText(row, scale)}</span>
          </p>
          <dl>
            {row.reasons.map((r) => (
              <>
                <dt>{r.reason}</dt>
                <dd class="basis">{citingNotice(r.basis, plugin, campaign.settings)}</dd>
              </>
            ))}
          </dl>
        </>
      ) : (
        <p>尚未评价等级。</p>
      )}
    </section>
  );
}

/** The filters every list of a campaign has, with the bureaus' names. */
function commonFilters(filters: Record<keyof typeof CAMPAIGN_FILTERS, Filter>, plugin: Plugin): FilterChoice[] {
  return [
    { name: 'bureau', label: '管辖', options: filters.bureau.values.map((value) => ({ value, label: plugin.bureau(value)?.name ?? value })) },
    { name: 'stratum', label: '抽取层级', options: filters.stratum.values.map((value) => ({ value, label: value })) },
    {
      name: 'late',
      label: '逾期申报',
      options: [
        { value: 'true', label: '逾期' },
        { value: 'false', label: '按期' },
      ],
    },
  ];
}

/**
 * The caller's to-do queues, each with its count and a link to the review list filtered to it: reviews
 * assigned to it, reviews waiting for its approval (heads), rectifications to verify.
 */
function Queues(props: { campaign: Campaign; session: Session; db: Db }) {
  const { campaign, session, db } = props;
  if (session.actor.role === 'employer' || ORDER.indexOf(campaign.status) < ORDER.indexOf('drawn')) return null;
  const steps: Record<keyof typeof QUEUES, Step> = { review: 'review.record', approve: 'review.approve', verify: 'rectification.verify' };
  const shown = (Object.keys(QUEUES) as (keyof typeof QUEUES)[]).filter((q) => may(session.actor, steps[q], campaign.plugin));
  if (!shown.length) return null;
  const counts = reviewQueues(db, session.actor, campaign);
  return (
    <section class="card">
      <h2>我的待办</h2>
      <ul class="queues">
        {shown.map((q) => (
          <li>
            <a href={`/campaigns/${campaign.id}/reviews?queue=${q}`}>
              {QUEUES[q]}（{counts[q]}）
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The changes and objections; also shown again by a refused resolution, with what was typed. */
export async function showChanges(c: Context<AppEnv>) {
  const p = pageContext(c);
  if (!p) return c.redirect('/', 303);
  const { session, db, campaign, plugin } = p;
  const changes = await listGradeChanges(db, session.actor, campaign.id);
  const objections = await listObjections(db, session.actor, campaign.id);
  const base = `/campaigns/${campaign.id}`;
  return c.html(
    <Layout title="变更与异议" session={session}>
      <h1>
        {plugin.manifest.name} {campaign.year}年度 · 等级变更与异议
      </h1>
      <Tabs campaign={campaign} plugin={plugin} />
      <Flash {...p.flash} />
      <section class="card">
        <h2>等级变更（须负责人审批，不能审批自己提出的变更）</h2>
        <table>
          <thead>
            <tr>
              <th>单位</th>
              <th>变更</th>
              <th>理由</th>
              <th>状态</th>
              <th></th>
            </tr>
          </thead>
          <tbody>
            {changes.map((k) => (
              <tr>
                <td>
                  <a href={`${base}/employers/${k.creditCode}`}>{k.name}</a>
                </td>
                <td>
                  {k.fromGrade ?? '—'} → {k.toGrade}
                </td>
                <td>{k.reason}</td>
                <td>{{ pending: '待审批', approved: '已批准', rejected: '已驳回' }[k.status]}</td>
                <td>
                  {k.status === 'pending' && may(session.actor, 'gradeChange.decide', campaign.plugin) && (
                    <>
                      <PostForm action={`${base}/grade-changes/${k.id}/approve`} session={session} class="inline">
                        <button type="submit">批准</button>
                      </PostForm>
                      <PostForm action={`${base}/grade-changes/${k.id}/reject`} session={session} class="inline">
                        <button type="submit">驳回</button>
                      </PostForm>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section class="card">
        <h2>公示期异议</h2>
        <table>
          <thead>
            <tr>
              <th>单位</th>
              <th>提出日期</th>
              <th>异议</th>
              <th>处理</th>
            </tr>
          </thead>
          <tbody>
            {objections.map((o) => (
              <tr>
                <td>
                  <a href={`${base}/employers/${o.creditCode}`}>{o.name}</a>
                </td>
                <td>{o.filedOn}</td>
                <td>{o.text}</td>
                <td>
                  {o.status === 'open' && may(session.actor, 'objection.resolve', campaign.plugin) ? (
                    <PostForm action={`${base}/objections/${o.id}`} session={session}>
                      <FormErrors posted={postedTo(c, `${base}/objections/${o.id}`)} />
                      <label>
                        处理意见
                        <input name="text" required value={typed(postedTo(c, `${base}/objections/${o.id}`), 'text')} />
                      </label>
                      <label>
                        成立时调整为
                        <select name="toGrade">
                          <option value="">（不调整）</option>
                          <GradeOptions scale={plugin.gradeScale()} selected={typed(postedTo(c, `${base}/objections/${o.id}`), 'toGrade')} />
                        </select>
                      </label>
                      <button type="submit" name="decision" value="uphold">
                        异议成立
                      </button>{' '}
                      <button type="submit" name="decision" value="dismiss">
                        不予采纳
                      </button>
                    </PostForm>
                  ) : (
                    `${{ open: '待处理', upheld: '成立', dismissed: '不予采纳' }[o.status]}${o.resolution ? `：${o.resolution}` : ''}`
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </Layout>,
  );
}
campaignPages.get('/campaigns/:id/changes', showChanges);

campaignPages.get('/campaigns/:id/plans', (c) => {
  const p = pageContext(c);
  if (!p) return c.redirect('/', 303);
  const { session, db, campaign, plugin } = p;
  const scale = plugin.gradeScale();
  const spec = planSpec(db, campaign, scale);
  const listing = readListing(spec, (name) => c.req.query(name));
  const plans = pagePlans(db, session.actor, campaign, spec, listing);
  const path = `/campaigns/${campaign.id}/plans`;
  const grades = spec.filters.grade.values.map((value) => ({ value, label: scale.label(value) }));
  return c.html(
    <Layout title="监管计划" session={session}>
      <h1>
        {plugin.manifest.name} {campaign.year + 1}年度分类监管计划
      </h1>
      <Tabs campaign={campaign} plugin={plugin} />
      <Flash {...p.flash} />
      {plans.total || Object.keys(listing.filters).length || listing.q ? (
        <>
          {may(session.actor, 'patrol.read', campaign.plugin) && (
            <DocumentList campaignId={campaign.id} documents={[{ name: 'patrolPlan', label: '巡视检查计划' }]} />
          )}
          <p>
            <a href={`${listingHref(`/api/campaigns/${campaign.id}/supervision`, listing)}&format=xlsx`}>下载 Excel（按当前筛选）</a>
          </p>
        </>
      ) : (
        <p>等级公布后制定监管计划。</p>
      )}
      {session.actor.role !== 'employer' && (
        <>
          <ListForm path={path} listing={listing} filters={[{ name: 'grade', label: '等级', options: grades }, ...commonFilters(spec.filters, plugin)]} />
          <Pager path={path} listing={listing} page={plans} />
        </>
      )}
      <table>
        <thead>
          <tr>
            <SortHeader path={path} listing={listing} sort="name" label="单位" />
            <SortHeader path={path} listing={listing} sort="grade" label="等级" />
            <th>巡查日期</th>
            <th>约谈</th>
            <th>监管措施</th>
          </tr>
        </thead>
        <tbody>
          {plans.rows.map((r) => (
            <tr>
              <td>
                {r.name}
                {r.plaque && '（可授铭牌）'}
              </td>
              <td class={`grade grade-${r.grade}`}>{r.grade}</td>
              <td>{patrolsText(r)}</td>
              <td>{r.interview ? '约谈' : ''}</td>
              <td class="basis">
                {r.measures.map((m) => (
                  <div>{m}</div>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {plans.pages > 1 && <Pager path={path} listing={listing} page={plans} />}
    </Layout>,
  );
});
