/**
 * Reviews (书面审查): reviewers assigned at random to drawn employers; findings per review item give
 * the outcome and disposition by the review decision; a head who did not record it approves it, and
 * its findings become the problem list whose rectification is tracked to the due date.
 */
import { and, asc, count, eq, inArray, ne, sql, type SQL } from 'drizzle-orm';
import type { SelectedFields } from 'drizzle-orm/sqlite-core';
import type { Decider } from '../decide.ts';
import type { ReviewResult } from '../decisions/review.ts';
import { schema, type Db } from '../db/index.ts';
import { transaction } from '../db/store.ts';
import type { Finding } from '../db/schema/review.ts';
import { JianchaError } from '../errors.ts';
import { today } from '../facts.ts';
import { may, requireStep } from '../policy.ts';
import { now, requireBureau, type Actor } from './actor.ts';
import { audit } from './audit.ts';
import { campaignDate, campaignDeadlines, getCampaign, requireStatus, requireStatusNow, type Campaign } from './campaign.ts';
import { overdue, requireDrawn } from './declarations.ts';
import { employerFacts } from './employerFacts.ts';
import { rankKey } from './draw.ts';
import { CAMPAIGN_FILTERS, campaignFilters, listingOrder, listingWhere, pageOf, type Listing, type ListSpec, type Page } from './listing.ts';
import { campaignEmployer, employerToChange, visibility, visibleWhere } from './population.ts';

export type Review = typeof schema.reviews.$inferSelect;
export type Rectification = typeof schema.rectifications.$inferSelect;

function reviewOf(db: Db, campaignId: number, employerId: number): Review | undefined {
  return db
    .select()
    .from(schema.reviews)
    .where(and(eq(schema.reviews.campaignId, campaignId), eq(schema.reviews.employerId, employerId)))
    .get();
}

const REVIEW = { zh: '审查', en: 'review' };

/**
 * Reviewers (the given clerks and heads of one bureau) dealt to that bureau's drawn employers in the
 * order of SHA-256(seed:reviewer:creditCode), in turn: random, reproducible, even. Reviews already
 * recorded keep their reviewer.
 */
export async function assignReviewers(
  db: Db,
  actor: Actor,
  campaignId: number,
  usernames: string[],
  bureauId = actor.bureauId,
): Promise<{ assigned: Record<string, number> }> {
  const campaign = getCampaign(db, actor, campaignId);
  requireStep(actor, 'reviewers.assign', campaign.plugin);
  if (!bureauId) throw new JianchaError('invalid-input', '须指定人社局', 'a bureau is required');
  requireBureau(actor, bureauId);
  requireStatus(campaign, 'drawn', REVIEW, 'drawn');
  if (!usernames.length) throw new JianchaError('invalid-input', '须至少指定一名审查人员', 'at least one reviewer is required');
  const bureauName = db.select({ name: schema.bureaus.name }).from(schema.bureaus).where(eq(schema.bureaus.id, bureauId)).get()?.name ?? bureauId;
  const reviewers = [...new Set(usernames)].sort().map((username) => {
    const user = db.select().from(schema.users).where(eq(schema.users.username, username)).get();
    if (!user || user.bureauId !== bureauId || !['clerk', 'head'].includes(user.role)) {
      throw new JianchaError('invalid-input', `${username} 不是${bureauName}的经办人或负责人`, `${username} is not a clerk or head of ${bureauId}`);
    }
    return user;
  });
  const draw = db.select().from(schema.draws).where(eq(schema.draws.campaignId, campaignId)).get()!;
  const members = db
    .select({ employerId: schema.employers.id, creditCode: schema.employers.creditCode })
    .from(schema.drawMembers)
    .innerJoin(schema.employers, eq(schema.employers.id, schema.drawMembers.employerId))
    .innerJoin(schema.assignments, and(eq(schema.assignments.employerId, schema.drawMembers.employerId), eq(schema.assignments.campaignId, campaignId)))
    .where(and(eq(schema.drawMembers.drawId, draw.id), eq(schema.assignments.bureauId, bureauId)))
    .all()
    .map((m) => ({ ...m, key: rankKey(`${draw.seed}:reviewer`, m.creditCode) }))
    .sort((a, b) => (a.key < b.key ? -1 : 1));
  const assigned: Record<string, number> = Object.fromEntries(reviewers.map((r) => [r.username, 0]));
  // reviews under way keep their reviewer: one query for them all, not one per employer
  const started = new Set(
    db
      .select({ employerId: schema.reviews.employerId })
      .from(schema.reviews)
      .where(and(eq(schema.reviews.campaignId, campaignId), ne(schema.reviews.status, 'assigned')))
      .all()
      .map((r) => r.employerId),
  );
  await transaction(db, async (tx) => {
    await requireStatusNow(tx, campaignId, 'drawn', REVIEW, 'drawn');
    let turn = 0;
    for (const m of members) {
      if (started.has(m.employerId)) continue;
      const reviewer = reviewers[turn++ % reviewers.length];
      await tx
        .insert(schema.reviews)
        .values({ campaignId, employerId: m.employerId, reviewerId: reviewer.id, findings: [], undetermined: false, reasons: [], status: 'assigned' })
        .onConflictDoUpdate({ target: [schema.reviews.campaignId, schema.reviews.employerId], set: { reviewerId: reviewer.id } });
      assigned[reviewer.username]++;
    }
    await audit(tx, actor, 'assign-reviewers', 'campaign', campaignId, null, { bureauId, assigned });
  });
  return { assigned };
}

