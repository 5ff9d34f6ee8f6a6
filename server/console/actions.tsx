/**
 * The console's forms: each posts here, calls the same service the API and CLI call, and redirects
 * back with the outcome (post/redirect/get). Long steps start a job and redirect to its progress
 * page, which refreshes itself: no script needed.
 */
import { Hono, type Context } from 'hono';
import { JianchaError, type ErrorDetail } from '../../core/errors.ts';
import { importErrorSheet, importErrors } from '../../core/services/importErrors.ts';
import type { Actor } from '../../core/services/actor.ts';
import { declare } from '../../core/services/declarations.ts';
import { getCampaign } from '../../core/services/campaign.ts';
import { numberFields } from '../../core/declarationForm.ts';
import { sinceSummary, type DrawPlan, type Verification } from '../../core/services/draw.ts';
import { decideGradeChange, proposeGradeChange } from '../../core/services/gradeChanges.ts';
import { fileObjection, publish, resolveObjection, startPublicity } from '../../core/services/publicity.ts';
import { approveReview, assignReviewers, recordReview, returnReview, updateRectification } from '../../core/services/reviews.ts';
import type { Finding } from '../../core/db/schema/review.ts';
import type { AppDeps, AppEnv } from '../context.ts';
import { getJob, runJob, startJob, type Job } from '../jobs.ts';
import { localPath } from '../security.ts';
import { statusOf } from '../errors.ts';
import { type Form, str } from './posted.tsx';
import { NOTE, SEVERITY } from './reviewForm.tsx';
import { JobErrors, JobResult, bureauNames } from './jobResult.tsx';
import { Layout } from './layout.tsx';
import { CONFIRMED, confirmationOf, confirmUrl } from './confirmPage.tsx';
import { showEmployer } from './employerPage.tsx';
import { showCampaign, showChanges } from './campaignPages.tsx';
import { deleteCampaign, type PreviewedStep } from '../../core/services/stepPreview.ts';

export const consoleActions = new Hono<AppEnv>();

/** A page a refused form is shown on again (posted.tsx): the GET handler of the page the form is on. */
export type Page = (c: Context<AppEnv>) => Response | Promise<Response>;

/**
 * Run a service for the form; back to `back` with its outcome, or to a started job's progress. A
 * refusal shows `again` (the form's page) with what was typed and every error, else goes back with it.
 */
export async function act(
  c: Context<AppEnv>,
  back: string,
  work: (actor: Actor, form: Form, deps: AppDeps) => unknown,
  options: { form?: Form; again?: Page } = {},
): Promise<Response> {
  const session = c.get('session');
  if (!session) return c.redirect('/', 303);
  const form = options.form ?? ((await c.req.parseBody()) as Form);
  try {
    const result = await work(session.actor, form, c.get('deps'));
    if (result && typeof result === 'object' && 'job' in result) return c.redirect(`/jobs/${(result.job as Job).id}?back=${encodeURIComponent(back)}`, 303);
    return c.redirect(`${back}?ok=${encodeURIComponent(typeof result === 'string' ? result : '已完成')}`, 303);
  } catch (err) {
    if (!(err instanceof JianchaError)) throw err;
    if (options.again) return refused(c, form, err, options.again);
    return c.redirect(`${back}?error=${encodeURIComponent(messageOf(err))}`, 303);
  }
}

/** The form's page again, with the refused post on the request and the refusal's status. */
export function refused(c: Context<AppEnv>, form: Form, error: JianchaError, page: Page): Response | Promise<Response> {
  c.set('posted', { action: c.req.path, form, error });
  c.status(statusOf(error));
  return page(c);
}

/** The Chinese message with every detail, for a step whose refusal goes back in a redirect. */
function messageOf(err: { zh: string; details: { zh: string }[] }): string {
  return err.details.length ? `${err.zh}：${err.details.map((d) => d.zh).join('；')}` : err.zh;
}

const campaignOf = (c: Context<AppEnv>) => Number(c.req.param('id')) || 0;

/**
 * A step that cannot be undone runs only when posted from its confirmation page (confirmPage.tsx):
 * a post without `confirmed`, from a stale form or another tool, is sent there with what it carried.
 */
