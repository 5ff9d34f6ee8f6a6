/**
 * Changing a preliminary grade (对需要变更评价等级的需经劳动保障监察机构负责人审批): asked with a
 * reason, decided by a head of the employer's bureau who did not ask; the approved grade keeps the
 * run's reasons and adds the change's.
 */
import { and, eq } from 'drizzle-orm';
import { schema, type Db } from '../db/index.ts';
import { first, transaction } from '../db/store.ts';
import { JianchaError } from '../errors.ts';
import { today } from '../facts.ts';
import type { Registry } from '../registry.ts';
import { requireStep } from '../policy.ts';
import { now, type Actor } from './actor.ts';
import { audit } from './audit.ts';
import { campaignDate, getCampaign, requireStatus, type Campaign } from './campaign.ts';
import { employerToChange, visibility } from './population.ts';
import { issueWrittenNotices } from './writtenNotices.ts';

export type GradeChange = typeof schema.gradeChanges.$inferSelect;

const CHANGE = { zh: '变更等级', en: 'change a grade' };

/** Ask for a change; used directly, and by an upheld objection. */
export async function requestGradeChange(
  db: Db,
  registry: Registry,
  actor: Actor,
  campaign: Campaign,
  creditCode: string,
  toGrade: string,
  reason: string,
): Promise<GradeChange> {
  requireStep(actor, 'gradeChange.request', campaign.plugin);
  const { employer, bureauId } = employerToChange(db, actor, campaign, creditCode);
  requireStatus(campaign, 'graded', CHANGE, 'publicity');
  const scale = registry.get(campaign.plugin).gradeScale();
  scale.check(toGrade);
  if (reason.trim().length < 4) throw new JianchaError('invalid-input', '变更等级须写明理由', 'a grade change needs a reason');
  const current = await first(
    db
      .select()
      .from(schema.grades)
      .where(and(eq(schema.grades.campaignId, campaign.id), eq(schema.grades.employerId, employer.id))),
  );
  if (!current?.graded) throw new JianchaError('conflict', `${employer.name} 不参加本次等级评价`, `${employer.creditCode} is not graded in this campaign`);
  if (current.grade === toGrade)
    throw new JianchaError('invalid-input', `${employer.name} 已是${scale.label(toGrade)}`, `${employer.creditCode} is ${toGrade} already`);
  const pending = await first(
    db
      .select()
      .from(schema.gradeChanges)
      .where(and(eq(schema.gradeChanges.campaignId, campaign.id), eq(schema.gradeChanges.employerId, employer.id), eq(schema.gradeChanges.status, 'pending'))),
  );
  if (pending)
    throw new JianchaError('conflict', `${employer.name} 已有待审批的等级变更 ${pending.id}`, `${employer.creditCode} has pending change ${pending.id}`);
  const change = (await first(
    db
      .insert(schema.gradeChanges)
      .values({
        campaignId: campaign.id,
        employerId: employer.id,
        fromGrade: current.grade,
        toGrade,
        reason: reason.trim(),
        status: 'pending',
        requestedBy: actor.userId,
        requestedAt: now(),
      })
      .returning(),
  ))!;
  await audit(db, actor, 'request', 'gradeChange', change.id, null, change, { bureauId });
  return change;
}

export async function proposeGradeChange(
  db: Db,
  registry: Registry,
  actor: Actor,
  campaignId: number,
  creditCode: string,
  toGrade: string,
  reason: string,
): Promise<GradeChange> {
  // the campaign read in the same transaction as the change: its status decides whether one may be asked
  return transaction(db, async (tx) => requestGradeChange(tx, registry, actor, getCampaign(tx, actor, campaignId), creditCode, toGrade, reason));
}

