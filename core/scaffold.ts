/**
 * A new province starts here: one folder with every file a region needs (manifest, a ruleset and
 * test cases for each decision, campaign schema and example, the notice template, a README), each
 * JSON file with a `$schema` an editor resolves into jiancha's core/schemas, so that `jiancha
 * validate` and `jiancha test-plugin` pass from the first minute, loaded through JIANCHA_PLUGINS.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { JianchaError } from './errors.ts';
import { shownPath } from './pluginSources.ts';
import { jianchaVersion, projectRoot } from './projectRoot.ts';
import type { Plugin } from './plugin.ts';
import type { Registry } from './registry.ts';
import { loadTestFiles } from './testCases.ts';
import { today } from './facts.ts';
import type { DecisionKind } from './types.ts';

export interface ScaffoldOptions {
  id: string;
  name: string;
  extends?: string;
  divisionCode: string;
  /** the plugin's folder, which must not exist yet */
  dir: string;
}

interface StarterCase {
  name: string;
  clause: string;
  facts: Record<string, unknown>;
  expect: Record<string, unknown>;
}

/** The first test case of each decision the parent's chain gives, checking one of its clauses in its own grades. */
function inheritedCases(parent: Plugin, root: string): Partial<Record<DecisionKind, StarterCase>> {
  const cases: Partial<Record<DecisionKind, StarterCase>> = {};
  for (const plugin of parent.chain().reverse()) {
    for (const file of loadTestFiles(plugin, root)) {
      const [first] = file.cases;
      if (first) cases[file.decision] = { name: first.name, clause: first.clause, facts: first.facts, expect: first.expect };
    }
  }
  return cases;
}

// the national texts the region's own starter rules rest on, until it cites its own notice
const JURISDICTION_BASIS = '《企业劳动保障守法诚信等级评价办法》（人社部规〔2016〕1号）：按照劳动保障监察管辖范围负责';
const REVIEW_FORM_BASIS = '《劳动保障监察条例》第十四条：审查用人单位按照要求报送的书面材料';
const CHOICE = { regionChoice: true, note: '由 jiancha new-plugin 生成：请改为本地区通知的条款' };

/** The region's own rules: who is its bureau's, and the review form every employer hands in. */
function ownRulesets(opts: ScaffoldOptions, bureau: string): Partial<Record<DecisionKind, unknown[]>> {
  return {
    jurisdiction: [
      {
        name: 'not-operating',
        priority: 100,
        conditions: { all: [{ fact: 'operating', operator: 'equal', value: false }] },
        event: { type: 'outOfScope', params: { reason: '非正常生产经营的用人单位不在审查范围内', basis: JURISDICTION_BASIS, ...CHOICE } },
      },
      {
        name: 'registered-here',
        priority: 50,
        conditions: { all: [{ fact: 'divisionCode', operator: 'equal', value: opts.divisionCode }] },
        event: {
          type: 'assign',
          params: { bureau, reason: `注册地在${opts.name}的用人单位由${opts.name}人力资源和社会保障局管辖`, basis: JURISDICTION_BASIS, ...CHOICE },
        },
      },
      {
        name: 'registered-elsewhere',
        priority: 10,
        conditions: { all: [{ fact: 'divisionCode', operator: 'notEqual', value: opts.divisionCode }] },
        event: { type: 'outOfScope', params: { reason: `注册地不在${opts.name}`, basis: JURISDICTION_BASIS, ...CHOICE } },
      },
    ],
    documents: [
      {
        name: 'review-form',
        priority: 99,
        conditions: { all: [] },
        event: {
          type: 'document',
          params: {
            id: 'review-form',
            name: '劳动保障监察书面审查表',
            phase: 'upload',
            copies: 1,
            sealed: true,
            order: 1,
            basis: REVIEW_FORM_BASIS,
            ...CHOICE,
          },
        },
      },
    ],
  };
}