async function confirmedStep(c: Context<AppEnv>, step: PreviewedStep, work: (actor: Actor, form: Form, deps: AppDeps) => unknown): Promise<Response> {
  const form = (await c.req.parseBody()) as Form;
  if (str(form, 'confirmed') !== '1') {
    const values = Object.fromEntries(CONFIRMED[step].fields.map((f) => [f, str(form, f)]));
    return c.redirect(confirmUrl(campaignOf(c), step, values), 303);
  }
  // refused (a date already past, a seed taken): the confirmation again, with what was typed
  return act(c, back(c), work, { form, again: confirmationOf(step) });
}
const back = (c: Context<AppEnv>) => `/campaigns/${c.req.param('id')}`;
const employerBack = (c: Context<AppEnv>) => `${back(c)}/employers/${c.req.param('code')}`;

consoleActions.post('/registry/import', (c) =>
  act(c, '/', async (actor, form, deps) => {
    const file = form.file;
    if (!(file instanceof File) || !file.size) throw new JianchaError('invalid-input', '请选择 CSV 或 XLSX 文件', 'choose a CSV or XLSX file');
    return startJob(
      deps,
      actor,
      'import',
      { data: new Uint8Array(await file.arrayBuffer()), name: file.name, region: typeof form.region === 'string' ? form.region : undefined },
      `导入登记册 ${file.name}`,
    );
  }),
);

consoleActions.post('/campaigns/:id/assign', (c) =>
  confirmedStep(c, 'assign', (actor, _f, deps) => startJob(deps, actor, 'assign', { campaignId: campaignOf(c) }, '划分管辖')),
);
consoleActions.post('/campaigns/:id/grading', (c) =>
  confirmedStep(c, 'grading', (actor, _f, deps) => startJob(deps, actor, 'grading', { campaignId: campaignOf(c) }, '评价等级')),
);

consoleActions.post('/campaigns/:id/delete', async (c) => {
  const form = (await c.req.parseBody()) as Form;
  if (str(form, 'confirmed') !== '1') return c.redirect(confirmUrl(campaignOf(c), 'campaign.delete'), 303);
  // gone: back to the list of campaigns, not to its page
  return act(c, '/', async (actor, _f, deps) => `已删除活动 ${(await deleteCampaign(deps.db, actor, campaignOf(c))).deleted}`, { form });
});

consoleActions.post('/campaigns/:id/draw', (c) =>
  confirmedStep(c, 'draw', async (actor, form, deps) => {
    const plan = (await runJob(deps, actor, 'draw', { campaignId: campaignOf(c), seed: str(form, 'seed'), manual: [] }, '抽取审查名单')) as DrawPlan;
    return `已抽取 ${plan.drawn} 家`;
  }),
);

consoleActions.post('/campaigns/:id/verify-draw', (c) =>
  act(c, back(c), async (actor, _f, deps) => {
    const v = (await runJob(deps, actor, 'verify-draw', { campaignId: campaignOf(c) }, '核验抽取')) as Verification;
    if (!v.matches)
      throw new JianchaError(
        'conflict',
        `抽取结果不一致：保存的抽取依据或结果在抽取后被改动。${sinceSummary(v.since)}`,
        'the draw does not match its stored inputs',
      );
    return `抽取结果一致：依据抽取时保存的名录事实和公布的种子重新抽取，名录摘要与结果摘要均与保存的一致。${sinceSummary(v.since)}`;
  }),
);

consoleActions.post('/campaigns/:id/reviewers', (c) =>
  act(
    c,
    back(c),
    async (actor, form, deps) => {
      const { assigned } = await assignReviewers(
        deps.db,
        actor,
        campaignOf(c),
        str(form, 'reviewers')
          .split(/[,，\s]+/)
          .filter(Boolean),
      );
      return `已分配：${Object.entries(assigned)
        .map(([u, n]) => `${u} ${n}家`)
        .join('，')}`;
    },
    { again: showCampaign },
  ),
);

