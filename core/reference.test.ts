import { describe, expect, it } from 'vitest';
import { jianchaInProcess as jiancha } from '../test/fixtures/cli.ts';
import { join } from 'node:path';
import { type FactSchema, knownFacts, sourceOf } from './knownFacts.ts';
import { pluginReference } from './reference.ts';
import { loadPlugins, loadRegistry } from './registry.ts';
import { loadSchema, schemaValidator } from './schema.ts';

const registry = await loadRegistry();

describe('jiancha docs: a plugin reference generated from what jiancha loads', () => {
  it('lists the facts each decision reads, with type, meaning and the default its ruleset gives', () => {
    const ref = pluginReference(registry.get('chongqing-jiangjin'), '2024-08-02');
    const jurisdiction = ref.decisions.find((d) => d.decision === 'jurisdiction')!;
    expect(jurisdiction.steps).toMatch(/assign/);
    // 江津 jurisdiction.json: "factDefaults": { "operating": true, "workDivisionCodes": [] }
    expect(jurisdiction.facts).toContainEqual({ name: 'operating', type: 'boolean', description: '正常生产经营', source: 'registry', default: true });
    expect(jurisdiction.facts).toContainEqual({
      name: 'workDivisionCodes',
      type: 'string[]',
      description: '用工所在地行政区划代码',
      source: 'registry',
      default: [],
    });
    const grading = ref.decisions.find((d) => d.decision === 'grading')!;
    expect(grading.facts.map((f) => f.name)).toContain('punishedCount');
    expect(grading.facts.find((f) => f.name === 'punishedCount')).toMatchObject({ type: 'integer' });
  });

  it('lists each template the plugin renders with, where it comes from, the values it uses and those it may use', () => {
    const ref = pluginReference(registry.get('xinjiang-changji'), '2025-03-03');
    const notice = ref.templates.find((t) => t.name === 'notice')!;
    expect(notice.from).toBe('templates/xinjiang-changji/notice.hbs');
    // templates/xinjiang-changji/notice.hbs prints 年审平台 from the settings and the jurisdiction paragraphs from the rules
    expect(notice.uses).toEqual(expect.arrayContaining(['settings.platformName', 'jurisdictionParagraphs']));
    expect(notice.uses).not.toContain('chineseDate');
    // and it may use every setting of the plugin's campaign schema
    expect(notice.mayUse).toEqual(expect.arrayContaining(['jurisdictionParagraphs', 'issuer', 'settings.platformUrl', 'settings.publicityWorkingDays']));
    const advice = ref.templates.find((t) => t.name === 'rectificationAdvice')!;
    expect(advice.from).toBe('templates/common/rectificationAdvice.hbs');
    expect(advice.mayUse).toEqual(expect.arrayContaining(['findings', 'dueDate', 'date']));
  });

  it('says for every fact of the vocabulary where a campaign takes it from, a derived fact derived', async () => {
    // the shared vocabulary meets the schema a plugin's own vocabulary file is checked by
    const validate = schemaValidator('vocabulary.schema.json');
    expect(validate(loadSchema('facts.schema.json')) || validate.errors).toBe(true);
    const shared = Object.entries(loadSchema('facts.schema.json').properties as Record<string, FactSchema>);
    expect(shared.filter(([, schema]) => sourceOf(schema) === undefined).map(([name]) => name)).toEqual([]);
    const unsourced = registry
      .list()
      .flatMap((plugin) => [...knownFacts(plugin)].filter(([, schema]) => !sourceOf(schema)).map(([name]) => `${plugin.id}: ${name}`));
    expect(unsourced).toEqual([]);
    // FACTS.md: punishedCount is the year's record, violations the review's, headcount the registry's
    const facts = new Map(shared);
    expect([sourceOf(facts.get('punishedCount')), sourceOf(facts.get('violations')), sourceOf(facts.get('headcount'))]).toEqual([
      'yearRecord',
      'review',
      'registry',
    ]);
    const { registry: outside } = await loadPlugins(join(import.meta.dirname, '../test/fixtures/weighted-score'));
    const grading = pluginReference(outside.get('weighted-score'), '2025-03-01').decisions.find((d) => d.decision === 'grading')!;
    // "ws.capped": 违法违规两次以上的，得分以70分封顶 — computed, not imported
    expect(grading.facts.find((f) => f.name === 'ws.capped')).toMatchObject({ source: 'derived' });
  });

  it('prints Markdown, or JSON with --json; an unknown plugin exits 2', async () => {
    const md = await jiancha(['docs', 'national', '--at', '2024-08-02']);
    expect(md.code).toBe(0);
    expect(md.stdout).toMatch(/^# .*（national）/);
    expect(md.stdout).toMatch(/^## grading$/m);
    expect(md.stdout).toMatch(/^\| `punishedCount` \| integer \| .* \| yearRecord \|/m);
    const json = JSON.parse((await jiancha(['docs', 'national', '--json', '--at', '2024-08-02'])).stdout);
    expect(json).toMatchObject({ plugin: 'national', at: '2024-08-02' });
    expect((await jiancha(['docs', 'beijing'])).code).toBe(2);
  });
});