export interface ReviewInput {
  findings: Finding[];
  /** the written materials cannot settle it: an on-site check follows */
  undetermined?: boolean;
}

export async function recordReview(
  db: Db,
  decider: Decider,
  actor: Actor,
  campaignId: number,
  creditCode: string,
  input: ReviewInput,
): Promise<Review & { result: ReviewResult }> {
  const campaign = getCampaign(db, actor, campaignId);
  requireStep(actor, 'review.record', campaign.plugin);
  const { employer, bureauId } = employerToChange(db, actor, campaign, creditCode);
  requireStatus(campaign, 'drawn', REVIEW, 'drawn');
  requireDrawn(db, campaign, employer);
  const existing = reviewOf(db, campaignId, employer.id);
  if (existing?.status === 'approved')
    throw new JianchaError('conflict', `${employer.name} 的审查已审批，不能修改`, `the review of ${employer.creditCode} is approved`);
  if (actor.role === 'clerk' && existing?.reviewerId && existing.reviewerId !== actor.userId) {
    throw new JianchaError('forbidden', `${employer.name} 已分配给其他审查人员`, `${employer.creditCode} is assigned to another reviewer`);
  }
  const declaration = db
    .select()
    .from(schema.declarations)
    .where(and(eq(schema.declarations.campaignId, campaignId), eq(schema.declarations.employerId, employer.id)))
    .get();
  // a finding names one of the region's review items (审查内容), whose words and basis the advice prints
  const items = decider.registry.get(campaign.plugin).reviewItems();
  const unknown = (input.findings ?? []).flatMap((f, i) => (items.length && !items.some((x) => x.item === f.item) ? [{ f, i }] : []));
  if (unknown.length) {
    throw new JianchaError(
      'invalid-input',
      `审查事项不在本地区的审查内容中：${unknown.map(({ f }) => f.item).join('、')}（可用：${items.map((x) => x.item).join('、')}）`,
      `findings name items that are not review items of ${campaign.plugin}: ${unknown.map(({ f }) => f.item).join(', ')}`,
      unknown.map(({ f, i }) => ({ pointer: `/findings/${i}/item`, zh: `“${f.item}”不是本地区的审查事项`, en: `"${f.item}" is not a review item` })),
    );
  }
  // the employer's facts as every step has them, so that a review rule may read a registry fact too
  const facts = {
    ...employerFacts(employer, campaign.year, { declared: declaration }),
    violations: input.findings ?? [],
    undetermined: input.undetermined === true,
    writtenReview: overdue(declaration, campaignDeadlines(campaign).declaration, today()),
  };
  // facts are checked against the shared schema by decide: an unknown item or severity is a clear error
  const { result, rulesetHash } = await decider.decide(campaign.plugin, 'review', facts, { at: campaignDate(campaign) });
  const review = result as ReviewResult;
  const values = {
    findings: facts.violations,
    undetermined: facts.undetermined,
    outcome: review.outcome,
    disposition: review.disposition,
    reasons: review.reasons.map((r) => ({ rule: r.rule, reason: r.reason, basis: r.basis })),
    rulesetHash,
    status: 'recorded',
    recordedBy: actor.userId,
    recordedAt: now(),
  };
  // checked again in the write transaction: the rules above were awaited, and a step may have begun since
  return transaction(db, async (tx) => {
    await requireStatusNow(tx, campaignId, 'drawn', REVIEW, 'drawn');
    const [saved] = await tx
      .insert(schema.reviews)
      .values({ campaignId, employerId: employer.id, reviewerId: existing?.reviewerId ?? actor.userId, ...values })
      .onConflictDoUpdate({ target: [schema.reviews.campaignId, schema.reviews.employerId], set: values })
      .returning();
    await audit(tx, actor, 'record', 'review', saved.id, existing ?? null, saved, { bureauId });
    return { ...saved, result: review };
  });
}

