/**
 * decide(plugin, decision, facts, { at, trace }) → { result, trace }: the one entry point the CLI, the
 * API and the tests share (decideEach: the same for a batch job's population). Rulesets are prepared
 * once per day and content, compiled to closures on first use, and their engines reused.
 */
import type { Engine } from 'json-rules-engine';
import { compileRuleset, NotCompilable, valuesOf, type CompiledRuleset } from './compile/compile.ts';
import type { AssembleContext, Assembler } from './decisions/context.ts';
import { assemblers, type ResultOf } from './decisions/index.ts';
import { derivedInOrder, inputsOf } from './derivedFacts.ts';
import { buildEngine } from './engine.ts';
import { JianchaError } from './errors.ts';
import { checkDate, completeFacts, flatFacts, givenOrDefault, today, validateFacts, yearBefore } from './facts.ts';
import { sha256 } from './hash.ts';
import type { EffectiveRuleset, Plugin } from './plugin.ts';
import { factsOf, walkConditions, type Registry } from './registry.ts';
import { firedEvents, traceRules, type RulesetSource, type Trace, type TraceRule } from './trace.ts';
import { DECISIONS, type DecisionKind, type DerivedFact, type Facts, type FiredEvent } from './types.ts';

export interface Decision<K extends DecisionKind = DecisionKind> {
  plugin: string;
  pluginVersion: string;
  decision: K;
  at: string;
  rulesetHash: string;
  result: ResultOf[K];
  trace: Trace;
}

/** A decision without its trace: the same result, and the events of the rules that fired. */
export type Outcome<K extends DecisionKind = DecisionKind> = Omit<Decision<K>, 'trace'> & { fired: FiredEvent[] };

export interface DecideOptions {
  /** the day whose rules are in force; today if not given */
  at?: string;
  /** the full trace (the default), or only the fired events: faster, for a caller that shows no trace */
  trace?: boolean;
  /** json-rules-engine even where the ruleset compiles: the reference the differential tests compare the closures with */
  engine?: 'json-rules-engine';
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
  /** the facts a trace shows where they have a value, in order: those read and required, and the year */
  shown: string[];
  /** the plugin's derived facts that these rules read */
  derived: Record<string, DerivedFact>;
  sources: RulesetSource[];
  hash: string;
  /** the batch form, made on first batch use; null where the compiler fell back */
  batch?: BatchForm<K> | null;
}

/**
 * Where the rules in force come from, for a Decider that follows what other processes (the CLI, a
 * second server) change: `stamp` is cheap and changes whenever the rules in force change.
 */
export interface RuleSource {
  stamp(): string;
  load(): Promise<Registry>;
}

/** Days remembered per Decider: a request names its day, and a year's days are few. */
const MAX_DAYS = 10_000;

export class Decider {
  private readonly prepared = new Map<string, Prepared<DecisionKind>>();
  private current: Registry;
  private reloading?: Promise<void>;
  // by plugin, decision and day: merging the chain's rulesets and hashing them cost more than a
  // decision without its trace; emptied when the rules in force are reloaded
  private readonly byDay = new Map<string, Prepared<DecisionKind>>();

  /** `stamp`: the source's stamp when `registry` was loaded from it */
  constructor(
    registry: Registry,
    private readonly source?: RuleSource,
    private stamp = source?.stamp(),
  ) {
    this.current = registry;
  }

  get registry(): Registry {
    return this.current;
  }

  /**
   * The rules in force now: reloaded from the source when they changed since they were loaded. Called
   * before a request or a batch of decisions, so that every process decides with the latest rules.
   */
  async refresh(): Promise<Registry> {
    if (!this.source) return this.current;
    const stamp = this.source.stamp();
    if (stamp !== this.stamp) {
      // concurrent requests share one reload
      this.reloading ??= this.source.load().then(
        (registry) => {
          this.adopt(registry, stamp);
          this.reloading = undefined;
        },
        (err) => {
          this.reloading = undefined;
          throw err;
        },
      );
      await this.reloading;
    }
    return this.current;
  }

  /** Take `registry` as the rules in force, as of the source's `stamp` (now, unless given). */
  adopt(registry: Registry, stamp = this.source?.stamp()): void {
    this.current = registry;
    this.stamp = stamp;
    // prepared rulesets are keyed by their content's hash: a stale one would not be used, only kept
    this.prepared.clear();
    this.byDay.clear();
  }

