/**
 * The steps of a campaign between the draw and next year's plan: accounts, reviewers, declarations,
 * reviews and rectification, grade changes, screening, publicity, objections, publication, and the
 * supervision plan. Each calls one core service, as the HTTP API does.
 */
import { existsSync, linkSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Role } from '../../core/services/actor.ts';
import { declare, type DeclarationInput } from '../../core/services/declarations.ts';
import { decideGradeChange, listGradeChanges, proposeGradeChange } from '../../core/services/gradeChanges.ts';
import { fileObjection, listObjections, publish, resolveObjection, startPublicity } from '../../core/services/publicity.ts';
import {
  approveReview,
  assignReviewers,
  listRectifications,
  recordReview,
  returnReview,
  updateRectification,
  type ReviewInput,
} from '../../core/services/reviews.ts';
import { screenGrades } from '../../core/services/screening.ts';
import { exportPlans, listPlans, planSupervision } from '../../core/services/supervision.ts';
import { changePassword, createUser, resetPassword, setAccountDisabled } from '../../core/services/users.ts';
import { getCampaign } from '../../core/services/campaign.ts';
import { overridable, saveTemplateOverride } from '../../core/services/templates.ts';
import { JianchaError } from '../../core/errors.ts';
import { campaignAccounts, createAllEmployerAccounts } from '../../core/services/employerAccounts.ts';
import { employerLettersFile } from '../../server/console/employerLetters.tsx';
import { EXIT, type CliIO, type CommandRun, type CommandSpec } from '../io.ts';
import { campaignId, COMMON_OPTIONS, lifecycleContext, printJson, readFileInput, readJsonInput } from './shared.ts';

const usage = (c: CommandSpec) => new JianchaError('invalid-input', `用法：jiancha ${c.usage}`, `usage: jiancha ${c.usage}`);
const parse = <O extends Record<string, { type: 'string' | 'boolean' }>>(args: string[], options: O) =>
  parseArgs({ args, allowPositionals: true, options: { ...COMMON_OPTIONS, campaign: { type: 'string' }, ...options } });
const needed = (value: string | undefined, c: CommandSpec): string => {
  if (!value) throw usage(c);
  return value;
};

export const user: CommandRun = {
  async run(args, io) {
    const { values, positionals } = parse(args, {
      role: { type: 'string' },
      bureau: { type: 'string' },
      'credit-code': { type: 'string' },
      region: { type: 'string' },
      name: { type: 'string' },
      origin: { type: 'string' },
      out: { type: 'string' },
    });
    const [action, username] = positionals;
    if (action === 'employers') return employerAccounts(values, io, this);
    if (action === 'passwd') {
      // read from stdin, not the command line, where every user of the machine could see them
      const [current, next] = (await io.readStdin()).split(/\r?\n/);
      if (!current || !next) throw usage(this);
      const { db, actor } = await lifecycleContext(values);
      await changePassword(db, actor, current, next);
      io.stdout(`已修改 ${actor.username} 的密码，其所有会话已结束 (password changed; every session ended)\n`);
      return EXIT.ok;
    }
    if (!username) throw usage(this);
    const { db, actor } = await lifecycleContext(values);
    if (action === 'add' && values.role) {
      const created = await createUser(db, actor, {
        username,
        role: values.role as Role,
        bureauId: values.bureau,
        creditCode: values['credit-code'],
        region: values.region,
        displayName: values.name,
      });
      io.stdout(`已创建账号 ${created.username}，一次性密码 (one-time password): ${created.password}\n`);
    } else if (action === 'reset') {
      const reset = await resetPassword(db, actor, username);
      io.stdout(`已重置 ${reset.username} 的密码，一次性密码 (one-time password): ${reset.password}\n`);
    } else if (action === 'disable' || action === 'enable') {
      await setAccountDisabled(db, actor, username, action === 'disable');
      io.stdout(`${action === 'disable' ? '已停用' : '已启用'}账号 ${username} (${action}d)\n`);
    } else throw usage(this);
    return EXIT.ok;
  },
};

/**
 * Accounts for every drawn employer in the actor's charge that has none, and their letters (the
 * console's printable page) written to a new file, all or nothing: the one-time passwords are in it
 * only, so an existing file is never overwritten, and no account is stored without its letter.
 */