export type ReviewComment = typeof schema.reviewComments.$inferSelect;

/** The longest 审批意见 kept: a paragraph, as the form's approval block holds. */
const COMMENT_MAX = 2000;

/**
 * The review a head may decide on: recorded (not returned, not approved), by someone else, in the
 * drawn campaign. Approving and sending back share it, so both keep the separation of duties.
 */
function reviewToDecide(db: Db, actor: Actor, campaignId: number, creditCode: string) {
  const campaign = getCampaign(db, actor, campaignId);
  requireStep(actor, 'review.approve', campaign.plugin);
  const { employer, bureauId } = employerToChange(db, actor, campaign, creditCode);
  requireStatus(campaign, 'drawn', REVIEW, 'drawn');
  const review = reviewOf(db, campaignId, employer.id);
  if (!review || review.status === 'assigned')
    throw new JianchaError('conflict', `${employer.name} 的审查尚未录入`, `the review of ${employer.creditCode} is not recorded`);
  if (review.status === 'returned')
    throw new JianchaError('conflict', `${employer.name} 的审查已退回审查人员，待重新录入`, `the review of ${employer.creditCode} was sent back`);
  if (review.status === 'approved')
    throw new JianchaError('conflict', `${employer.name} 的审查已审批`, `the review of ${employer.creditCode} is approved already`);
  if (review.recordedBy === actor.userId) throw new JianchaError('forbidden', '不能审批自己录入的审查结果', 'you cannot approve a review you recorded');
  return { campaign, bureauId, review };
}

function commentOf(comment: string | undefined, required: boolean): string | null {
  const text = comment?.trim() ?? '';
  if (required && !text) throw new JianchaError('invalid-input', '退回审查须填写审批意见，说明退回理由', 'sending a review back needs a comment');
  if (text.length > COMMENT_MAX)
    throw new JianchaError('invalid-input', `审批意见不能超过 ${COMMENT_MAX} 字`, `the comment is longer than ${COMMENT_MAX} characters`);
  return text || null;
}

/**
 * A head's approval makes a review final, with the head's 审批意见 if given; its findings become
 * rectifications due by the deadline.
 */
export async function approveReview(
  db: Db,
  actor: Actor,
  campaignId: number,
  creditCode: string,
  comment?: string,
): Promise<{ review: Review; rectifications: Rectification[]; comment: string | null }> {
  const { campaign, bureauId, review } = reviewToDecide(db, actor, campaignId, creditCode);
  const opinion = commentOf(comment, false);
  const due = campaignDeadlines(campaign).rectification;
  return transaction(db, async (tx) => {
    await requireStatusNow(tx, campaignId, 'drawn', REVIEW, 'drawn');
    const [approved] = await tx
      .update(schema.reviews)
      .set({ status: 'approved', approvedBy: actor.userId, approvedAt: now() })
      .where(eq(schema.reviews.id, review.id))
      .returning();
    await tx.insert(schema.reviewComments).values({ reviewId: review.id, action: 'approve', comment: opinion, by: actor.userId, at: approved.approvedAt! });
    const rectifications: Rectification[] = [];
    for (const f of review.findings) {
      const [r] = await tx
        .insert(schema.rectifications)
        .values({ reviewId: review.id, item: f.item, note: f.note ?? null, dueDate: due, status: 'open', updatedBy: actor.userId, updatedAt: now() })
        .returning();
      rectifications.push(r);
    }
    await audit(tx, actor, 'approve', 'review', review.id, review, { ...approved, comment: opinion }, { bureauId });
    return { review: approved, rectifications, comment: opinion };
  });
}

