/**
 * decide(plugin, decision, facts, { at }) → { result, trace }: the one function the CLI, the API, the
 * batch jobs and the tests share. Engines are prepared once per ruleset and reused.
 */
import type { Engine } from 'json-rules-engine';
import type { Assembler } from './decisions/context.ts';
import { assemblers, type ResultOf } from './decisions/index.ts';
import { buildEngine } from './engine.ts';
import { JianchaError } from './errors.ts';
import { checkDate, completeFacts, today, validateFacts } from './facts.ts';
import { sha256 } from './hash.ts';
import type { EffectiveRuleset, Plugin } from './plugin.ts';
import { factsOf, walkConditions, type Registry } from './registry.ts';
import { firedEvents, traceRules, type RulesetSource, type Trace } from './trace.ts';
import { DECISIONS, type DecisionKind, type Facts } from './types.ts';

export interface Decision<K extends DecisionKind = DecisionKind> {
  plugin: string;
  pluginVersion: string;
  decision: K;
  at: string;
  rulesetHash: string;
  result: ResultOf[K];
  trace: Trace;
}

/** A ruleset ready to run: its engine, the facts it reads, and where it came from. */
export interface Prepared<K extends DecisionKind = DecisionKind> {
  plugin: Plugin;
  decision: K;
  ruleset: EffectiveRuleset;
  engine: Engine;
  /** facts the conditions read, derived ones included */
  referenced: string[];
  /** facts the caller must give (or the ruleset default) */
  required: string[];
  sources: RulesetSource[];
  hash: string;
}

export class Decider {
  private readonly prepared = new Map<string, Prepared<DecisionKind>>();

  constructor(readonly registry: Registry) {}

  /** The prepared ruleset of a decision in force on `at`; cached by the files it merges. */
  prepare<K extends DecisionKind>(pluginId: string, decision: K, at: string): Prepared<K> {
    const plugin = this.registry.get(pluginId);
    if (!(DECISIONS as readonly string[]).includes(decision) || !plugin.declares(decision)) {
      const known = plugin.manifest.decisions.join(', ');
      throw new JianchaError('unknown-decision', `插件 ${pluginId} 没有决策 "${decision}"（有：${known}）`, `plugin ${pluginId} has no decision "${decision}" (it has: ${known})`);
    }
    checkDate(at);
    const ruleset = plugin.effectiveRuleset(decision, at);
    if (!ruleset) {
      throw new JianchaError('no-ruleset-in-force', `${at} 没有生效的 ${pluginId}/${decision} 规则集`, `no ${pluginId}/${decision} ruleset is in force on ${at}`);
    }
    const hash = sha256(ruleset.sources.map((s) => s.hash).join('\n'));
    const key = `${pluginId}|${decision}|${hash}`;
    let prepared = this.prepared.get(key) as Prepared<K> | undefined;
    if (!prepared) {
      const derived = plugin.derivedFacts();
      const referenced = new Set<string>();
      for (const rule of ruleset.rules) {
        if (rule.conditions) walkConditions(rule.conditions, '', (leaf) => factsOf(leaf).forEach((f) => referenced.add(f)));
      }
      prepared = {
        plugin,
        decision,
        ruleset,
        engine: buildEngine(ruleset, plugin.operators()),
        referenced: [...referenced].sort(),
        required: [...referenced].filter((f) => !(f in derived)).sort(),
        sources: ruleset.sources.map((s) => ({
          plugin: s.plugin, file: s.file, version: s.version, validFrom: s.validFrom, validTo: s.validTo ?? null, hash: s.hash,
        })),
        hash,
      };
      this.prepared.set(key, prepared);
    }
    return prepared;
  }

  async decide<K extends DecisionKind>(pluginId: string, decision: K, facts: unknown, opts: { at?: string } = {}): Promise<Decision<K>> {
    const at = opts.at ?? today();
    const prepared = this.prepare(pluginId, decision, at);
    validateFacts(facts);
    return this.run(prepared, facts, at);
  }

  /** Run a prepared ruleset on facts already validated (batch callers validate as they import). */
  async run<K extends DecisionKind>(prepared: Prepared<K>, given: Facts, at: string): Promise<Decision<K>> {
    const { plugin, ruleset, decision } = prepared;
    const { facts, defaulted } = completeFacts(given, {
      at,
      defaults: ruleset.factDefaults,
      derived: plugin.derivedFacts(),
      required: prepared.required,
    });
    const { results, failureResults } = await prepared.engine.run(facts);
    const rules = traceRules(ruleset, [...results, ...failureResults]);
    const used = Object.fromEntries(
      [...prepared.referenced, 'year'].filter((f) => facts[f] !== undefined).sort().map((f) => [f, facts[f]]),
    );
    const assemble = assemblers[decision] as Assembler<ResultOf[K]>;
    const result = assemble(firedEvents(rules), {
      plugin,
      facts,
      year: facts.year as number,
      labels: ruleset.labels,
    });
    return {
      plugin: plugin.id,
      pluginVersion: plugin.manifest.version,
      decision,
      at,
      rulesetHash: prepared.hash,
      result,
      trace: { rulesets: prepared.sources, facts: used, defaulted, rules },
    };
  }
}