consoleActions.post('/campaigns/:id/publicity', (c) =>
  confirmedStep(c, 'publicity', async (actor, form, deps) => {
    const p = await startPublicity(deps.db, actor, campaignOf(c), str(form, 'from') || undefined);
    return `公示期 ${p.fromDate} 至 ${p.toDate}（${p.workingDays}个工作日）`;
  }),
);

consoleActions.post('/campaigns/:id/publication', (c) =>
  confirmedStep(c, 'publish', async (actor, _form, deps) => `已公布 ${(await publish(deps.db, actor, campaignOf(c))).published} 家的等级`),
);

consoleActions.post('/campaigns/:id/supervision', (c) =>
  act(
    c,
    `${back(c)}/plans`,
    async (actor, _f, deps) =>
      `已制定 ${((await runJob(deps, actor, 'supervision', { campaignId: campaignOf(c) }, '制定监管计划')) as { employers: number }).employers} 家的监管计划`,
  ),
);

consoleActions.post('/campaigns/:id/grade-changes/:cid/:decision', (c) =>
  act(c, `${back(c)}/changes`, async (actor, _f, deps) => {
    await decideGradeChange(deps.db, deps.registry, actor, campaignOf(c), Number(c.req.param('cid')) || 0, c.req.param('decision') === 'approve');
    return c.req.param('decision') === 'approve' ? '已批准，等级已变更' : '已驳回';
  }),
);

consoleActions.post('/campaigns/:id/objections/:oid', (c) =>
  act(
    c,
    `${back(c)}/changes`,
    async (actor, form, deps) => {
      const upheld = str(form, 'decision') === 'uphold';
      const o = await resolveObjection(deps.db, deps.registry, actor, campaignOf(c), Number(c.req.param('oid')) || 0, {
        upheld,
        text: str(form, 'text'),
        toGrade: upheld ? str(form, 'toGrade') || undefined : undefined,
      });
      return o.gradeChangeId ? '异议成立，已提出等级变更，待负责人审批' : '已处理';
    },
    { again: showChanges },
  ),
);

consoleActions.post('/campaigns/:id/employers/:code/declaration', (c) =>
  act(
    c,
    employerBack(c),
    async (actor, form, deps) => {
      const basics: Record<string, number> = {};
      // the fields the page shows: the plugin's declaration fields entered as numbers
      for (const { name } of numberFields(deps.registry.get(getCampaign(deps.db, actor, campaignOf(c)).plugin))) {
        if (str(form, name) !== '') basics[name] = Number(str(form, name));
      }
      const roster = str(form, 'roster')
        .split(/\r?\n/)
        .map((line) => line.split(/[,，\t]/).map((s) => s.trim()))
        .filter(([id]) => id)
        .map(([id, name]) => ({ id, name: name ?? '' }));
      const d = await declare(deps.db, deps.decider, actor, campaignOf(c), c.req.param('code'), {
        basics,
        roster,
        ...(str(form, 'submittedOn') && { submittedOn: str(form, 'submittedOn'), submittedOnReason: str(form, 'submittedOnReason') }),
        ...(str(form, 'lateExcuse') && { lateExcuse: str(form, 'lateExcuse') }),
      });
      return `已申报，抽查职工 ${d.staffSample.length} 人${d.late ? '（逾期）' : ''}`;
    },
    { again: showEmployer as Page },
  ),
);

consoleActions.post('/campaigns/:id/employers/:code/review', (c) =>
  act(
    c,
    employerBack(c),
    async (actor, form, deps) => {
      const findings: Finding[] = Object.keys(form)
        .filter((k) => k.startsWith(SEVERITY) && str(form, k))
        .map((k) => k.slice(SEVERITY.length))
        .map((item) => ({
          item,
          severity: str(form, `${SEVERITY}${item}`) as Finding['severity'],
          ...(str(form, `${NOTE}${item}`) && { note: str(form, `${NOTE}${item}`) }),
        }));
      const r = await recordReview(deps.db, deps.decider, actor, campaignOf(c), c.req.param('code'), {
        findings,
        undetermined: str(form, 'undetermined') === '1',
      });
      return `已录入：${r.result.label ?? r.outcome}，待负责人审批`;
    },
    { again: showEmployer as Page },
  ),
);

