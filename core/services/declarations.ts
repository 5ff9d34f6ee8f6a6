/**
 * Declarations (申报): a drawn employer's basic data and roster. Its staff sample is drawn from the
 * roster the way the draw is (SHA-256 of the published seed, the credit code and the staff key), with
 * the size the sampling rules give for the roster's headcount; its document checklist comes from the
 * documents decision. A declaration submitted after the deadline, counted in working days, is late.
 */
import { and, eq } from 'drizzle-orm';
import type { Decider } from '../decide.ts';
import type { DocumentItem } from '../decisions/documents.ts';
import { schema, type Db } from '../db/index.ts';
import { first, transaction } from '../db/store.ts';
import type { RosterEntry } from '../db/schema/review.ts';
import { JianchaError, type ErrorDetail } from '../errors.ts';
import { today } from '../facts.ts';
import { basicsSchema } from '../declarationForm.ts';
import type { Plugin } from '../plugin.ts';
import type { ValidateFunction } from 'ajv/dist/2020.js';
import { createAjv, fieldLabel, schemaErrors } from '../schema.ts';
import { requireStep } from '../policy.ts';
import type { Actor } from './actor.ts';
import { audit } from './audit.ts';
import { backEntryDate } from './backEntry.ts';
import { campaignDate, campaignDeadlines, getCampaign, requireStatus, requireStatusNow, type Campaign } from './campaign.ts';
import { rankKey } from './draw.ts';
import { employerFacts, type EmployerRow } from './employerFacts.ts';
import { employerToChange, findEmployer } from './population.ts';

export type Declaration = typeof schema.declarations.$inferSelect;

export interface DeclarationInput {
  /** the plugin's declaration fields (plugin.json declarationForm) */
  basics: Record<string, unknown>;
  roster: RosterEntry[];
  /** the day it was received, for declarations a clerk enters from paper; employers declare today */
  submittedOn?: string;
  /** why a paper received before today is entered now (needed with an earlier submittedOn) */
  submittedOnReason?: string;
  /** a reason the bureau accepts for lateness (逾期有正当理由) */
  lateExcuse?: string;
}

/** The declaration's schema: the plugin's fields (titled as the form names them, so an error names its field), the roster and dates. */
function inputSchema(plugin: Plugin) {
  return {
    type: 'object',
    required: ['basics', 'roster'],
    additionalProperties: false,
    properties: {
      basics: basicsSchema(plugin),
      roster: {
        type: 'array',
        maxItems: 100000,
        title: '花名册',
        items: {
          type: 'object',
          required: ['id', 'name'],
          additionalProperties: false,
          properties: {
            id: { type: 'string', minLength: 1, maxLength: 40, title: '工号' },
            name: { type: 'string', minLength: 1, maxLength: 50, title: '姓名' },
          },
        },
      },
      submittedOn: { type: 'string', format: 'date', title: '收件日期' },
      submittedOnReason: { type: 'string', minLength: 4, maxLength: 500, title: '补录理由' },
      lateExcuse: { type: 'string', minLength: 2, maxLength: 500, title: '逾期的正当理由' },
    },
  };
}

const validators = new WeakMap<Plugin, { validate: ValidateFunction; schema: ReturnType<typeof inputSchema> }>();

function validatorOf(plugin: Plugin) {
  let v = validators.get(plugin);
  if (!v) {
    const schema = inputSchema(plugin);
    validators.set(plugin, (v = { validate: createAjv().compile(schema), schema }));
  }
  return v;
}

/** The drawn staff: the first n of the roster ranked by SHA-256(seed:creditCode:staffId). */
export function drawStaff(seed: string, creditCode: string, roster: RosterEntry[], n: number): RosterEntry[] {
  return roster
    .map((entry) => ({ entry, key: rankKey(seed, `${creditCode}:${entry.id}`) }))
    .sort((a, b) => (a.key < b.key ? -1 : 1))
    .slice(0, n)
    .map((r) => r.entry);
}

async function drawSeed(db: Db, campaign: Campaign): Promise<string> {
  const row = await first(db.select({ seed: schema.draws.seed }).from(schema.draws).where(eq(schema.draws.campaignId, campaign.id)));
  if (!row) throw new JianchaError('conflict', `活动 ${campaign.id} 尚未抽取审查名单`, `campaign ${campaign.id} has not been drawn`);
  return row.seed;
}

/** The drawn employer, or an error saying it is not in the review plan. */
export function requireDrawn(db: Db, campaign: Campaign, employer: EmployerRow): void {
  const drawn = db
    .select({ id: schema.drawMembers.employerId })
    .from(schema.drawMembers)
    .innerJoin(schema.draws, eq(schema.draws.id, schema.drawMembers.drawId))
    .where(and(eq(schema.draws.campaignId, campaign.id), eq(schema.drawMembers.employerId, employer.id)))
    .get();
  if (!drawn)
    throw new JianchaError(
      'conflict',
      `${employer.name} 不在活动 ${campaign.id} 的审查名单中`,
      `${employer.creditCode} is not in campaign ${campaign.id}'s review plan`,
    );
}

