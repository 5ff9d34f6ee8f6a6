/**
 * The year of a campaign over HTTP: each endpoint one core service, the same the CLI calls, with its
 * body schema (checked before the service runs, and published in the OpenAPI document).
 */
import { deleteCampaign, previewStep } from '../../core/services/stepPreview.ts';
import type { Role } from '../../core/services/actor.ts';
import { AUDIT_LIMIT, auditLimit, readAudit } from '../../core/services/audit.ts';
import { createCampaign, getCampaign, listCampaigns } from '../../core/services/campaign.ts';
import { declarationDeadline } from '../../core/services/declarationDeadline.ts';
import { declare, getDeclaration } from '../../core/services/declarations.ts';
import { exportGrades, GRADE_LIST, type GradeRow, gradeSpec, pageGrades } from '../../core/services/grades.ts';
import { citingNotice } from '../../core/noticeCitation.ts';
import { everyRow, listingParameters, readListing, type Listing, type ListSpec, type Page } from '../../core/services/listing.ts';
import { decideGradeChange, listGradeChanges, proposeGradeChange } from '../../core/services/gradeChanges.ts';
import { fileObjection, getPublicity, listObjections, publish, resolveObjection, startPublicity } from '../../core/services/publicity.ts';
import {
  approveReview,
  assignReviewers,
  listRectifications,
  pageReviews,
  recordReview,
  REVIEW_LIST,
  returnReview,
  reviewHistory,
  reviewSpec,
  updateRectification,
} from '../../core/services/reviews.ts';
import { screenGrades } from '../../core/services/screening.ts';
import { exportPlans, PLAN_LIST, pagePlans, planSpec } from '../../core/services/supervision.ts';
import { createUser, ROLES } from '../../core/services/users.ts';
import { overridable, saveTemplateOverride } from '../../core/services/templates.ts';
import { FileResult, type Call, type Endpoint } from '../endpoint.ts';
import { getJob, runJob, startJob } from '../jobs.ts';
import type { StepKind } from '../steps.ts';

