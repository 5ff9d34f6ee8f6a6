/**
 * Publicity and publication: the proposed grades are put to publicity for at least the campaign's
 * working days (拟评价结果公示不少于5个工作日); objections are filed within it and resolved (an upheld
 * one asks for a grade change, which a head approves); then the grades are published and enter each
 * employer's history, which next year's draw (上年度等级) and the plaque (3 consecutive A) read.
 * Each step checks and writes in one transaction, so that what it checked still holds when written.
 */
import { and, eq } from 'drizzle-orm';
import { addWorkingDays, isWorkingDay, workingDaysBetween } from '../calendar.ts';
import { schema, type Db } from '../db/index.ts';
import { first, transaction } from '../db/store.ts';
import { JianchaError } from '../errors.ts';
import { checkDate, today } from '../facts.ts';
import { requireStep } from '../policy.ts';
import type { Registry } from '../registry.ts';
import { now, requireBureau, type Actor } from './actor.ts';
import { audit } from './audit.ts';
import { backEntryDate, type BackEntry } from './backEntry.ts';
import { advanceStatus, campaignDeadlines, getCampaign, requireStatus } from './campaign.ts';
import { requestGradeChange } from './gradeChanges.ts';
import { employerToChange, isMember, visibility } from './population.ts';
import { answerPeriodEnd, issueWrittenNotices } from './writtenNotices.ts';

export type Publicity = typeof schema.publicity.$inferSelect;
export type Objection = typeof schema.objections.$inferSelect;

/** Working days from `from` to `to`, both included. */
export function workingDaysIn(from: string, to: string): number {
  return (isWorkingDay(from) ? 1 : 0) + workingDaysBetween(from, to);
}

async function pendingChanges(db: Db, campaignId: number): Promise<number> {
  return (
    await db
      .select()
      .from(schema.gradeChanges)
      .where(and(eq(schema.gradeChanges.campaignId, campaignId), eq(schema.gradeChanges.status, 'pending')))
  ).length;
}

/**
 * Publicity from `from` (today when not given; never a day already past) for at least the campaign's
 * working days; each employer proposed at or below the notice level is told in writing that day.
 */
export async function startPublicity(db: Db, actor: Actor, campaignId: number, from = today(), to?: string): Promise<Publicity> {
  return transaction(db, async (tx) => {
    const campaign = getCampaign(tx, actor, campaignId);
    requireBureau(actor, campaign.bureauId);
    requireStep(actor, 'publicity', campaign.plugin);
    requireStatus(campaign, 'graded', { zh: '公示', en: 'start publicity' }, 'graded');
    const pending = await pendingChanges(tx, campaignId);
    if (pending) throw new JianchaError('conflict', `还有 ${pending} 项等级变更待审批，审批后才能公示`, `${pending} grade change(s) await approval`);
    checkDate(from, { zh: '公示开始日期', en: 'the publicity start' });
    // employers must be able to see the whole period: one that began yesterday has already been cut short
    if (from < today())
      throw new JianchaError(
        'invalid-input',
        `公示不能从已过去的 ${from} 开始（今天是 ${today()}）`,
        `publicity cannot start on ${from}, already past (today is ${today()})`,
      );
    const days = campaignDeadlines(campaign).publicityWorkingDays;
    const end = to ? checkDate(to, { zh: '公示结束日期', en: 'the publicity end' }) : addWorkingDays(from, isWorkingDay(from) ? days - 1 : days);
    const counted = workingDaysIn(from, end);
    if (counted < days) {
      throw new JianchaError(
        'invalid-input',
        `公示期 ${from} 至 ${end} 只有 ${counted} 个工作日，不少于 ${days} 个工作日`,
        `publicity ${from}–${end} has ${counted} working days; at least ${days} are needed`,
      );
    }
    const row = (await first(
      tx.insert(schema.publicity).values({ campaignId, fromDate: from, toDate: end, workingDays: counted, startedBy: actor.userId }).returning(),
    ))!;
    await advanceStatus(tx, campaign, 'publicity');
    await audit(tx, actor, 'publicity', 'campaign', campaignId, null, row);
    // told in writing as the publicity opens, so that the employer has the whole of it
    await issueWrittenNotices(tx, actor, campaign, from);
    return row;
  });
}

export async function getPublicity(db: Db, actor: Actor, campaignId: number): Promise<Publicity | undefined> {
  getCampaign(db, actor, campaignId);
  return first(db.select().from(schema.publicity).where(eq(schema.publicity.campaignId, campaignId)));
}