export async function decideGradeChange(
  db: Db,
  registry: Registry,
  actor: Actor,
  campaignId: number,
  changeId: number,
  approve: boolean,
): Promise<GradeChange> {
  // one transaction from the checks to the decision, so that two heads cannot both decide one change
  return transaction(db, async (tx) => {
    const campaign = getCampaign(tx, actor, campaignId);
    requireStep(actor, 'gradeChange.decide', campaign.plugin);
    const change = await first(
      tx
        .select()
        .from(schema.gradeChanges)
        .where(and(eq(schema.gradeChanges.id, changeId), eq(schema.gradeChanges.campaignId, campaignId))),
    );
    if (!change) throw new JianchaError('not-found', `活动 ${campaignId} 没有等级变更 ${changeId}`, `no grade change ${changeId} in campaign ${campaignId}`);
    const employer = (await first(tx.select().from(schema.employers).where(eq(schema.employers.id, change.employerId))))!;
    const { bureauId } = employerToChange(tx, actor, campaign, employer.creditCode);
    requireStatus(campaign, 'graded', CHANGE, 'publicity');
    if (change.status !== 'pending')
      throw new JianchaError(
        'conflict',
        `等级变更 ${changeId} 已${change.status === 'approved' ? '批准' : '驳回'}`,
        `grade change ${changeId} is ${change.status} already`,
      );
    if (change.requestedBy === actor.userId) throw new JianchaError('forbidden', '不能审批自己提出的等级变更', 'you cannot approve a change you asked for');
    const plugin = registry.get(campaign.plugin);
    const labels = plugin.effectiveRuleset('grading', campaignDate(campaign))?.labels ?? {};
    const scale = plugin.gradeScale();
    const decided = (await first(
      tx
        .update(schema.gradeChanges)
        .set({ status: approve ? 'approved' : 'rejected', decidedBy: actor.userId, decidedAt: now() })
        .where(eq(schema.gradeChanges.id, changeId))
        .returning(),
    ))!;
    if (approve) {
      const grade = (await first(
        tx
          .select()
          .from(schema.grades)
          .where(and(eq(schema.grades.campaignId, campaignId), eq(schema.grades.employerId, change.employerId))),
      ))!;
      const reason = {
        rule: 'grade-change',
        reason: `由${change.fromGrade ? scale.label(change.fromGrade) : '—'}变更为${scale.label(change.toGrade)}：${change.reason}（负责人 ${actor.username} 审批，变更 ${changeId}）`,
        basis: '人工审查变更评价等级，经劳动保障监察机构负责人审批',
      };
      await tx
        .update(schema.grades)
        .set({
          grade: change.toGrade,
          label: labels[change.toGrade] ?? scale.level(change.toGrade)?.label ?? null,
          status: 'changed',
          reasons: [...grade.reasons, reason],
        })
        .where(and(eq(schema.grades.campaignId, campaignId), eq(schema.grades.employerId, change.employerId)));
      // proposed at or below the notice level while the grades are in publicity: told in writing today
      if (campaign.status === 'publicity') await issueWrittenNotices(tx, actor, campaign, today(), [change.employerId]);
    }
    await audit(tx, actor, approve ? 'approve' : 'reject', 'gradeChange', changeId, change, decided, { bureauId });
    return decided;
  });
}

export async function listGradeChanges(db: Db, actor: Actor, campaignId: number): Promise<(GradeChange & { creditCode: string; name: string })[]> {
  getCampaign(db, actor, campaignId);
  // the bureau's business: an employer hears of a change through its grade
  if (actor.role === 'employer') return [];
  const visible = visibility(db, actor);
  const k = schema.gradeChanges;
  return (
    await db
      .select({ change: k, creditCode: schema.employers.creditCode, name: schema.employers.name, bureau: schema.assignments.bureauId })
      .from(k)
      .innerJoin(schema.employers, eq(schema.employers.id, k.employerId))
      .innerJoin(schema.assignments, and(eq(schema.assignments.employerId, k.employerId), eq(schema.assignments.campaignId, k.campaignId)))
      .where(eq(k.campaignId, campaignId))
  )
    .filter(visible)
    .map((r) => ({ ...r.change, creditCode: r.creditCode, name: r.name }));
}
