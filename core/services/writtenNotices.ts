/**
 * The register of 拟评告知 (the written notice of a proposed grade at or below the scale's notice
 * level, 江津通知 四、（二）：对拟评为C级的企业应按规定进行书面告知). Each is issued by the bureau that
 * grades the employer, its assigned bureau (江津通知 四、（一）：区县管辖企业由注册地人力社保部门评价；
 * 昌吉通知 五、（三）：各县市（园区）……对本辖区企业劳动保障守法诚信等级进行评定), on the day the
 * publicity opens, or on the day a change proposes the grade during it; its 文号 is numbered per
 * bureau and year in the order issued. The register is the audit log, one append-only entry per
 * bureau and issue, so a number once given is neither given again nor changed.
 */
import { and, eq } from 'drizzle-orm';
import { schema, type Db, type DbOrTx } from '../db/index.ts';
import { addWorkingDays } from '../calendar.ts';
import { loadedPlugin } from '../loadedPlugins.ts';
import type { Actor } from './actor.ts';
import { audit } from './audit.ts';
import type { Campaign } from './campaign.ts';

export interface WrittenNotice {
  employerId: number;
  creditCode: string;
  bureauId: string;
  /** the sequence number of the 文号 in the bureau's year */
  number: number;
  issuedOn: string;
}

interface IssueEntry {
  campaignId: number;
  issuedOn: string;
  /** the last day of the longest remedy counted in working days from receipt (a letter served the day of issue) */
  answerBy: string;
  notices: { employerId: number; creditCode: string; number: number }[];
}

type Registered = WrittenNotice & { campaignId: number; answerBy?: string };

/** Every notice issued, of every campaign: the register's entries in the order written. */
function register(db: DbOrTx): Registered[] {
  const a = schema.auditLog;
  return db
    .select({ bureauId: a.bureauId, after: a.after })
    .from(a)
    .where(and(eq(a.action, 'issue'), eq(a.entity, 'writtenNotice')))
    .orderBy(a.id)
    .all()
    .flatMap(({ bureauId, after }) => {
      const entry = after as IssueEntry;
      return entry.notices.map((n) => ({ ...n, bureauId: bureauId!, issuedOn: entry.issuedOn, answerBy: entry.answerBy, campaignId: entry.campaignId }));
    });
}

/** The notice issued to an employer in a campaign, if any. */
export function writtenNoticeOf(db: DbOrTx, campaignId: number, employerId: number): WrittenNotice | undefined {
  return register(db).find((n) => n.campaignId === campaignId && n.employerId === employerId);
}

/** The last day on which an employer told in writing in the campaign may still answer; none when nobody was told. */
export function answerPeriodEnd(db: DbOrTx, campaignId: number): string | undefined {
  return register(db)
    .filter((n) => n.campaignId === campaignId && n.answerBy)
    .map((n) => n.answerBy!)
    .sort()
    .at(-1);
}

/**
 * Issues, on `on`, a notice to each graded employer of the campaign (or of those given) proposed at
 * or below the notice level that has none yet: numbered after the bureau's last of that year, in
 * credit-code order. Call it inside the transaction of the step that proposes the grades.
 */
export async function issueWrittenNotices(tx: Db, actor: Actor, campaign: Campaign, on: string, employerIds?: number[]): Promise<void> {
  // the publicity, which takes no registry, issues by the scale and remedies of the plugin loaded
  const plugin = loadedPlugin(campaign.plugin);
  if (!plugin?.hasGradeScale()) return;
  const scale = plugin.gradeScale();
  const g = schema.grades;
  const graded = await tx
    .select({ employerId: g.employerId, grade: g.grade, creditCode: schema.employers.creditCode, bureauId: schema.assignments.bureauId })
    .from(g)
    .innerJoin(schema.employers, eq(schema.employers.id, g.employerId))
    .innerJoin(schema.assignments, and(eq(schema.assignments.employerId, g.employerId), eq(schema.assignments.campaignId, campaign.id)))
    .where(and(eq(g.campaignId, campaign.id), eq(g.graded, true)));
  const proposed = graded
    .filter((r) => r.bureauId && scale.needsNotice(r.grade) && (!employerIds || employerIds.includes(r.employerId)))
    .sort((x, y) => (x.creditCode < y.creditCode ? -1 : 1));
  if (!proposed.length) return;
  const issued = register(tx);
  const told = new Set(issued.filter((n) => n.campaignId === campaign.id).map((n) => n.employerId));
  const year = on.slice(0, 4);
  const byBureau = new Map<string, typeof proposed>();
  for (const r of proposed) if (!told.has(r.employerId)) byBureau.set(r.bureauId!, [...(byBureau.get(r.bureauId!) ?? []), r]);
  for (const [bureauId, rows] of byBureau) {
    const last = Math.max(0, ...issued.filter((n) => n.bureauId === bureauId && n.issuedOn.startsWith(year)).map((n) => n.number));
    const entry: IssueEntry = {
      campaignId: campaign.id,
      issuedOn: on,
      answerBy: addWorkingDays(on, Math.max(0, ...plugin.writtenNotice().remedies.map((r) => r.workingDays ?? 0))),
      notices: rows.map((r, i) => ({ employerId: r.employerId, creditCode: r.creditCode, number: last + i + 1 })),
    };
    await audit(tx, actor, 'issue', 'writtenNotice', campaign.id, null, entry, { bureauId });
  }
}