export async function declare(db: Db, decider: Decider, actor: Actor, campaignId: number, creditCode: string, input: DeclarationInput): Promise<Declaration> {
  const campaign = getCampaign(db, actor, campaignId);
  requireStep(actor, 'declare', campaign.plugin);
  const { employer, bureauId } = employerToChange(db, actor, campaign, creditCode, true);
  requireStatus(campaign, 'drawn', { zh: '申报', en: 'declare' }, 'drawn');
  requireDrawn(db, campaign, employer);
  const { validate, schema: shape } = validatorOf(decider.registry.get(campaign.plugin));
  if (!validate(input)) {
    throw new JianchaError(
      'invalid-input',
      '申报内容不符合要求',
      'the declaration is invalid',
      schemaErrors(validate.errors, undefined, '', shape) as ErrorDetail[],
    );
  }
  // every repeated staff id at once, each by its row and the row it repeats, so the roster is fixed in one pass
  const firstRowOf = new Map<string, number>();
  const repeats: ErrorDetail[] = [];
  for (const [i, entry] of input.roster.entries()) {
    const earlier = firstRowOf.get(entry.id);
    if (earlier === undefined) firstRowOf.set(entry.id, i);
    else
      repeats.push({
        pointer: `/roster/${i}/id`,
        zh: `「${fieldLabel(shape, `/roster/${i}/id`)}」${entry.id} 与第 ${earlier + 1} 项重复`,
        en: `staff id ${entry.id} repeats row ${earlier + 1}`,
      });
  }
  if (repeats.length)
    throw new JianchaError('invalid-input', `花名册有 ${repeats.length} 处工号重复`, `the roster repeats ${repeats.length} staff id(s)`, repeats);
  // only the bureau records a paper declaration's date, or accepts an excuse
  if (actor.role === 'employer' && (input.submittedOn || input.lateExcuse)) {
    throw new JianchaError('forbidden', '收件日期和逾期理由由人社局登记', 'the bureau records the date received and excuses');
  }
  const received = backEntryDate(actor, input.submittedOn ? { receivedOn: input.submittedOn, reason: input.submittedOnReason ?? '' } : undefined);
  const dueDate = campaignDeadlines(campaign).declaration;
  const at = campaignDate(campaign);
  const facts = employerFacts(employer, campaign.year, { declared: input });
  const sampling = await decider.decide(campaign.plugin, 'sampling', facts, { at });
  const size = (sampling.result as { staffSample: number | null }).staffSample ?? input.roster.length;
  const documents = await decider.decide(campaign.plugin, 'documents', facts, { at });
  // what the write rests on is read in its transaction: the rules above were awaited, and a step or an approval may have come since
  return transaction(db, async (tx) => {
    await requireStatusNow(tx, campaignId, 'drawn', { zh: '申报', en: 'declare' }, 'drawn');
    const existing = await first(
      tx
        .select()
        .from(schema.declarations)
        .where(and(eq(schema.declarations.campaignId, campaignId), eq(schema.declarations.employerId, employer.id))),
    );
    if (
      existing &&
      (await first(
        tx
          .select()
          .from(schema.reviews)
          .where(and(eq(schema.reviews.campaignId, campaignId), eq(schema.reviews.employerId, employer.id), eq(schema.reviews.status, 'approved'))),
      ))
    ) {
      throw new JianchaError('conflict', '审查已审批，不能再修改申报', 'the review is approved: the declaration is closed');
    }
    // a later correction keeps the first submission's date, so lateness cannot be undone by resubmitting
    const submittedOn = existing?.submittedOn ?? received.on;
    const row = {
      campaignId,
      employerId: employer.id,
      basics: input.basics,
      roster: input.roster,
      staffSample: drawStaff(await drawSeed(tx, campaign), employer.creditCode, input.roster, size),
      checklist: (documents.result as { documents: DocumentItem[] }).documents,
      dueDate,
      submittedOn,
      late: submittedOn > dueDate,
      lateExcuse: input.lateExcuse ?? existing?.lateExcuse ?? null,
      submittedBy: actor.userId,
    };
    const saved = (await first(
      tx
        .insert(schema.declarations)
        .values(row)
        .onConflictDoUpdate({ target: [schema.declarations.campaignId, schema.declarations.employerId], set: row })
        .returning(),
    ))!;
    const backEntry = !existing && received.reason ? { backEntry: { receivedOn: received.on, reason: received.reason, enteredOn: today() } } : {};
    await audit(
      tx,
      actor,
      existing ? 'update' : 'create',
      'declaration',
      `${campaignId}/${employer.creditCode}`,
      existing ?? null,
      {
        ...saved,
        roster: saved.roster.length,
        ...backEntry,
      },
      { bureauId },
    );
    return saved;
  });
}

export async function getDeclaration(db: Db, actor: Actor, campaignId: number, creditCode: string): Promise<Declaration> {
  const campaign = getCampaign(db, actor, campaignId);
  const employer = findEmployer(db, actor, campaign, creditCode);
  const row = await first(
    db
      .select()
      .from(schema.declarations)
      .where(and(eq(schema.declarations.campaignId, campaignId), eq(schema.declarations.employerId, employer.id))),
  );
  if (!row) throw new JianchaError('not-found', `${employer.name} 尚未申报`, `${employer.creditCode} has not declared`);
  return row;
}

/** Whether an employer's review is overdue: declared late, or not declared by a deadline now past. */
export function overdue(
  declaration: Pick<Declaration, 'late' | 'lateExcuse'> | undefined,
  dueDate: string,
  on: string,
): { overdue: boolean; overdueExcused: boolean } {
  if (!declaration) return { overdue: on > dueDate, overdueExcused: false };
  return { overdue: declaration.late, overdueExcused: declaration.late && declaration.lateExcuse !== null };
}