async function employerAccounts(
  values: { db?: string; as?: string; campaign?: string; origin?: string; out?: string },
  io: CliIO,
  spec: CommandSpec,
): Promise<number> {
  const [origin, out] = [needed(values.origin, spec), needed(values.out, spec)];
  if (!/^https?:\/\/[^\s/]+/.test(origin))
    throw new JianchaError(
      'invalid-input',
      `--origin 须为用人单位登录的网址，如 https://jiancha.example.gov.cn，而不是“${origin}”`,
      '--origin must be an http(s) URL',
    );
  if (existsSync(out)) throw new JianchaError('conflict', `文件 ${out} 已存在：为免覆盖已打印的一次性密码，请指定新文件`, `${out} exists`);
  const { db, registry, actor } = await lifecycleContext(values);
  const id = campaignId(values.campaign);
  const campaign = getCampaign(db, actor, id);
  // all or nothing: the letters go to a file beside `out` and are linked to `out` (which fails if
  // it exists meanwhile) inside the accounts' transaction, so accounts are stored only with their letters
  const temp = join(dirname(out), `.${basename(out)}.${process.pid}.tmp`);
  const letters = await createAllEmployerAccounts(db, actor, id, (made) => {
    try {
      writeFileSync(temp, employerLettersFile({ db, registry, campaign, letters: made, origin }), { flag: 'wx', mode: 0o600 });
      linkSync(temp, out);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      throw new JianchaError(
        code === 'EEXIST' ? 'conflict' : 'invalid-input',
        code === 'EEXIST'
          ? `文件 ${out} 已存在：为免覆盖已打印的一次性密码，请指定新文件；未开设任何账号`
          : `无法写入账号通知书 ${out}（${code ?? (err as Error).message}）：未开设任何账号`,
        `cannot write ${out}: no account was made`,
      );
    } finally {
      rmSync(temp, { force: true });
    }
  });
  const { drawn, withAccount } = await campaignAccounts(db, actor, id, '', 0);
  io.stdout(
    letters.length
      ? `已为 ${letters.length} 家用人单位开设账号，账号通知书已写入 ${out}（一次性密码只在该文件中，请打印后删除）；本辖区审查名单 ${drawn} 家，已有账号 ${withAccount} 家\n`
      : `本辖区审查名单 ${drawn} 家均已有账号，未开设新账号，未写入文件\n`,
  );
  return EXIT.ok;
}

export const assignReviewersCommand: CommandRun = {
  async run(args, io) {
    const { values } = parse(args, { reviewers: { type: 'string' }, bureau: { type: 'string' } });
    const { db, actor } = await lifecycleContext(values);
    const reviewers = needed(values.reviewers, this)
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    printJson(io, await assignReviewers(db, actor, campaignId(values.campaign), reviewers, values.bureau ?? actor.bureauId));
    return EXIT.ok;
  },
};

export const declareCommand: CommandRun = {
  async run(args, io) {
    const { values } = parse(args, { employer: { type: 'string' }, file: { type: 'string' } });
    const input = (await readJsonInput(needed(values.file, this), io)) as DeclarationInput;
    const { db, decider, actor } = await lifecycleContext(values);
    const d = await declare(db, decider, actor, campaignId(values.campaign), needed(values.employer, this), input);
    printJson(io, { dueDate: d.dueDate, submittedOn: d.submittedOn, late: d.late, staffSample: d.staffSample, checklist: d.checklist });
    if (d.late) io.stderr(`逾期申报：期限 ${d.dueDate}，申报于 ${d.submittedOn} (late)\n`);
    return EXIT.ok;
  },
};

export const reviewCommand: CommandRun = {
  async run(args, io) {
    const { values, positionals } = parse(args, { employer: { type: 'string' }, findings: { type: 'string' }, comment: { type: 'string' } });
    const { db, decider, actor } = await lifecycleContext(values);
    const id = campaignId(values.campaign);
    const employer = needed(values.employer, this);
    if (positionals[0] === 'record') {
      const input = (await readJsonInput(needed(values.findings, this), io)) as ReviewInput;
      const r = await recordReview(db, decider, actor, id, employer, input);
      printJson(io, { outcome: r.outcome, label: r.result.label, disposition: r.disposition, findings: r.result.findings, reasons: r.reasons });
    } else if (positionals[0] === 'approve') {
      const { review, rectifications, comment } = await approveReview(db, actor, id, employer, values.comment);
      printJson(io, { status: review.status, comment, rectifications: rectifications.map(({ id, item, dueDate }) => ({ id, item, dueDate })) });
    } else if (positionals[0] === 'return') {
      const { review, comment } = await returnReview(db, actor, id, employer, values.comment ?? '');
      printJson(io, { status: review.status, comment });
    } else throw usage(this);
    return EXIT.ok;
  },
};

export const rectificationCommand: CommandRun = {
  async run(args, io) {
    const { values, positionals } = parse(args, { id: { type: 'string' }, evidence: { type: 'string' }, on: { type: 'string' } });
    const { db, actor } = await lifecycleContext(values);
    const id = campaignId(values.campaign);
    const to = { submit: 'submitted', verify: 'verified', reopen: 'open' } as const;
    if (positionals[0] === 'list') printJson(io, listRectifications(db, actor, id, values.on));
    else if (positionals[0] in to)
      printJson(io, await updateRectification(db, actor, id, Number(needed(values.id, this)), to[positionals[0] as keyof typeof to], values.evidence));
    else throw usage(this);
    return EXIT.ok;
  },
};