const campaignId = (call: Call<unknown>) => Number(call.param('id')) || 0;
const date = { type: 'string', format: 'date' };
const text = { type: 'string', minLength: 1, maxLength: 2000 };
// the levels are the campaign's plugin's (gradeScale); the service checks the code against them
const grade = { type: 'string', minLength: 1, maxLength: 20 };
const object = (properties: Record<string, unknown>, required: string[] = []) => ({ type: 'object', additionalProperties: false, required, properties });
const SPREADSHEET = {
  csv: 'text/csv; charset=utf-8',
  json: 'application/json',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as Record<string, string>;
/**
 * A list one page at a time as JSON ({ total, page, size, pages, rows }), or with ?format=csv|xlsx
 * every row its search and filters keep, as a file to download.
 */
async function pageOrFile<R>(
  call: Call<unknown>,
  spec: ListSpec,
  page: (listing: Listing) => Page<R>,
  exporter: (rows: R[], format: string) => Promise<Buffer>,
  name: string,
) {
  const format = call.query('format') ?? 'json';
  const listing = readListing(spec, call.query);
  if (format === 'json') return page(listing);
  return new FileResult(
    await exporter(page(everyRow(listing)).rows, format),
    SPREADSHEET[format] ?? 'application/octet-stream',
    `${name}-${call.param('id')}.${format}`,
  );
}
/** The campaign of the call, with its region's grade scale. */
function campaignAndScale(call: Call<unknown>) {
  const campaign = getCampaign(call.deps.db, call.actor, campaignId(call));
  return { campaign, scale: call.deps.registry.get(campaign.plugin).gradeScale() };
}
const fileName = (call: Call<unknown>) => call.query('name') ?? 'upload.csv';
const FORMAT = { format: { description: 'json (default), csv or xlsx', schema: { enum: ['json', 'csv', 'xlsx'] } } };
const ASYNC = { async: { description: 'true: answer at once with a job to follow at /api/jobs/{id}', schema: { type: 'boolean' } } };

/**
 * A long step always runs as a job, off the request thread on its own connection; the caller may have
 * the job at once (?async=true, so a console can show its progress) or wait for its result.
 */
function step(call: Call<unknown>, kind: StepKind, args: Record<string, unknown>, what: string) {
  return call.query('async') === 'true' ? startJob(call.deps, call.actor, kind, args, what) : runJob(call.deps, call.actor, kind, args, what);
}

export const lifecycleEndpoints: Endpoint[] = [
  {
    method: 'get',
    path: '/jobs/:job',
    summary: 'A long step started with ?async=true: status, employers done, result or error',
    run: (call) => getJob(call.deps.db, call.actor, call.param('job')),
  },
  {
    method: 'post',
    path: '/users',
    step: 'accounts',
    summary:
      'Create an account within the administrator’s jurisdiction (an employer account: region, for the system administrator); returns its one-time password',
    body: object(
      {
        username: { type: 'string' },
        role: { enum: Object.keys(ROLES) },
        bureauId: { type: 'string' },
        creditCode: { type: 'string' },
        region: { type: 'string' },
        displayName: { type: 'string', maxLength: 50 },
      },
      ['username', 'role'],
    ),
    run: ({ deps, actor, body }) => createUser(deps.db, actor, { ...body, role: body.role as Role }),
  },
  {
    method: 'get',
    path: '/campaigns',
    summary: 'Campaigns the caller may see',
    run: (call) => listCampaigns(call.deps.db, call.actor),
  },
  {
    method: 'get',
    path: '/campaigns/:id',
    summary: 'One campaign with its settings and status',
    run: (call) => getCampaign(call.deps.db, call.actor, campaignId(call)),
  },
  {
    method: 'get',
    path: '/campaigns/:id/steps/:step/preview',
    summary: 'What a step (assign, draw, grading, publicity, publish, campaign.delete) will do, with its counts and warnings, before it is done',
    run: (call) => previewStep(call.deps.db, call.deps.registry, call.actor, campaignId(call), call.param('step')),
  },
  {
    method: 'post',
    path: '/campaigns/:id/delete',
    step: 'campaign.delete',
    summary: 'Delete a mistaken campaign before its draw, with its assignments and year records (audited)',
    run: (call) => deleteCampaign(call.deps.db, call.actor, campaignId(call)),
  },
  {
    method: 'post',
    path: '/campaigns',
    step: 'campaign.create',
    summary: 'Create a campaign; settings checked against the plugin’s campaign schema and sampling bounds',
    body: object(
      { plugin: { type: 'string' }, year: { type: 'integer', minimum: 2000, maximum: 2100 }, bureau: { type: 'string' }, settings: { type: 'object' } },
      ['plugin', 'year', 'bureau', 'settings'],
    ),
    run: ({ deps, actor, body }) => createCampaign(deps.db, deps.registry, actor, body),
  },
  {
    method: 'post',
    path: '/registry/import',
    step: 'registry.import',
    summary:
      'Import the employer registry of the caller’s jurisdiction (CSV or XLSX body; ?name=FILE.csv|.xlsx); all or nothing; `warnings` names each column the vocabulary does not know, left out',
    upload: true,
    query: {
      name: { description: 'the file name, whose extension gives the format' },
      region: { description: 'the region (plugin) imported into: the system administrator names it' },
      ...ASYNC,
    },
    run: async (call) => {
      return step(call, 'import', { data: await call.raw(), name: fileName(call), region: call.query('region') }, '导入登记册');
    },
  },
  {
    method: 'post',
    path: '/campaigns/:id/records/import',
    step: 'records.import',
    summary: 'Import the year’s records for grading (CSV or XLSX body; ?name=FILE); all or nothing',
    upload: true,
    query: { name: { description: 'the file name, whose extension gives the format' }, ...ASYNC },
    run: async (call) => step(call, 'records', { campaignId: campaignId(call), data: await call.raw(), name: fileName(call) }, '导入年度记录'),
  },
  {
    method: 'post',
    path: '/campaigns/:id/assign',
    step: 'assign',
    summary: 'Jurisdiction over the whole registry',
    query: ASYNC,
    run: (call) => step(call, 'assign', { campaignId: campaignId(call) }, '划分管辖'),
  },
  {
    method: 'post',
    path: '/campaigns/:id/draw',
    step: 'draw',
    summary: 'The draw (双随机) from a published seed, with manual additions and their reasons',
    body: object(
      {
        seed: { type: 'string', minLength: 1 },
        manual: { type: 'array', items: object({ creditCode: { type: 'string' }, reason: text }, ['creditCode', 'reason']) },
      },
      ['seed'],
    ),
    query: ASYNC,
    run: (call) => step(call, 'draw', { campaignId: campaignId(call), seed: call.body.seed, manual: call.body.manual ?? [] }, '抽取审查名单'),
  },
  {
    method: 'post',
    path: '/campaigns/:id/verify-draw',
    summary: 'Redo the draw from the seed and inputs it stored; say whether it matches, and what changed since',
    query: ASYNC,
    run: (call) => step(call, 'verify-draw', { campaignId: campaignId(call) }, '核验抽取'),
  },
  {
    method: 'post',
    path: '/campaigns/:id/reviewers',
    step: 'reviewers.assign',
    summary: 'Assign reviewers at random to a bureau’s drawn employers',
    body: object({ reviewers: { type: 'array', minItems: 1, items: { type: 'string' } }, bureau: { type: 'string' } }, ['reviewers']),
    run: (call) => assignReviewers(call.deps.db, call.actor, campaignId(call), call.body.reviewers, call.body.bureau ?? call.actor.bureauId),
  },
  {
    method: 'get',
    path: '/campaigns/:id/declaration-deadline',
    summary: 'The declaration deadline as an employer reads it before declaring: the date, how the campaign sets it, working days left from today',
    run: (call) => declarationDeadline(getCampaign(call.deps.db, call.actor, campaignId(call))),
  },
  {
    method: 'get',
    path: '/campaigns/:id/declarations/:employer',
    summary: 'An employer’s declaration, staff sample and checklist',
    run: (call) => getDeclaration(call.deps.db, call.actor, campaignId(call), call.param('employer')),
  },
  {
    method: 'post',
    path: '/campaigns/:id/declarations/:employer',
    step: 'declare',
    summary: 'Declare (the employer itself, or its bureau from paper): basic data and roster',
    body: object({ basics: { type: 'object' }, roster: { type: 'array' }, submittedOn: date, submittedOnReason: text, lateExcuse: text }, ['basics', 'roster']),
    run: (call) => declare(call.deps.db, call.deps.decider, call.actor, campaignId(call), call.param('employer'), call.body),
  },
  {
    method: 'get',
    path: '/campaigns/:id/reviews',
    summary: 'The review list, a page at a time: drawn employers with reviewer, declaration, outcome and status; the caller’s to-do queues',
    query: listingParameters(REVIEW_LIST),
    run: (call) => {
      const campaign = getCampaign(call.deps.db, call.actor, campaignId(call));
      const spec = reviewSpec(call.deps.db, call.actor, campaign);
      return pageReviews(call.deps.db, call.actor, campaign, spec, readListing(spec, call.query));
    },
  },
  {
    method: 'post',
    path: '/campaigns/:id/reviews/:employer',
    step: 'review.record',
    summary: 'Record a review’s findings: outcome and disposition from the review decision',
    body: object({ findings: { type: 'array' }, undetermined: { type: 'boolean' } }, ['findings']),
    run: async (call) => {
      const { result, ...review } = await recordReview(call.deps.db, call.deps.decider, call.actor, campaignId(call), call.param('employer'), call.body);
      return { ...review, label: result.label, findings: result.findings };
    },
  },
  {
    method: 'post',
    path: '/campaigns/:id/reviews/:employer/approve',
    step: 'review.approve',
    summary: 'A head approves a review recorded by someone else, with an optional comment (审批意见); findings become rectifications',
    body: object({ comment: { type: 'string', maxLength: 2000 } }),
    optionalBody: true,
    run: (call) => approveReview(call.deps.db, call.actor, campaignId(call), call.param('employer'), call.body.comment),
  },
  {
    method: 'post',
    path: '/campaigns/:id/reviews/:employer/return',
    step: 'review.approve',
    summary: 'A head sends a review recorded by someone else back (退回) to its reviewer, saying why: it waits in their queue to be recorded again',
    body: object({ comment: text }, ['comment']),
    run: (call) => returnReview(call.deps.db, call.actor, campaignId(call), call.param('employer'), call.body.comment),
  },
  {
    method: 'get',
    path: '/campaigns/:id/reviews/:employer/comments',
    summary: 'A review’s history of approvals and send-backs with the heads’ comments, oldest first',
    run: (call) => reviewHistory(call.deps.db, call.actor, campaignId(call), call.param('employer')),
  },
  {
    method: 'get',
    path: '/campaigns/:id/rectifications',
    summary: 'The problem list, with what is overdue on ?on=DATE (default today)',
    query: { on: { description: 'YYYY-MM-DD', schema: date } },
    run: (call) => listRectifications(call.deps.db, call.actor, campaignId(call), call.query('on')),
  },
  {
    method: 'post',
    path: '/campaigns/:id/rectifications/:rid',
    step: 'rectification.verify',
    summary: 'Submit evidence (employer), verify or reopen (bureau)',
    body: object({ status: { enum: ['submitted', 'verified', 'open'] }, evidence: text }, ['status']),
    run: (call) => updateRectification(call.deps.db, call.actor, campaignId(call), Number(call.param('rid')) || 0, call.body.status, call.body.evidence),
  },
  {
    method: 'post',
    path: '/campaigns/:id/grading',
    step: 'grading',
    summary: 'The grading run: preliminary grades with reasons and basis, stored',
    query: ASYNC,
    run: (call) => step(call, 'grading', { campaignId: campaignId(call) }, '评价等级'),
  },
  {
    method: 'get',
    path: '/campaigns/:id/grades',
    summary: 'Grades with their reasons and basis, a page at a time (format json), or every row the search and filters keep (csv or xlsx)',
    query: { ...listingParameters(GRADE_LIST), ...FORMAT },
    run: (call) => {
      const { campaign, scale } = campaignAndScale(call);
      const spec = gradeSpec(call.deps.db, campaign, scale);
      const plugin = call.deps.registry.get(campaign.plugin);
      // each basis cites the campaign's own notice, as the console and the letters do
      const cited = (page: Page<GradeRow>): Page<GradeRow> => ({
        ...page,
        rows: page.rows.map((r) => ({ ...r, reasons: r.reasons.map((x) => ({ ...x, basis: citingNotice(x.basis, plugin, campaign.settings) })) })),
      });
      return pageOrFile(call, spec, (listing) => cited(pageGrades(call.deps.db, call.actor, campaign, spec, listing)), exportGrades, 'grades');
    },
  },
  {
    method: 'get',
    path: '/campaigns/:id/grade-changes',
    summary: 'Grade changes and their status',
    run: (call) => listGradeChanges(call.deps.db, call.actor, campaignId(call)),
  },
  {
    method: 'post',
    path: '/campaigns/:id/grade-changes',
    step: 'gradeChange.request',
    summary: 'Ask for a grade change, with its reason',
    body: object({ employer: { type: 'string' }, toGrade: grade, reason: text }, ['employer', 'toGrade', 'reason']),
    run: (call) => proposeGradeChange(call.deps.db, call.deps.registry, call.actor, campaignId(call), call.body.employer, call.body.toGrade, call.body.reason),
  },
  {
    method: 'post',
    path: '/campaigns/:id/grade-changes/:cid',
    step: 'gradeChange.decide',
    summary: 'A head who did not ask approves or rejects a grade change',
    body: object({ approve: { type: 'boolean' } }, ['approve']),
    run: (call) => decideGradeChange(call.deps.db, call.deps.registry, call.actor, campaignId(call), Number(call.param('cid')) || 0, call.body.approve),
  },
  {
    method: 'get',
    path: '/campaigns/:id/screening',
    step: 'screening',
    summary: 'Screening of the preliminary grades by the checks the region’s plugin declares (plugin.json screening)',
    run: (call) => screenGrades(call.deps.db, call.deps.registry, call.actor, campaignId(call)),
  },
  {
    method: 'get',
    path: '/campaigns/:id/publicity',
    summary: 'The publicity period, if started',
    run: async (call) => (await getPublicity(call.deps.db, call.actor, campaignId(call))) ?? null,
  },
  {
    method: 'post',
    path: '/campaigns/:id/publicity',
    step: 'publicity',
    summary: 'Put the grades to publicity from today or a later day (never a past one): at least 5 working days',
    body: object({ from: date, to: date }),
    run: (call) => startPublicity(call.deps.db, call.actor, campaignId(call), call.body.from, call.body.to),
  },
  {
    method: 'get',
    path: '/campaigns/:id/objections',
    summary: 'Objections (an employer sees its own)',
    run: (call) => listObjections(call.deps.db, call.actor, campaignId(call)),
  },
  {
    method: 'post',
    path: '/campaigns/:id/objections',
    step: 'objection.file',
    summary: 'File an objection within the publicity period, today; a bureau entering a paper received earlier gives receivedOn and its reason',
    body: object({ employer: { type: 'string' }, text, receivedOn: date, reason: text }, ['employer', 'text']),
    run: (call) =>
      fileObjection(
        call.deps.db,
        call.actor,
        campaignId(call),
        call.body.employer,
        call.body.text,
        call.body.receivedOn ? { receivedOn: call.body.receivedOn, reason: call.body.reason ?? '' } : undefined,
      ),
  },
  {
    method: 'post',
    path: '/campaigns/:id/objections/:oid',
    step: 'objection.resolve',
    summary: 'Resolve an objection; an upheld one with a grade asks for that change',
    body: object({ upheld: { type: 'boolean' }, text, toGrade: grade }, ['upheld', 'text']),
    run: (call) => resolveObjection(call.deps.db, call.deps.registry, call.actor, campaignId(call), Number(call.param('oid')) || 0, call.body),
  },
  {
    method: 'post',
    path: '/campaigns/:id/publication',
    step: 'publish',
    summary: 'Publish the grades, today, after the publicity has ended; they enter each employer’s history',
    run: (call) => publish(call.deps.db, call.actor, campaignId(call)),
  },
  {
    method: 'post',
    path: '/campaigns/:id/supervision',
    step: 'supervision.plan',
    summary: 'Plan next year’s supervision of each graded employer from the cadence decision',
    query: ASYNC,
    run: (call) => step(call, 'supervision', { campaignId: campaignId(call) }, '制定监管计划'),
  },
  {
    method: 'get',
    path: '/campaigns/:id/supervision',
    summary: 'The supervision plans, a page at a time (format json), or every row the search and filters keep (csv or xlsx)',
    query: { ...listingParameters(PLAN_LIST), ...FORMAT },
    run: (call) => {
      const { campaign, scale } = campaignAndScale(call);
      const spec = planSpec(call.deps.db, campaign, scale);
      return pageOrFile(call, spec, (listing) => pagePlans(call.deps.db, call.actor, campaign, spec, listing), exportPlans, 'supervision');
    },
  },
  {
    method: 'get',
    path: '/campaigns/:id/templates',
    summary: 'The templates a campaign may override, and its overrides',
    run: (call) => {
      const campaign = getCampaign(call.deps.db, call.actor, campaignId(call));
      return { overridable: overridable(call.deps.registry.get(campaign.plugin)), overrides: campaign.templateOverrides };
    },
  },
  {
    method: 'put',
    path: '/campaigns/:id/templates/:name',
    step: 'templates',
    summary: 'Override a template or partial for this campaign (null removes it); refused unless every document renders with it',
    body: object({ source: { type: ['string', 'null'], maxLength: 200000 } }, ['source']),
    run: async (call) => ({
      overrides: await saveTemplateOverride(call.deps.db, call.deps.decider, call.actor, campaignId(call), call.param('name'), call.body.source),
    }),
  },
  {
    method: 'get',
    path: '/campaigns/:id/audit',
    step: 'audit.read',
    summary: 'The audit entries of the caller’s bureau and those below it (administrators and heads)',
    query: {
      limit: {
        description: `at most this many, newest first (default ${AUDIT_LIMIT.default}, at most ${AUDIT_LIMIT.max})`,
        schema: { type: 'integer', minimum: 1, maximum: AUDIT_LIMIT.max },
      },
    },
    run: ({ deps, actor, param, query }) => readAudit(deps.db, actor, getCampaign(deps.db, actor, Number(param('id')) || 0), auditLimit(query('limit'))),
  },
];