/**
 * An objection, by the employer itself today, or entered by its bureau from paper; within the
 * publicity period, and only by one of the campaign's own, an employer of its population with a
 * proposed grade (another's objection nobody could resolve, and it would block publication).
 */
export async function fileObjection(db: Db, actor: Actor, campaignId: number, creditCode: string, text: string, paper?: BackEntry): Promise<Objection> {
  return transaction(db, async (tx) => {
    const campaign = getCampaign(tx, actor, campaignId);
    requireStep(actor, 'objection.file', campaign.plugin);
    const { employer, bureauId } = employerToChange(tx, actor, campaign, creditCode, true);
    const graded = await first(
      tx
        .select({ graded: schema.grades.graded })
        .from(schema.grades)
        .where(and(eq(schema.grades.campaignId, campaignId), eq(schema.grades.employerId, employer.id))),
    );
    if (!isMember(tx, campaign, employer.id) || !graded?.graded) {
      throw new JianchaError(
        'forbidden',
        `${employer.name} 不在活动 ${campaignId} 的评价名单中，不能提出异议`,
        `${employer.creditCode} has no proposed grade in campaign ${campaignId}: no objection`,
      );
    }
    const { on, reason } = backEntryDate(actor, paper);
    const period = await first(tx.select().from(schema.publicity).where(eq(schema.publicity.campaignId, campaignId)));
    if (campaign.status !== 'publicity' || !period)
      throw new JianchaError('conflict', `活动 ${campaignId} 不在公示期`, `campaign ${campaignId} is not in publicity`);
    if (on < period.fromDate || on > period.toDate) {
      throw new JianchaError(
        'conflict',
        `异议须在公示期 ${period.fromDate} 至 ${period.toDate} 内提出`,
        `objections are taken from ${period.fromDate} to ${period.toDate}`,
      );
    }
    if (text.trim().length < 4) throw new JianchaError('invalid-input', '异议须写明理由', 'an objection needs its grounds');
    const row = (await first(
      tx
        .insert(schema.objections)
        .values({ campaignId, employerId: employer.id, text: text.trim(), filedOn: on, filedBy: actor.userId, status: 'open' })
        .returning(),
    ))!;
    await audit(tx, actor, 'file', 'objection', row.id, null, reason ? { ...row, backEntry: { receivedOn: on, reason, enteredOn: today() } } : row, {
      bureauId,
    });
    return row;
  });
}

/** Resolve an objection: dismissed, or upheld, asking for the grade it should have. */
export async function resolveObjection(
  db: Db,
  registry: Registry,
  actor: Actor,
  campaignId: number,
  id: number,
  resolution: { upheld: boolean; text: string; toGrade?: string },
): Promise<Objection> {
  return transaction(db, async (tx) => {
    const campaign = getCampaign(tx, actor, campaignId);
    requireStep(actor, 'objection.resolve', campaign.plugin);
    requireStatus(campaign, 'publicity', { zh: '处理异议', en: 'resolve an objection' }, 'publicity');
    const objection = await first(
      tx
        .select()
        .from(schema.objections)
        .where(and(eq(schema.objections.id, id), eq(schema.objections.campaignId, campaignId))),
    );
    if (!objection) throw new JianchaError('not-found', `活动 ${campaignId} 没有异议 ${id}`, `no objection ${id} in campaign ${campaignId}`);
    const employer = (await first(tx.select().from(schema.employers).where(eq(schema.employers.id, objection.employerId))))!;
    const { bureauId } = employerToChange(tx, actor, campaign, employer.creditCode);
    if (objection.status !== 'open') throw new JianchaError('conflict', `异议 ${id} 已处理`, `objection ${id} is resolved already`);
    if (!resolution.text?.trim()) throw new JianchaError('invalid-input', '须写明处理意见', 'a resolution needs its text');
    const change =
      resolution.upheld && resolution.toGrade
        ? await requestGradeChange(tx, registry, actor, campaign, employer.creditCode, resolution.toGrade, `异议 ${id} 成立：${resolution.text.trim()}`)
        : undefined;
    const row = (await first(
      tx
        .update(schema.objections)
        .set({
          status: resolution.upheld ? 'upheld' : 'dismissed',
          resolution: resolution.text.trim(),
          gradeChangeId: change?.id ?? null,
          resolvedBy: actor.userId,
          resolvedAt: now(),
        })
        .where(eq(schema.objections.id, id))
        .returning(),
    ))!;
    await audit(tx, actor, 'resolve', 'objection', id, objection, row, { bureauId });
    return row;
  });
}