export const gradeChangeCommand: CommandRun = {
  async run(args, io) {
    const { values, positionals } = parse(args, { employer: { type: 'string' }, to: { type: 'string' }, reason: { type: 'string' }, id: { type: 'string' } });
    const { db, registry, actor } = await lifecycleContext(values);
    const id = campaignId(values.campaign);
    if (positionals[0] === 'request')
      printJson(io, await proposeGradeChange(db, registry, actor, id, needed(values.employer, this), needed(values.to, this), values.reason ?? ''));
    else if (positionals[0] === 'approve' || positionals[0] === 'reject')
      printJson(io, await decideGradeChange(db, registry, actor, id, Number(needed(values.id, this)), positionals[0] === 'approve'));
    else if (positionals[0] === 'list') printJson(io, await listGradeChanges(db, actor, id));
    else throw usage(this);
    return EXIT.ok;
  },
};

export const screen: CommandRun = {
  async run(args, io) {
    const { values } = parse(args, {});
    const { db, registry, actor } = await lifecycleContext(values);
    const result = await screenGrades(db, registry, actor, campaignId(values.campaign));
    printJson(io, result);
    return result.findings.length ? EXIT.failed : EXIT.ok;
  },
};

export const publicityCommand: CommandRun = {
  async run(args, io) {
    const { values, positionals } = parse(args, { from: { type: 'string' }, to: { type: 'string' } });
    if (positionals[0] !== 'start') throw usage(this);
    const { db, actor } = await lifecycleContext(values);
    printJson(io, await startPublicity(db, actor, campaignId(values.campaign), values.from, values.to));
    return EXIT.ok;
  },
};

export const objectionCommand: CommandRun = {
  async run(args, io) {
    const { values, positionals } = parse(args, {
      employer: { type: 'string' },
      text: { type: 'string' },
      'received-on': { type: 'string' },
      reason: { type: 'string' },
      id: { type: 'string' },
      uphold: { type: 'boolean' },
      dismiss: { type: 'boolean' },
      to: { type: 'string' },
    });
    const { db, registry, actor } = await lifecycleContext(values);
    const id = campaignId(values.campaign);
    if (positionals[0] === 'file')
      printJson(
        io,
        await fileObjection(
          db,
          actor,
          id,
          needed(values.employer, this),
          values.text ?? '',
          values['received-on'] ? { receivedOn: values['received-on'], reason: values.reason ?? '' } : undefined,
        ),
      );
    else if (positionals[0] === 'resolve' && values.uphold !== values.dismiss) {
      printJson(
        io,
        await resolveObjection(db, registry, actor, id, Number(needed(values.id, this)), {
          upheld: values.uphold === true,
          text: values.text ?? '',
          toGrade: values.to,
        }),
      );
    } else if (positionals[0] === 'list') printJson(io, await listObjections(db, actor, id));
    else throw usage(this);
    return EXIT.ok;
  },
};

export const publishCommand: CommandRun = {
  async run(args, io) {
    const { values } = parse(args, {});
    const { db, actor } = await lifecycleContext(values);
    printJson(io, await publish(db, actor, campaignId(values.campaign)));
    return EXIT.ok;
  },
};

export const supervisionCommand: CommandRun = {
  async run(args, io) {
    const { values, positionals } = parse(args, { format: { type: 'string' }, out: { type: 'string' } });
    const { db, decider, actor } = await lifecycleContext(values);
    const id = campaignId(values.campaign);
    if (positionals[0] === 'plan') printJson(io, await planSupervision(db, decider, actor, id));
    else if (positionals[0] === 'export') {
      const format = values.format ?? 'csv';
      if (format === 'xlsx' && !values.out) throw new JianchaError('invalid-input', 'xlsx 须用 --out 指定文件', 'xlsx needs --out FILE');
      const data = await exportPlans(listPlans(db, actor, id), format);
      if (values.out) writeFileSync(values.out, data);
      else io.stdout(data.toString('utf8'));
    } else throw usage(this);
    return EXIT.ok;
  },
};

export const templateCommand: CommandRun = {
  async run(args, io) {
    const { values, positionals } = parse(args, { file: { type: 'string' } });
    const [action, name] = positionals;
    const { db, decider, actor } = await lifecycleContext(values);
    const id = campaignId(values.campaign);
    if (action === 'list') {
      const campaign = getCampaign(db, actor, id);
      printJson(io, { overridable: overridable(decider.registry.get(campaign.plugin)), overridden: Object.keys(campaign.templateOverrides) });
    } else if ((action === 'set' || action === 'remove') && name) {
      const source = action === 'set' ? readFileInput(needed(values.file, this)).toString('utf8') : null;
      const overrides = await saveTemplateOverride(db, decider, actor, id, name, source);
      io.stdout(`${action === 'set' ? '已保存' : '已移除'}模板 ${name}；本活动覆盖的模板：${overrides.join('、') || '无'}\n`);
    } else throw usage(this);
    return EXIT.ok;
  },
};