consoleActions.post('/campaigns/:id/employers/:code/approval', (c) =>
  act(
    c,
    employerBack(c),
    async (actor, form, deps) => {
      const [id, code, comment] = [campaignOf(c), c.req.param('code'), str(form, 'comment')];
      if (str(form, 'decision') === 'return') {
        await returnReview(deps.db, actor, id, code, comment);
        return '已退回审查人员重新录入';
      }
      return `已审批，整改事项 ${(await approveReview(deps.db, actor, id, code, comment)).rectifications.length} 项`;
    },
    { again: showEmployer as Page },
  ),
);

consoleActions.post('/campaigns/:id/employers/:code/rectifications/:rid', (c) =>
  act(c, employerBack(c), async (actor, form, deps) => {
    await updateRectification(
      deps.db,
      actor,
      campaignOf(c),
      Number(c.req.param('rid')) || 0,
      str(form, 'status') as 'submitted' | 'verified' | 'open',
      str(form, 'evidence') || undefined,
    );
    return '已更新整改状态';
  }),
);

consoleActions.post('/campaigns/:id/employers/:code/grade-change', (c) =>
  act(
    c,
    employerBack(c),
    async (actor, form, deps) => {
      await proposeGradeChange(deps.db, deps.registry, actor, campaignOf(c), c.req.param('code'), str(form, 'toGrade'), str(form, 'reason'));
      return '已提出等级变更，待负责人审批';
    },
    { again: showEmployer as Page },
  ),
);

consoleActions.post('/campaigns/:id/employers/:code/objection', (c) =>
  act(c, employerBack(c), async (actor, form, deps) => {
    await fileObjection(deps.db, actor, campaignOf(c), c.req.param('code'), str(form, 'text'));
    return '已提出异议';
  }),
);

/** A long step's progress; the page reloads itself every second until the job ends. */
consoleActions.get('/jobs/:job', (c) => {
  const session = c.get('session');
  if (!session) return c.redirect('/', 303);
  const job = getJob(c.get('deps').db, session.actor, c.req.param('job'));
  const backTo = localPath(c.req.query('back'));
  // an import's warnings (columns left out) are read as sentences, the rest of the result as figures
  const { warnings, ...result } = (job.result ?? {}) as Record<string, unknown> & { warnings?: { zh: string }[] };
  return c.html(
    <Layout title={job.what} session={session}>
      {job.status === 'running' && <meta http-equiv="refresh" content="1" />}
      <section class="card">
        <h1>{job.what}</h1>
        {job.status === 'running' && (
          <>
            <p>
              进行中：已处理 <strong id="done">{job.done.toLocaleString('zh-CN')}</strong> 家……
            </p>
            <progress />
          </>
        )}
        {job.status === 'done' && (
          <>
            <p class="ok">已完成</p>
            {warnings?.length ? (
              <ul class="warning">
                {warnings.map((w) => (
                  <li>{w.zh}</li>
                ))}
              </ul>
            ) : null}
            <JobResult result={result ?? {}} bureaus={bureauNames(c.get('deps').db)} />
          </>
        )}
        {job.status === 'interrupted' && <p class="error">任务已中断：服务器在任务完成前重新启动，未保存任何结果，请重新运行</p>}
        {job.status === 'failed' && <JobErrors job={job} />}
        <p>
          <a href={backTo}>返回</a>
        </p>
      </section>
    </Layout>,
  );
});

/** Every error of a failed job as a sheet (行, 列, 错误), for a clerk to put the file right row by row. */
consoleActions.get('/jobs/:job/errors.xlsx', async (c) => {
  const session = c.get('session');
  if (!session) return c.redirect('/', 303);
  const job = getJob(c.get('deps').db, session.actor, c.req.param('job'));
  const sheet = await importErrorSheet(importErrors((job.error?.details ?? []) as ErrorDetail[]));
  return c.body(new Uint8Array(sheet), 200, {
    'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(`${job.what}-错误.xlsx`)}`,
  });
});
