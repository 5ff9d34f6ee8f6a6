/** The batch steps of a campaign: assign, draw, verify-draw, grade, grades. */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { JianchaError } from '../../core/errors.ts';
import { draw, sinceSummary, verifyDraw, type ManualAddition } from '../../core/services/draw.ts';
import { exportGrades, listGrades } from '../../core/services/grades.ts';
import { runGrading } from '../../core/services/gradingRun.ts';
import { assignJurisdiction } from '../../core/services/jurisdictionRun.ts';
import { EXIT, type CliIO, type Command } from '../io.ts';
import { campaignId, COMMON_OPTIONS, lifecycleContext, printJson, readJsonInput } from './shared.ts';

export const progress = (io: CliIO) => (done: number) => io.stderr(`进度 (progress): ${done}\n`);

const campaignOptions = { ...COMMON_OPTIONS, campaign: { type: 'string' } } as const;

export const assign: Command = {
  name: 'assign',
  usage: 'assign --campaign ID',
  summary: '按管辖规则把登记册中的用人单位划给各人社局 (assign jurisdiction)',
  async run(args, io) {
    const { values } = parseArgs({ args, options: campaignOptions });
    const { db, decider, actor } = await lifecycleContext(values);
    printJson(io, await assignJurisdiction(db, decider, actor, campaignId(values.campaign), progress(io)));
    return EXIT.ok;
  },
};

export const drawCommand: Command = {
  name: 'draw',
  usage: 'draw --campaign ID --seed SEED [--manual FILE]',
  summary: '以公布的种子抽取审查名单（双随机）(draw the review plan)',
  async run(args, io) {
    const { values } = parseArgs({ args, options: { ...campaignOptions, seed: { type: 'string' }, manual: { type: 'string' } } });
    if (!values.seed) throw new JianchaError('invalid-input', '须用 --seed 指定公布的随机种子', '--seed SEED is required');
    const manual = values.manual ? ((await readJsonInput(values.manual, io)) as ManualAddition[]) : [];
    const { db, decider, actor } = await lifecycleContext(values);
    const plan = await draw(db, decider, actor, campaignId(values.campaign), values.seed, manual);
    printJson(io, { seed: plan.seed, algorithm: plan.algorithm, populationHash: plan.populationHash, resultHash: plan.resultHash, strata: plan.strata, drawn: plan.drawn });
    return EXIT.ok;
  },
};

export const verifyDrawCommand: Command = {
  name: 'verify-draw',
  usage: 'verify-draw --campaign ID',
  summary: '依抽取时保存的依据重做抽取并核对结果，并列出此后的变化 (redo the draw from its inputs; what changed since)',
  async run(args, io) {
    const { values } = parseArgs({ args, options: campaignOptions });
    const { db, decider, actor } = await lifecycleContext(values);
    const v = await verifyDraw(db, decider, actor, campaignId(values.campaign));
    printJson(io, v);
    io.stderr(v.matches ? '抽取结果一致 (the draw matches)\n' : '抽取结果不一致 (the draw does NOT match)\n');
    io.stderr(`${sinceSummary(v.since)}\n`);
    return v.matches ? EXIT.ok : EXIT.failed;
  },
};

export const grade: Command = {
  name: 'grade',
  usage: 'grade --campaign ID',
  summary: '评价守法诚信等级（初评），保存等级与理由 (run the grading)',
  async run(args, io) {
    const { values } = parseArgs({ args, options: campaignOptions });
    const { db, decider, actor } = await lifecycleContext(values);
    printJson(io, await runGrading(db, decider, actor, campaignId(values.campaign), progress(io)));
    return EXIT.ok;
  },
};

export const gradesCommand: Command = {
  name: 'grades',
  usage: 'grades --campaign ID [--format csv|json|xlsx] [--out FILE]',
  summary: '导出等级及其理由与依据 (export grades with reasons)',
  async run(args, io) {
    const { values } = parseArgs({ args, options: { ...campaignOptions, format: { type: 'string' }, out: { type: 'string' } } });
    const format = values.format ?? 'csv';
    if (format === 'xlsx' && !values.out) throw new JianchaError('invalid-input', 'xlsx 须用 --out 指定文件', 'xlsx needs --out FILE');
    const { db, actor } = await lifecycleContext(values);
    const data = await exportGrades(listGrades(db, actor, campaignId(values.campaign)), format);
    if (values.out) writeFileSync(values.out, data);
    else io.stdout(data.toString('utf8'));
    return EXIT.ok;
  },
};