  /** The prepared ruleset of a decision in force on `at`; cached by the files it merges. */
  prepare<K extends DecisionKind>(pluginId: string, decision: K, at: string): Prepared<K> {
    const day = `${pluginId}|${decision}|${at}`;
    const known = this.byDay.get(day) as Prepared<K> | undefined;
    if (known) return known;
    const prepared = this.prepareAnew(pluginId, decision, at);
    if (this.byDay.size >= MAX_DAYS) this.byDay.clear();
    this.byDay.set(day, prepared);
    return prepared;
  }

  private prepareAnew<K extends DecisionKind>(pluginId: string, decision: K, at: string): Prepared<K> {
    const plugin = this.registry.get(pluginId);
    if (!(DECISIONS as readonly string[]).includes(decision) || !plugin.declares(decision)) {
      const known = plugin.manifest.decisions.join(', ');
      throw new JianchaError(
        'unknown-decision',
        `插件 ${pluginId} 没有决策 "${decision}"（有：${known}）`,
        `plugin ${pluginId} has no decision "${decision}" (it has: ${known})`,
      );
    }
    checkDate(at);
    const ruleset = plugin.effectiveRuleset(decision, at);
    if (!ruleset) {
      throw new JianchaError(
        'no-ruleset-in-force',
        `${at} 没有生效的 ${pluginId}/${decision} 规则集`,
        `no ${pluginId}/${decision} ruleset is in force on ${at}`,
      );
    }
    const hash = sha256(ruleset.sources.map((s) => s.hash).join('\n'));
    const key = `${pluginId}|${decision}|${hash}`;
    let prepared = this.prepared.get(key) as Prepared<K> | undefined;
    if (!prepared) {
      const all = plugin.derivedFacts();
      const referenced = new Set<string>();
      for (const rule of ruleset.rules) {
        if (rule.conditions) walkConditions(rule.conditions, '', (leaf) => factsOf(leaf).forEach((f) => referenced.add(f)));
      }
      // the derived facts the rules read and those they read, in the order they are computed
      const derived = derivedInOrder(all, referenced);
      const required = [...new Set([...[...referenced].filter((f) => !(f in all)), ...inputsOf(derived)])].sort();
      prepared = {
        plugin,
        decision,
        ruleset,
        engine: buildEngine(ruleset, plugin.operators()),
        referenced: [...referenced].sort(),
        required,
        // a derived fact's inputs are facts used too
        shown: [...new Set([...referenced, ...required, 'year'])].sort(),
        derived,
        sources: ruleset.sources.map((s) => ({
          plugin: s.plugin,
          file: s.file,
          version: s.version,
          validFrom: s.validFrom,
          validTo: s.validTo ?? null,
          hash: s.hash,
        })),
        hash,
      };
      this.prepared.set(key, prepared);
    }
    return prepared;
  }

  /**
   * The one evaluation entry point: a decision on facts given by a caller (checked against the facts
   * schema and the plugin's vocabulary), with its full trace unless `trace: false`. The compiled
   * closures answer where the ruleset compiles (the same trace and result json-rules-engine gives, see
   * compile.test.ts), json-rules-engine where it does not or where `engine` asks for it.
   */
  decide<K extends DecisionKind>(pluginId: string, decision: K, facts: unknown, opts?: DecideOptions & { trace?: true }): Promise<Decision<K>>;
  decide<K extends DecisionKind>(pluginId: string, decision: K, facts: unknown, opts: DecideOptions & { trace: false }): Promise<Outcome<K>>;
  decide<K extends DecisionKind>(pluginId: string, decision: K, facts: unknown, opts: DecideOptions = {}): Promise<Decision<K> | Outcome<K>> {
    return Promise.resolve().then(() => {
      const at = opts.at ?? today();
      const prepared = this.prepare(pluginId, decision, at);
      validateFacts(facts, prepared.plugin);
      const batch = opts.engine === 'json-rules-engine' ? null : this.batchForm(prepared);
      if (opts.trace === false) return batch ? this.outcome(prepared, batch, facts, at) : this.outcomeOnEngine(prepared, facts, at);
      if (!batch) return this.tracedOnEngine(prepared, facts, at);
      const { facts: all, defaulted } = completed(prepared, facts, at);
      return this.decision(prepared, all, defaulted, batch.compiled.explain(valuesOf(batch.compiled, all)), at);
    });
  }

