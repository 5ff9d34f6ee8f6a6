/** Plugins, their rulesets and decisions: the same result and trace as `jiancha decide`. Open without a login. */
import { JianchaError } from '../../core/errors.ts';
import { today } from '../../core/facts.ts';
import { parseJson } from '../../core/jsonFile.ts';
import { traceJson } from '../../core/trace.ts';
import { DECISIONS, type DecisionKind } from '../../core/types.ts';
import type { Call, Endpoint } from '../endpoint.ts';

const AT = { at: { description: 'reference date (YYYY-MM-DD)', schema: { type: 'string', format: 'date' } } };
const error = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });

async function decide({ deps, c, param, query, text }: Call<unknown>, decision: DecisionKind) {
  const facts = parseJson(await text(), 'request body');
  if (query('explain') === 'false') {
    // no trace asked: the compiled closures without it, the same result (core/compile's differential tests)
    const { fired: _, ...d } = await deps.decider.decide(param('plugin'), decision, facts, { at: query('at'), trace: false });
    return d;
  }
  const d = await deps.decider.decide(param('plugin'), decision, facts, { at: query('at') });
  // what c.json would write, the trace by traceJson, which writes each rule's fixed fields once
  const head = JSON.stringify({
    plugin: d.plugin,
    pluginVersion: d.pluginVersion,
    decision: d.decision,
    at: d.at,
    rulesetHash: d.rulesetHash,
    result: d.result,
  });
  return c.body(`${head.slice(0, -1)},"trace":${traceJson(d.trace)}}`, 200, { 'content-type': 'application/json' });
}

/** One endpoint per decision, so each has its result's schema in the OpenAPI document. */
const decisionEndpoints: Endpoint[] = DECISIONS.map((d) => ({
  method: 'post',
  path: `/plugins/:plugin/decisions/${d}`,
  summary: `Decide ${d} for one set of facts, with its trace`,
  public: true,
  query: { ...AT, explain: { description: 'false: the result without its trace', schema: { type: 'boolean', default: true } } },
  doc: {
    requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/Facts' } } } },
    responses: {
      200: {
        description: 'the decision',
        content: {
          'application/json': {
            schema: {
              type: 'object',
              required: ['plugin', 'pluginVersion', 'decision', 'at', 'rulesetHash', 'result'],
              properties: {
                plugin: { type: 'string' },
                pluginVersion: { type: 'string' },
                decision: { const: d },
                at: { type: 'string' },
                rulesetHash: { type: 'string' },
                result: { $ref: `#/components/schemas/${d}Result` },
                trace: { type: 'object' },
              },
            },
          },
        },
      },
      400: error('the body is not JSON'),
      404: error('unknown plugin or decision, or no ruleset in force'),
      422: error('facts break the schema or miss a fact the rules need'),
    },
  },
  run: (call) => decide(call, d),
}));

export const pluginEndpoints: Endpoint[] = [
  {
    method: 'get',
    path: '/plugins',
    summary: 'Plugins, their decisions and bureaus',
    public: true,
    run: ({ deps }) =>
      deps.registry.list().map((p) => ({
        id: p.id,
        name: p.manifest.name,
        version: p.manifest.version,
        extends: p.manifest.extends ?? null,
        decisions: p.manifest.decisions,
        bureaus: p.bureaus().map((b) => ({ id: b.id, name: b.name, parent: b.parent ?? null, telephone: b.telephone ?? null })),
      })),
  },
  {
    method: 'get',
    path: '/plugins/:plugin/rulesets/:decision',
    summary: 'The effective rules of a decision on a date',
    public: true,
    query: AT,
    doc: { responses: { 200: { description: 'rules with their basis' }, 404: error('unknown plugin or decision') } },
    run: ({ deps, param, query }) => {
      const plugin = deps.registry.get(param('plugin'));
      const decision = param('decision');
      const at = query('at') ?? today();
      if (!plugin.declares(decision))
        throw new JianchaError('unknown-decision', `插件 ${plugin.id} 没有决策 "${decision}"`, `plugin ${plugin.id} has no decision "${decision}"`);
      const ruleset = plugin.effectiveRuleset(decision, at);
      if (!ruleset) throw new JianchaError('no-ruleset-in-force', `${at} 没有生效的规则集`, `no ruleset in force on ${at}`);
      return {
        plugin: plugin.id,
        decision,
        at,
        sources: ruleset.sources.map((s) => ({ file: s.file, version: s.version, hash: s.hash })),
        rules: ruleset.rules,
      };
    },
  },
  ...decisionEndpoints,
];