export async function listObjections(db: Db, actor: Actor, campaignId: number): Promise<(Objection & { creditCode: string; name: string })[]> {
  getCampaign(db, actor, campaignId);
  const o = schema.objections;
  return (
    await db
      .select({ o, creditCode: schema.employers.creditCode, name: schema.employers.name, bureau: schema.assignments.bureauId })
      .from(o)
      .innerJoin(schema.employers, eq(schema.employers.id, o.employerId))
      .innerJoin(schema.assignments, and(eq(schema.assignments.employerId, o.employerId), eq(schema.assignments.campaignId, o.campaignId)))
      .where(eq(o.campaignId, campaignId))
  )
    .filter(visibility(db, actor))
    .map((r) => ({ ...r.o, creditCode: r.creditCode, name: r.name }));
}

/**
 * Publication, after the publicity period, with every objection resolved and every change decided:
 * the grades become final and enter the employers' history.
 */
export async function publish(db: Db, actor: Actor, campaignId: number): Promise<{ published: number }> {
  return transaction(db, async (tx) => {
    // the server's day, not the caller's: a publication cannot be dated past the end of its publicity
    const on = today();
    const campaign = getCampaign(tx, actor, campaignId);
    requireBureau(actor, campaign.bureauId);
    requireStep(actor, 'publish', campaign.plugin);
    requireStatus(campaign, 'publicity', { zh: '公布', en: 'publish' }, 'publicity');
    const period = (await first(tx.select().from(schema.publicity).where(eq(schema.publicity.campaignId, campaignId))))!;
    if (on <= period.toDate) throw new JianchaError('conflict', `公示期至 ${period.toDate} 结束，之后才能公布`, `publicity runs to ${period.toDate}`);
    // an employer told in writing may answer for its working days from receipt, which may outlast the publicity
    const answerBy = answerPeriodEnd(tx, campaignId);
    if (answerBy && on <= answerBy)
      throw new JianchaError('conflict', `书面告知的陈述申辩期至 ${answerBy} 结束，之后才能公布`, `employers told in writing may answer until ${answerBy}`);
    const open = (
      await tx
        .select()
        .from(schema.objections)
        .where(and(eq(schema.objections.campaignId, campaignId), eq(schema.objections.status, 'open')))
    ).length;
    if (open) throw new JianchaError('conflict', `还有 ${open} 项异议未处理`, `${open} objection(s) are not resolved`);
    const pending = await pendingChanges(tx, campaignId);
    if (pending) throw new JianchaError('conflict', `还有 ${pending} 项等级变更待审批`, `${pending} grade change(s) await approval`);
    const sqlite = db.$client;
    const graded = sqlite.prepare('SELECT employer_id AS id, grade FROM grades WHERE campaign_id = ? AND graded = 1').all(campaignId) as {
      id: number;
      grade: string;
    }[];
    const history = sqlite.prepare('SELECT grade_history FROM employers WHERE id = ?').pluck();
    // last_grade, the imported 上年度等级, stays: this campaign's draw was made from it and must verify
    const update = sqlite.prepare('UPDATE employers SET grade_history = ?, updated_at = ? WHERE id = ?');
    const at = now();
    for (const g of graded) {
      const past = (JSON.parse(history.get(g.id) as string) as { year: number; grade: string }[]).filter((h) => h.year !== campaign.year);
      update.run(JSON.stringify([...past, { year: campaign.year, grade: g.grade }].sort((a, b) => a.year - b.year)), at, g.id);
    }
    sqlite.prepare("UPDATE grades SET status = 'published' WHERE campaign_id = ? AND graded = 1").run(campaignId);
    // what was published, as it is now: the published lists print from this, whatever changes later
    sqlite
      .prepare(
        `INSERT INTO published_grades (campaign_id, employer_id, credit_code, name, bureau_id, grade, graded, label, reasons, status, ruleset_hash)
         SELECT g.campaign_id, g.employer_id, e.credit_code, e.name, a.bureau_id, g.grade, g.graded, g.label, g.reasons, g.status, r.ruleset_hash
         FROM grades g JOIN employers e ON e.id = g.employer_id JOIN grading_runs r ON r.id = g.run_id
         LEFT JOIN assignments a ON a.campaign_id = g.campaign_id AND a.employer_id = g.employer_id
         WHERE g.campaign_id = ?`,
      )
      .run(campaignId);
    const rendering = { settings: campaign.settings, overrides: campaign.templateOverrides };
    await tx.update(schema.publicity).set({ publishedOn: on, publishedBy: actor.userId, rendering }).where(eq(schema.publicity.campaignId, campaignId));
    await advanceStatus(tx, campaign, 'published');
    await audit(tx, actor, 'publish', 'campaign', campaignId, null, { on, published: graded.length });
    return { published: graded.length };
  });
}