  /**
   * The batch variant, for a step that decides a whole population: every item's facts (built by the
   * core from stored records, so not checked again) decided by the one ruleset in force as the batch
   * starts, even if the rules are reloaded meanwhile, without the trace, handed to `each` in order.
   * Synchronous per item where the ruleset compiles: an await per employer would cost a microtask
   * each, more than the decision. Gives the prepared ruleset it decided with.
   */
  async decideEach<K extends DecisionKind, T extends { facts: Facts }>(
    pluginId: string,
    decision: K,
    items: Iterable<T>,
    each: (outcome: Outcome<K>, item: T) => unknown,
    opts: { at?: string } = {},
  ): Promise<Prepared<K>> {
    const at = opts.at ?? today();
    const prepared = this.prepare(pluginId, decision, at);
    const batch = this.batchForm(prepared);
    for (const item of items) {
      const waiting = each(batch ? this.outcome(prepared, batch, item.facts, at) : await this.outcomeOnEngine(prepared, item.facts, at), item);
      // awaited only when `each` must be: a progress report that writes
      if (waiting instanceof Promise) await waiting;
    }
    return prepared;
  }

  private async tracedOnEngine<K extends DecisionKind>(prepared: Prepared<K>, given: Facts, at: string): Promise<Decision<K>> {
    const { facts, defaulted } = completed(prepared, given, at);
    return this.decision(prepared, facts, defaulted, traceRules(prepared.ruleset, await runAll(prepared.engine, flatFacts(facts))), at);
  }

  private decision<K extends DecisionKind>(prepared: Prepared<K>, facts: Facts, defaulted: string[], rules: TraceRule[], at: string): Decision<K> {
    const used: Facts = {};
    for (const f of prepared.shown) if (facts[f] !== undefined) used[f] = facts[f];
    return {
      plugin: prepared.plugin.id,
      pluginVersion: prepared.plugin.manifest.version,
      decision: prepared.decision,
      at,
      rulesetHash: prepared.hash,
      result: this.assemble(prepared, firedEvents(rules), facts),
      trace: { rulesets: prepared.sources, facts: used, defaulted, rules },
    };
  }

  /**
   * Without the trace: the same result, and the fired rules with their basis, from the closures on
   * the given facts (completed only as far as the rules and the assembler read them).
   */
  private outcome<K extends DecisionKind>(prepared: Prepared<K>, batch: BatchForm<K>, given: Facts, at: string): Outcome<K> {
    const fired = batch.compiled.fired(batch.values(given, at));
    const year = (given.year === undefined ? yearBefore(at) : given.year) as number;
    return this.outcomeOf(prepared, batch.assemble(fired, new BatchContext(prepared, given, at, year)), fired, at);
  }

  private async outcomeOnEngine<K extends DecisionKind>(prepared: Prepared<K>, given: Facts, at: string): Promise<Outcome<K>> {
    const { facts } = completed(prepared, given, at);
    const fired = firedEvents(traceRules(prepared.ruleset, await runAll(prepared.engine, flatFacts(facts))));
    return this.outcomeOf(prepared, this.assemble(prepared, fired, facts), fired, at);
  }

  private outcomeOf<K extends DecisionKind>(prepared: Prepared<K>, result: ResultOf[K], fired: FiredEvent[], at: string): Outcome<K> {
    const { plugin } = prepared;
    return { plugin: plugin.id, pluginVersion: plugin.manifest.version, decision: prepared.decision, at, rulesetHash: prepared.hash, result, fired };
  }

  private batchForm<K extends DecisionKind>(prepared: Prepared<K>): BatchForm<K> | null {
    if (prepared.batch === undefined) {
      try {
        const compiled = compileRuleset(prepared.ruleset, prepared.plugin.operators());
        prepared.batch = { compiled, values: valuesFor(prepared, compiled), assemble: assemblers[prepared.decision] as Assembler<ResultOf[K]> };
      } catch (err) {
        if (!(err instanceof NotCompilable)) throw err;
        console.warn(
          `jiancha: ${prepared.plugin.id}/${prepared.decision} 含有无法编译的 ${err.message}，改用 json-rules-engine 逐条执行 (cannot compile ${err.message}; falling back to json-rules-engine)`,
        );
        prepared.batch = null;
      }
    }
    return prepared.batch;
  }