function ownCases(opts: ScaffoldOptions, bureau: string, bureauName: string): Partial<Record<DecisionKind, StarterCase[]>> {
  return {
    jurisdiction: [
      {
        name: `注册地在${opts.name}由本局管辖`,
        clause: JURISDICTION_BASIS,
        facts: { divisionCode: opts.divisionCode, operating: true },
        expect: { inScope: true, bureau, bureauName },
      },
      {
        name: '非正常生产经营不在审查范围',
        clause: JURISDICTION_BASIS,
        facts: { divisionCode: opts.divisionCode, operating: false },
        expect: { inScope: false },
      },
    ],
    documents: [
      {
        name: '每家用人单位上传书面审查表',
        clause: REVIEW_FORM_BASIS,
        facts: { unitType: 'enterprise', headcount: 20 },
        expect: { documents: [{ id: 'review-form', phase: 'upload' }] },
      },
    ],
  };
}

const CAMPAIGN_SCHEMA = (opts: ScaffoldOptions) => ({
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  title: `${opts.name} 书面审查与守法诚信等级评价 campaign settings`,
  type: 'object',
  required: ['year', 'noticeDate', 'start', 'end', 'ratios'],
  additionalProperties: false,
  properties: {
    year: { title: '被审查年度', type: 'integer', minimum: 2000, maximum: 2100 },
    noticeDate: { title: '通知成文日期', type: 'string', format: 'date' },
    title: { title: '通知标题', type: 'string' },
    documentNumber: { title: '发文字号', type: ['string', 'null'] },
    addressee: { title: '主送机关', type: 'string' },
    start: { title: '审查、评价开始日期', type: 'string', format: 'date' },
    // the console's form and the server check the order of the dates (core/services/settingsDates.ts)
    end: { title: '审查、评价结束日期', type: 'string', format: 'date', 'x-after': ['start', 'noticeDate'] },
    publicityWorkingDays: { title: '公示工作日数', type: 'integer', minimum: 5 },
    ratios: {
      title: '抽取比例',
      type: 'object',
      description: '本次抽取比例（须在规则集 sampling 的上下限内）',
      additionalProperties: { type: 'number', minimum: 0, maximum: 1 },
    },
  },
});

const campaignExample = (year: number) => ({
  year,
  noticeDate: `${year + 1}-03-01`,
  title: `关于开展${year}年度劳动保障监察书面审查和企业劳动保障守法诚信等级评价工作的通知`,
  documentNumber: null,
  addressee: '各用人单位',
  start: `${year + 1}-03-01`,
  end: `${year + 1}-04-30`,
  publicityWorkingDays: 5,
  ratios: { A: 0, B: 0.1, C: 1, ungraded: 0.1 },
});

/** The notice: every value it prints comes from the settings, the rules (noticeContext) and the issuer. */
/** The starter notice is the one a region without its own prints (templates/common/notice.hbs), for the region to reword. */
const NOTICE = readFileSync(join(projectRoot, 'templates/common/notice.hbs'), 'utf8');

const README = (opts: ScaffoldOptions, parent: string) => `# ${opts.name}（${opts.id}）

jiancha 的地区插件，继承 \`${parent}\`。A jiancha region plugin extending \`${parent}\`, kept outside jiancha.

| file | what it holds |
| --- | --- |
| \`plugin.json\` | id, name, the jiancha versions it needs (\`jiancha\`), what it extends, its decisions, its bureaus |
| \`rulesets/<decision>.json\` | its rules per decision; a rule named as one of \`${parent}\`'s replaces it, \`{ "name": …, "omit": true }\` drops it |
| \`rulesets/tests/<decision>.json\` | test cases: facts in, expected result out, each with the clause it checks |
| \`campaign.schema.json\`, \`campaign.example.json\` | the settings of a campaign, and an example |
| \`templates/notice.hbs\` | the campaign notice (strict Handlebars: every value escaped, a missing one an error) |

Starter rules cite national texts and are marked \`regionChoice\`: replace them with the clauses of the region's notice.

\`\`\`sh
export JIANCHA_PLUGINS=$PWD/${opts.id}       # or --plugins ${opts.id} on any command
npx jiancha validate ${opts.id}              # every file checked, each error with file and JSON pointer
npx jiancha test-plugin ${opts.id}           # the test cases
npx jiancha docs ${opts.id}                  # the facts each decision reads, what each template may use
npx jiancha render notice --plugin ${opts.id} --settings ${opts.id}/campaign.example.json --out notice.html
\`\`\`
`;