/**
 * A head sends a recorded review back (退回) to its reviewer with why: it waits in the reviewer's
 * queue (待我审查) until recorded again, and then in the heads' (待我审批).
 */
export async function returnReview(
  db: Db,
  actor: Actor,
  campaignId: number,
  creditCode: string,
  comment: string,
): Promise<{ review: Review; comment: string }> {
  const { bureauId, review } = reviewToDecide(db, actor, campaignId, creditCode);
  const opinion = commentOf(comment, true)!;
  return transaction(db, async (tx) => {
    await requireStatusNow(tx, campaignId, 'drawn', REVIEW, 'drawn');
    const [returned] = await tx.update(schema.reviews).set({ status: 'returned' }).where(eq(schema.reviews.id, review.id)).returning();
    await tx.insert(schema.reviewComments).values({ reviewId: review.id, action: 'return', comment: opinion, by: actor.userId, at: now() });
    await audit(tx, actor, 'return', 'review', review.id, review, { ...returned, comment: opinion }, { bureauId });
    return { review: returned, comment: opinion };
  });
}

/**
 * A drawn employer's review history for bureau staff who record or approve reviews: the heads'
 * comments are the bureau's own deliberation, not the result the employer is told.
 */
export function reviewHistory(db: Db, actor: Actor, campaignId: number, creditCode: string) {
  const campaign = getCampaign(db, actor, campaignId);
  if (!may(actor, 'review.record', campaign.plugin) && !may(actor, 'review.approve', campaign.plugin)) requireStep(actor, 'review.record', campaign.plugin);
  const { employer } = campaignEmployer(db, actor, campaign, creditCode);
  const review = reviewOf(db, campaignId, employer.id);
  return review ? reviewComments(db, review.id) : [];
}

/** A review's history of approvals and send-backs, oldest first, with who decided. */
export function reviewComments(db: Db, reviewId: number): (ReviewComment & { byName: string | null })[] {
  const c = schema.reviewComments;
  return db
    .select({ comment: c, byName: schema.users.displayName })
    .from(c)
    .leftJoin(schema.users, eq(schema.users.id, c.by))
    .where(eq(c.reviewId, reviewId))
    .orderBy(asc(c.id))
    .all()
    .map((row) => ({ ...row.comment, byName: row.byName }));
}

export interface ReviewRow extends Review {
  creditCode: string;
  name: string;
  bureauId: string | null;
  reviewer: string | null;
}

/** The reviews of a campaign the actor may see. */
export function listReviews(db: Db, actor: Actor, campaignId: number): ReviewRow[] {
  getCampaign(db, actor, campaignId);
  const visible = visibility(db, actor);
  const r = schema.reviews;
  const rows = db
    .select({
      review: r,
      creditCode: schema.employers.creditCode,
      name: schema.employers.name,
      bureauId: schema.assignments.bureauId,
      reviewer: schema.users.username,
    })
    .from(r)
    .innerJoin(schema.employers, eq(schema.employers.id, r.employerId))
    .innerJoin(schema.assignments, and(eq(schema.assignments.employerId, r.employerId), eq(schema.assignments.campaignId, r.campaignId)))
    .leftJoin(schema.users, eq(schema.users.id, r.reviewerId))
    .where(eq(r.campaignId, campaignId))
    .orderBy(asc(schema.employers.creditCode))
    .all();
  return rows
    .filter((row) => visible({ creditCode: row.creditCode, bureau: row.bureauId }))
    .map((row) => ({ ...row.review, creditCode: row.creditCode, name: row.name, bureauId: row.bureauId, reviewer: row.reviewer }));
}

/** A drawn employer on the review list (审查名单): why it was drawn, its declaration, its review's state. */
export interface ReviewListRow {
  creditCode: string;
  name: string;
  bureauId: string | null;
  stratum: string;
  /** random | forced | manual */
  cause: string;
  note: string | null;
  reviewer: string | null;
  declared: boolean;
  late: boolean | null;
  outcome: string | null;
  /** assigned (no reviewer yet, or not recorded) | recorded | returned | approved */
  status: string;
  /** the head's latest 审批意见: why it was sent back, or the approval's comment */
  comment: string | null;
}

/** The to-do queues of the review list: the actor's own work, each a value of the `queue` filter. */
export const QUEUES = { review: '待我审查', approve: '待我审批', verify: '待整改核实' } as const;