  private assemble<K extends DecisionKind>(prepared: Prepared<K>, fired: FiredEvent[], facts: Facts): ResultOf[K] {
    const assemble = assemblers[prepared.decision] as Assembler<ResultOf[K]>;
    return assemble(fired, { plugin: prepared.plugin, fact: (name) => facts[name], year: facts.year as number, labels: prepared.ruleset.labels });
  }
}

/** What the batch path keeps of a prepared ruleset: its closures, how to give them their facts, and its assembler. */
export interface BatchForm<K extends DecisionKind = DecisionKind> {
  compiled: CompiledRuleset;
  /** the values of the compiled facts, completed as completeFacts completes them; throws for a missing fact */
  values: (given: Facts, at: string) => unknown[];
  assemble: Assembler<ResultOf[K]>;
}

function completed(prepared: Prepared, given: Facts, at: string) {
  return completeFacts(given, {
    at,
    defaults: prepared.ruleset.factDefaults,
    derived: prepared.derived,
    required: prepared.required,
  });
}

/**
 * The values of the compiled facts straight from the given facts, the ruleset's defaults and the
 * year, without copying the given facts: what completeFacts gives for these facts. A ruleset that
 * reads a derived fact (computed from the completed facts object) goes through completeFacts.
 */
function valuesFor(prepared: Prepared, compiled: CompiledRuleset): BatchForm['values'] {
  const names = compiled.facts;
  const defaults = prepared.ruleset.factDefaults;
  const throughCompleteFacts = (given: Facts, at: string) => valuesOf(compiled, completed(prepared, given, at).facts);
  if (names.some((name) => name in prepared.derived) || prepared.required.some((name) => !names.includes(name))) {
    return expressionValues(prepared, names, throughCompleteFacts) ?? throughCompleteFacts;
  }
  return (given, at) => {
    const values = new Array<unknown>(names.length);
    for (let i = 0; i < names.length; i++) {
      const value = givenOrDefault(given, names[i], at, defaults);
      // a missing fact: completeFacts throws, naming every one
      if (value === undefined) return throughCompleteFacts(given, at);
      values[i] = value;
    }
    return values;
  };
}

/**
 * Where every derived fact the rules need is an expression (whose reads are known), their inputs and
 * values go into one object of fixed shape, reused for each employer, instead of a copy of its facts:
 * the values completeFacts would give, at a fraction of the cost. A missing input goes the long way,
 * which names every one.
 */
function expressionValues(prepared: Prepared, names: readonly string[], longWay: BatchForm['values']): BatchForm['values'] | undefined {
  const derived = Object.entries(prepared.derived);
  if (!derived.every(([, d]) => d.reads)) return undefined;
  const inputs = prepared.required;
  const defaults = prepared.ruleset.factDefaults;
  const scratch: Facts = Object.fromEntries([...inputs, ...derived.map(([name]) => name)].map((name) => [name, undefined]));
  return (given, at) => {
    for (const name of inputs) {
      const value = givenOrDefault(given, name, at, defaults);
      if (value === undefined) return longWay(given, at);
      scratch[name] = value;
    }
    for (const [name, fact] of derived) scratch[name] = fact.compute(scratch);
    const values = new Array<unknown>(names.length);
    for (let i = 0; i < names.length; i++) values[i] = scratch[names[i]];
    return values;
  };
}

/**
 * The assemblers' context on the batch path: a fact is completed when an assembler asks for it. A
 * class, not an object with an arrow function: tsx names every function it makes (esbuild's
 * keepNames), which cost more than the rest of the evaluation when done per employer.
 */
class BatchContext implements AssembleContext {
  readonly plugin: Plugin;
  readonly labels: Record<string, string>;
  private all?: Facts;

  constructor(
    private readonly prepared: Prepared,
    private readonly given: Facts,
    private readonly at: string,
    readonly year: number,
  ) {
    this.plugin = prepared.plugin;
    this.labels = prepared.ruleset.labels;
  }

  fact(name: string): unknown {
    const { prepared, given, at } = this;
    if (!(name in prepared.derived)) return givenOrDefault(given, name, at, prepared.ruleset.factDefaults);
    this.all ??= completed(prepared, given, at).facts;
    return this.all[name];
  }
}

async function runAll(engine: Engine, facts: Facts) {
  const { results, failureResults } = await engine.run(facts);
  return [...results, ...failureResults];
}