export function scaffoldPlugin(registry: Registry, opts: ScaffoldOptions): string[] {
  if (!/^[a-z][a-z0-9-]*$/.test(opts.id)) {
    throw new JianchaError(
      'invalid-input',
      `插件标识 "${opts.id}" 只能用小写字母、数字和连字符`,
      `plugin id "${opts.id}" may only use lowercase letters, digits and hyphens`,
    );
  }
  if (registry.has(opts.id) || existsSync(opts.dir)) throw new JianchaError('conflict', `插件 ${opts.id} 已存在`, `plugin ${opts.id} already exists`);
  if (!/^[1-8][0-9]{5}$/.test(opts.divisionCode)) {
    throw new JianchaError(
      'invalid-input',
      `行政区划代码 "${opts.divisionCode}" 应为六位数字（GB/T 2260）`,
      `division code "${opts.divisionCode}" must be six digits (GB/T 2260)`,
    );
  }
  const parent = registry.get(opts.extends ?? 'national');
  const year = Number(today().slice(0, 4));
  const bureau = opts.id;
  const bureauName = `${opts.name}人力资源和社会保障局`;
  const own = ownRulesets(opts, bureau);
  const inherited = inheritedCases(parent, registry.root);
  const decisions = [...new Set([...(Object.keys(own) as DecisionKind[]), ...parent.manifest.decisions])];
  const written: string[] = [];
  const write = (path: string, value: unknown, schema?: string) => {
    const file = join(opts.dir, path);
    mkdirSync(dirname(file), { recursive: true });
    // a path an editor resolves into jiancha's own schemas, wherever the folder sits
    const content = schema ? { $schema: relative(dirname(file), join(projectRoot, 'core/schemas', schema)), ...(value as object) } : value;
    writeFileSync(file, typeof content === 'string' ? content : `${JSON.stringify(content, null, 2)}\n`);
    written.push(shownPath(process.cwd(), file));
  };
  const [major, minor] = jianchaVersion.split('.');
  write(
    'plugin.json',
    {
      id: opts.id,
      name: opts.name,
      version: '0.1.0',
      jiancha: `>=${major}.${minor}`,
      extends: parent.id,
      divisionCodes: [opts.divisionCode],
      decisions,
      bureaus: [{ id: bureau, name: bureauName, divisions: [opts.divisionCode] }],
      campaignSchema: 'campaign.schema.json',
      exampleCampaign: 'campaign.example.json',
    },
    'plugin.schema.json',
  );
  for (const decision of decisions) {
    const rules = own[decision] ?? [];
    write(
      `rulesets/${decision}.json`,
      {
        plugin: opts.id,
        decision,
        version: `${year}.1`,
        title: `${opts.name}：${decision}`,
        validFrom: `${year}-01-01`,
        validTo: null,
        rules,
      },
      'ruleset.schema.json',
    );
    const cases = ownCases(opts, bureau, bureauName)[decision] ?? (inherited[decision] ? [inherited[decision]] : []);
    if (cases.length) write(`rulesets/tests/${decision}.json`, { decision, cases }, 'testcases.schema.json');
  }
  write('campaign.schema.json', CAMPAIGN_SCHEMA(opts));
  write('campaign.example.json', campaignExample(year - 1));
  write('templates/notice.hbs', NOTICE);
  write('README.md', README(opts, parent.id));
  return written;
}
