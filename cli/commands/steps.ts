/** The batch steps of a campaign: assign, draw, verify-draw, grade, grades. */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { JianchaError } from '../../core/errors.ts';
import { draw, drawSummary, sinceSummary, verifyDraw, type ManualAddition } from '../../core/services/draw.ts';
import { exportGrades, listGrades } from '../../core/services/grades.ts';
import { runGrading } from '../../core/services/gradingRun.ts';
import { assignJurisdiction } from '../../core/services/jurisdictionRun.ts';
import { EXIT, type CliIO, type CommandRun } from '../io.ts';
import { campaignId, COMMON_OPTIONS, lifecycleContext, printJson, readJsonInput } from './shared.ts';

export const progress = (io: CliIO) => (done: number) => io.stderr(`进度 (progress): ${done}\n`);

const campaignOptions = { ...COMMON_OPTIONS, campaign: { type: 'string' } } as const;

export const assign: CommandRun = {
  async run(args, io) {
    const { values } = parseArgs({ args, options: campaignOptions });
    const { db, decider, actor } = await lifecycleContext(values);
    printJson(io, await assignJurisdiction(db, decider, actor, campaignId(values.campaign), progress(io)));
    return EXIT.ok;
  },
};

export const drawCommand: CommandRun = {
  async run(args, io) {
    const { values } = parseArgs({ args, options: { ...campaignOptions, seed: { type: 'string' }, manual: { type: 'string' } } });
    if (!values.seed) throw new JianchaError('invalid-input', '须用 --seed 指定公布的随机种子', '--seed SEED is required');
    const manual = values.manual ? ((await readJsonInput(values.manual, io)) as ManualAddition[]) : [];
    const { db, decider, actor } = await lifecycleContext(values);
    const plan = await draw(db, decider, actor, campaignId(values.campaign), values.seed, manual);
    printJson(io, drawSummary(plan));
    return EXIT.ok;
  },
};

export const verifyDrawCommand: CommandRun = {
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

export const grade: CommandRun = {
  async run(args, io) {
    const { values } = parseArgs({ args, options: campaignOptions });
    const { db, decider, actor } = await lifecycleContext(values);
    printJson(io, await runGrading(db, decider, actor, campaignId(values.campaign), progress(io)));
    return EXIT.ok;
  },
};

export const gradesCommand: CommandRun = {
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