export const REVIEW_LIST = {
  sorts: ['creditCode', 'name', 'bureau', 'reviewer', 'status'],
  filters: {
    status: 'assigned (待审查), recorded (待审批), returned (已退回) or approved (已审批)',
    queue: 'the caller’s to-do queue: review (待我审查), approve (待我审批) or verify (待整改核实)',
    ...CAMPAIGN_FILTERS,
  },
} as const;

/**
 * The review list's search, filters and sort columns. The queues are the actor's: reviews assigned to
 * it not yet recorded or sent back to it; reviews its bureau must approve that it did not record (separation of duties);
 * rectifications its bureau must verify, submitted with evidence.
 */
export function reviewSpec(db: Db, actor: Actor, campaign: Campaign): ListSpec<typeof REVIEW_LIST> {
  const r = schema.reviews;
  const a = schema.assignments;
  const own = actor.bureauId === null ? undefined : eq(a.bureauId, actor.bureauId);
  const status = sql<string>`coalesce(${r.status}, 'assigned')`;
  const queues: Record<keyof typeof QUEUES, SQL | undefined> = {
    review: and(eq(r.reviewerId, actor.userId), inArray(r.status, ['assigned', 'returned'])),
    approve: and(eq(r.status, 'recorded'), ne(r.recordedBy, actor.userId), own),
    verify: and(own, sql`EXISTS (SELECT 1 FROM rectifications x WHERE x.review_id = ${r.id} AND x.status = 'submitted')`),
  };
  return {
    filters: {
      status: { label: '审查状态', values: ['assigned', 'recorded', 'returned', 'approved'], where: (v) => sql`${status} = ${v}` },
      queue: { label: '待办', values: Object.keys(QUEUES), where: (v) => queues[v as keyof typeof QUEUES] },
      ...campaignFilters(db, campaign, { bureau: a.bureauId, stratum: schema.drawMembers.stratum, late: schema.declarations.late }),
    },
    sorts: { creditCode: schema.employers.creditCode, name: schema.employers.name, bureau: a.bureauId, reviewer: schema.users.username, status },
    tieBreak: schema.employers.creditCode,
    search: { name: schema.employers.name, creditCode: schema.employers.creditCode },
  };
}

/** One page of the review list as `listing` asks (readListing over reviewSpec). */
export function pageReviews(db: Db, actor: Actor, campaign: Campaign, spec: ListSpec, listing: Listing): Page<ReviewListRow> {
  const query = reviewListQuery(db, actor, campaign, listingWhere(spec, listing));
  return pageOf(listing, query.count(), (limit, offset) => query.rows(listingOrder(spec, listing), limit, offset));
}

/** How many reviews wait in each of the actor's queues. */
export function reviewQueues(db: Db, actor: Actor, campaign: Campaign): Record<keyof typeof QUEUES, number> {
  const spec = reviewSpec(db, actor, campaign);
  const counted = (queue: string) => reviewListQuery(db, actor, campaign, spec.filters.queue.where(queue)).count();
  return { review: counted('review'), approve: counted('approve'), verify: counted('verify') };
}

function reviewListQuery(db: Db, actor: Actor, campaign: Campaign, where: SQL | undefined) {
  const e = schema.employers;
  const a = schema.assignments;
  const m = schema.drawMembers;
  const r = schema.reviews;
  const d = schema.declarations;
  const draw = db.select({ id: schema.draws.id }).from(schema.draws).where(eq(schema.draws.campaignId, campaign.id)).get();
  const condition = and(eq(m.drawId, draw?.id ?? 0), visibleWhere(db, actor, { creditCode: e.creditCode, bureau: a.bureauId }), where);
  const joined = (fields: SelectedFields) =>
    db
      .select(fields)
      .from(m)
      .innerJoin(e, eq(e.id, m.employerId))
      .innerJoin(a, and(eq(a.employerId, m.employerId), eq(a.campaignId, campaign.id)))
      .leftJoin(r, and(eq(r.employerId, m.employerId), eq(r.campaignId, campaign.id)))
      .leftJoin(schema.users, eq(schema.users.id, r.reviewerId))
      .leftJoin(d, and(eq(d.employerId, m.employerId), eq(d.campaignId, campaign.id)))
      .where(condition);
  const fields = {
    creditCode: e.creditCode,
    name: e.name,
    bureauId: a.bureauId,
    stratum: m.stratum,
    cause: m.cause,
    note: m.note,
    reviewer: schema.users.username,
    declared: sql<boolean>`${d.employerId} IS NOT NULL`.mapWith(Boolean),
    late: d.late,
    outcome: r.outcome,
    status: sql<string>`coalesce(${r.status}, 'assigned')`,
    comment: sql<string | null>`(SELECT x.comment FROM review_comments x WHERE x.review_id = ${r.id} ORDER BY x.id DESC LIMIT 1)`,
  };
  return {
    // the fields are ReviewListRow's (drizzle types a select built apart from its fields loosely)
    rows: (order: SQL[], limit: number, offset: number) =>
      joined(fields)
        .orderBy(...order)
        .limit(limit)
        .offset(offset)
        .all() as unknown as ReviewListRow[],
    count: () => (joined({ n: count() }).get() as { n: number }).n,
  };
}

