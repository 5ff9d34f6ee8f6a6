/** Plugins, their rulesets and decisions: the same result and trace as `jiancha decide`. */
import { Hono } from 'hono';
import { JianchaError } from '../../core/errors.ts';
import { today, validateFacts } from '../../core/facts.ts';
import { parseJson } from '../../core/jsonFile.ts';
import { DECISIONS, type DecisionKind } from '../../core/types.ts';
import type { AppEnv } from '../context.ts';

export const pluginRoutes = new Hono<AppEnv>();

pluginRoutes.get('/', (c) => {
  const { registry } = c.get('deps');
  return c.json(
    registry.list().map((p) => ({
      id: p.id,
      name: p.manifest.name,
      version: p.manifest.version,
      extends: p.manifest.extends ?? null,
      decisions: p.manifest.decisions,
      bureaus: p.bureaus().map((b) => ({ id: b.id, name: b.name, parent: b.parent ?? null, telephone: b.telephone ?? null })),
    })),
  );
});

pluginRoutes.get('/:plugin/rulesets/:decision', (c) => {
  const plugin = c.get('deps').registry.get(c.req.param('plugin'));
  const decision = c.req.param('decision');
  const at = c.req.query('at') ?? today();
  if (!plugin.declares(decision)) throw new JianchaError('unknown-decision', `插件 ${plugin.id} 没有决策 "${decision}"`, `plugin ${plugin.id} has no decision "${decision}"`);
  const ruleset = plugin.effectiveRuleset(decision, at);
  if (!ruleset) throw new JianchaError('no-ruleset-in-force', `${at} 没有生效的规则集`, `no ruleset in force on ${at}`);
  return c.json({ plugin: plugin.id, decision, at, sources: ruleset.sources.map((s) => ({ file: s.file, version: s.version, hash: s.hash })), rules: ruleset.rules });
});

pluginRoutes.post('/:plugin/decisions/:decision', async (c) => {
  const { decider } = c.get('deps');
  const decision = c.req.param('decision');
  if (!(DECISIONS as readonly string[]).includes(decision)) {
    throw new JianchaError('unknown-decision', `没有决策 "${decision}"`, `unknown decision "${decision}"`);
  }
  const facts = parseJson(await c.req.text(), 'request body');
  if (c.req.query('explain') === 'false') {
    // no trace asked: the compiled batch path, the same result (core/compile's differential tests)
    const at = c.req.query('at') ?? today();
    const prepared = decider.prepare(c.req.param('plugin'), decision as DecisionKind, at);
    validateFacts(facts);
    const { result } = await decider.evaluate(prepared, facts, at);
    return c.json({ plugin: prepared.plugin.id, pluginVersion: prepared.plugin.manifest.version, decision, at, rulesetHash: prepared.hash, result });
  }
  const d = await decider.decide(c.req.param('plugin'), decision as DecisionKind, facts, { at: c.req.query('at') });
  return c.json({ plugin: d.plugin, pluginVersion: d.pluginVersion, decision: d.decision, at: d.at, rulesetHash: d.rulesetHash, result: d.result, trace: d.trace });
});
