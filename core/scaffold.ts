/**
 * A new province starts here: a plugin folder that extends national, with one test case per
 * decision it inherits, so `jiancha validate` and `jiancha test-plugin` pass from the first minute.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { JianchaError } from './errors.ts';
import type { Registry } from './registry.ts';

export interface ScaffoldOptions {
  id: string;
  name: string;
  extends?: string;
  divisionCode?: string;
}

/** The first test case of each inherited decision, checking one clause of the national rules. */
const STARTER_CASES: Record<string, { name: string; clause: string; facts: Record<string, unknown>; expect: Record<string, unknown> }> = {
  grading: {
    name: '未被查处评为A级',
    clause: '《企业劳动保障守法诚信等级评价办法》第七条：企业遵守劳动保障法律、法规和规章，未因劳动保障违法行为被查处的评为A级',
    facts: { unitType: 'enterprise', punishedCount: 0 },
    expect: { grade: 'A', graded: true },
  },
  review: {
    name: '未发现违法行为为合格',
    clause: '《劳动保障监察条例》第十四条第一款',
    facts: { violations: [] },
    expect: { outcome: 'pass', disposition: 'none' },
  },
  cadence: {
    name: 'C级约谈',
    clause: '《企业劳动保障守法诚信等级评价办法》分类监管：C级企业约谈企业负责人',
    facts: { grade: 'C' },
    expect: { interview: true },
  },
  sampling: {
    name: '上一周期A级归入A层',
    clause: '国办发〔2015〕58号：合理确定随机抽查的比例和频次',
    facts: { lastGrade: 'A', headcount: 5 },
    expect: { stratum: 'A' },
  },
};

export function scaffoldPlugin(registry: Registry, opts: ScaffoldOptions): string[] {
  if (!/^[a-z][a-z0-9-]*$/.test(opts.id)) {
    throw new JianchaError(
      'invalid-input',
      `插件标识 "${opts.id}" 只能用小写字母、数字和连字符`,
      `plugin id "${opts.id}" may only use lowercase letters, digits and hyphens`,
    );
  }
  const root = registry.root;
  const pluginDir = join(root, 'plugins', opts.id);
  if (existsSync(pluginDir)) throw new JianchaError('conflict', `插件 ${opts.id} 已存在`, `plugin ${opts.id} already exists`);
  const parent = registry.get(opts.extends ?? 'national');
  const decisions = parent.manifest.decisions;
  const manifest = {
    $schema: '../../core/schemas/plugin.schema.json',
    id: opts.id,
    name: opts.name,
    version: '0.1.0',
    extends: parent.id,
    divisionCodes: opts.divisionCode ? [opts.divisionCode] : [],
    decisions,
    bureaus: [],
  };
  const written: string[] = [];
  const write = (path: string, value: unknown) => {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), `${JSON.stringify(value, null, 2)}\n`);
    written.push(path);
  };
  write(`plugins/${opts.id}/plugin.json`, manifest);
  for (const decision of decisions) {
    const starter = STARTER_CASES[decision];
    if (!starter) continue;
    write(`rulesets/${opts.id}/tests/${decision}.json`, { $schema: '../../../core/schemas/testcases.schema.json', decision, cases: [starter] });
  }
  return written;
}