export interface RectificationRow extends Rectification {
  creditCode: string;
  name: string;
  overdue: boolean;
}

/** The problem list of a campaign, each with whether it is overdue on `on`. */
export function listRectifications(db: Db, actor: Actor, campaignId: number, on = today()): RectificationRow[] {
  const reviews = listReviews(db, actor, campaignId);
  if (!reviews.length) return [];
  const byReview = new Map(reviews.map((r) => [r.id, r]));
  return db
    .select()
    .from(schema.rectifications)
    .where(inArray(schema.rectifications.reviewId, [...byReview.keys()]))
    .orderBy(asc(schema.rectifications.id))
    .all()
    .map((x) => {
      const review = byReview.get(x.reviewId)!;
      return { ...x, creditCode: review.creditCode, name: review.name, overdue: x.status !== 'verified' && on > x.dueDate };
    });
}

/**
 * Rectification moves open → submitted (the employer or a clerk, with evidence) → verified (the
 * bureau), or back to open when the evidence does not show it put right.
 */
export async function updateRectification(
  db: Db,
  actor: Actor,
  campaignId: number,
  id: number,
  to: 'submitted' | 'verified' | 'open',
  evidence?: string,
): Promise<Rectification> {
  const campaign = getCampaign(db, actor, campaignId);
  const row = db
    .select({ x: schema.rectifications, creditCode: schema.employers.creditCode })
    .from(schema.rectifications)
    .innerJoin(schema.reviews, eq(schema.reviews.id, schema.rectifications.reviewId))
    .innerJoin(schema.employers, eq(schema.employers.id, schema.reviews.employerId))
    .where(and(eq(schema.rectifications.id, id), eq(schema.reviews.campaignId, campaignId)))
    .get();
  if (!row) throw new JianchaError('not-found', `活动 ${campaignId} 没有整改事项 ${id}`, `no rectification ${id} in campaign ${campaignId}`);
  requireStep(actor, to === 'submitted' ? 'rectification.submit' : 'rectification.verify', campaign.plugin);
  const { bureauId } = employerToChange(db, actor, campaign, row.creditCode, to === 'submitted');
  const from = row.x.status;
  const allowed: Record<string, string[]> = { open: ['submitted'], submitted: ['verified', 'open'], verified: [] };
  if (!allowed[from].includes(to))
    throw new JianchaError('conflict', `整改事项 ${id} 不能从“${from}”改为“${to}”`, `rectification ${id} cannot go from ${from} to ${to}`);
  if (to === 'submitted' && !evidence?.trim())
    throw new JianchaError('invalid-input', '提交整改须附整改情况说明或证明材料', 'submitting a rectification needs evidence');
  return transaction(db, async (tx) => {
    const [saved] = await tx
      .update(schema.rectifications)
      .set({ status: to, evidence: evidence ?? row.x.evidence, updatedBy: actor.userId, updatedAt: now() })
      .where(eq(schema.rectifications.id, id))
      .returning();
    await audit(tx, actor, to, 'rectification', id, row.x, saved, { bureauId });
    return saved;
  });
}

/** For the grading run: which employers' reviews were approved (a written review is an inspection). */
export function approvedReviews(db: Db, campaignId: number): Set<number> {
  return new Set(
    db
      .select({ id: schema.reviews.employerId })
      .from(schema.reviews)
      .where(and(eq(schema.reviews.campaignId, campaignId), eq(schema.reviews.status, 'approved')))
      .all()
      .map((r) => r.id),
  );
}
