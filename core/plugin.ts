/**
 * A region plugin: its manifest (plugin.json), its code (operators, derived facts, template helpers)
 * and its rulesets (rulesets/<id>/*.json, or rulesets/ in its own folder). Inheritance is resolved here: a plugin
 * sees its parent's rules, operators, facts and bureaus, and overrides or adds by name.
 */
import type { PluginFolders } from './pluginSources.ts';
import type {
  Bureau,
  DecisionKind,
  DerivedFact,
  Lifecycle,
  LoadedRuleset,
  OperatorFn,
  Park,
  PluginCode,
  PluginManifest,
  ReviewItem,
  RuleSpec,
  WrittenNoticeSpec,
} from './types.ts';
import { consecutiveBestYears, GradeScale } from './gradeScale.ts';
import { inForce } from './ruleset.ts';
import { fillParams, rulesConditionValues } from './paramText.ts';

/** Rules as they run: each remembers which plugin's file it came from. */
export interface EffectiveRule extends RuleSpec {
  from: { plugin: string; file: string };
  order: number;
}

export interface EffectiveRuleset {
  decision: DecisionKind;
  rules: EffectiveRule[];
  /** every file merged, parent first */
  sources: LoadedRuleset[];
  factDefaults: Record<string, unknown>;
  labels: Record<string, string>;
}

export class Plugin {
  readonly parent?: Plugin;

  constructor(
    readonly manifest: PluginManifest,
    /** where its manifest, rulesets, test cases and templates sit */
    readonly folders: PluginFolders,
    readonly rulesets: LoadedRuleset[],
    readonly code: PluginCode,
    parent?: Plugin,
    readonly campaignSchema?: Record<string, unknown>,
    /** the facts its vocabulary file adds, name → schema with x-source and x-label */
    readonly ownFacts: Record<string, Record<string, unknown>> = {},
    /** the spreadsheet words its vocabulary file adds for shared facts' values: fact → word → value */
    readonly ownWords: Record<string, Record<string, string | null>> = {},
  ) {
    this.parent = parent;
  }

  get id(): string {
    return this.manifest.id;
  }

  /** the folder of plugin.json */
  get dir(): string {
    return this.folders.dir;
  }

  /** this plugin, then its parent, up to the root */
  chain(): Plugin[] {
    return this.parent ? [this, ...this.parent.chain()] : [this];
  }

  /** what each plugin of the chain gives, merged key by key, nearer plugins overriding */
  private merged<T extends object>(own: (p: Plugin) => T): T {
    return Object.assign({}, ...this.chain().reverse().map(own));
  }

  operators(): Record<string, OperatorFn> {
    return this.merged((p) => p.code.operators ?? {});
  }

  derivedFacts(): Record<string, DerivedFact> {
    const own = this.merged((p) => p.code.facts ?? {});
    const scale = this.gradeScaleIfAny();
    return scale ? { consecutiveBestYears: consecutiveBestYears(scale), ...own } : own;
  }

  /** the facts the chain's vocabulary files add to the shared vocabulary, nearer plugins overriding */
  vocabulary(): Record<string, Record<string, unknown>> {
    return this.merged((p) => p.ownFacts);
  }

  helpers(): Record<string, (...args: unknown[]) => unknown> {
    return this.merged((p) => p.code.helpers ?? {});
  }

  private directory?: Bureau[];

  /** the bureau directory of the chain, nearer plugins overriding; computed once, decisions read it often */
  bureaus(): Bureau[] {
    if (!this.directory) {
      const byId = new Map<string, Bureau>();
      for (const p of this.chain().reverse()) for (const b of p.manifest.bureaus ?? []) byId.set(b.id, b);
      this.directory = [...byId.values()];
    }
    return this.directory;
  }

  /** the bureau whose administrators edit this plugin's rules: the one it names, else the top of its directory */
  owner(): string | undefined {
    return this.chain().find((p) => p.manifest.owner)?.manifest.owner ?? this.bureaus().find((b) => !b.parent)?.id;
  }

  bureau(id: string): Bureau | undefined {
    return this.bureaus().find((b) => b.id === id);
  }

  parks(): Park[] {
    return this.chain().flatMap((p) => p.manifest.parks ?? []);
  }

  /** the review content of the nearest plugin in the chain that lists one */
  reviewItems(): ReviewItem[] {
    return this.chain().find((p) => p.manifest.reviewItems)?.manifest.reviewItems ?? [];
  }

  /** each number from the nearest plugin in the chain that sets it (a campaign needs them all) */
  lifecycle(): Partial<Lifecycle> {
    return this.merged((p) => p.manifest.lifecycle ?? {});
  }

  /**
   * What the 拟评告知 cites and offers: the bases of the chain, the parent's first (the national
   * 办法, then the region's), and the rest from the nearest plugin that sets it.
   */
  writtenNotice(): Required<Pick<WrittenNoticeSpec, 'basis' | 'remedies'>> & Omit<WrittenNoticeSpec, 'basis' | 'remedies'> {
    const specs = this.chain().map((p) => p.manifest.writtenNotice ?? {});
    const nearest = <K extends keyof WrittenNoticeSpec>(key: K) => specs.find((s) => s[key] !== undefined)?.[key];
    return {
      basis: [...specs].reverse().flatMap((s) => s.basis ?? []),
      remedies: nearest('remedies') ?? [],
      requiredBy: nearest('requiredBy'),
      documentWord: nearest('documentWord'),
    };
  }

  private scale?: GradeScale;

  hasGradeScale(): boolean {
    return this.chain().some((p) => p.manifest.gradeScale);
  }

  /** the scale where the chain has one (a plugin that does not grade may have none) */
  gradeScaleIfAny(): GradeScale | undefined {
    return this.hasGradeScale() ? this.gradeScale() : undefined;
  }

  /** the grade scale of the nearest plugin in the chain that sets one, whole: levels do not mix */
  gradeScale(): GradeScale {
    if (!this.scale) {
      const spec = this.chain().find((p) => p.manifest.gradeScale)?.manifest.gradeScale;
      if (!spec) throw new Error(`plugin ${this.id} has no gradeScale, nor has any plugin it extends`);
      this.scale = new GradeScale(spec);
    }
    return this.scale;
  }

  declares(decision: string): decision is DecisionKind {
    return (this.manifest.decisions as string[]).includes(decision);
  }

  // by the file in force here, then by the parent's merged result (itself memoized, so one object per
  // set of files in force): a decision's day changes far more often than the files in force on it
  private readonly merges = new Map<LoadedRuleset, WeakMap<EffectiveRuleset | typeof STANDALONE, EffectiveRuleset>>();

  /**
   * The rules of a decision in force on `at`, parent's first, overridden and extended by name. The
   * result is shared by every day with the same files in force: read it, do not change it.
   */
  effectiveRuleset(decision: DecisionKind, at: string): EffectiveRuleset | undefined {
    const own = this.rulesets.find((r) => r.decision === decision && inForce(r, at));
    const inherited = own?.inherit === false ? undefined : this.parent?.effectiveRuleset(decision, at);
    if (!own) return inherited;
    let byParent = this.merges.get(own);
    if (!byParent) this.merges.set(own, (byParent = new WeakMap()));
    let merged = byParent.get(inherited ?? STANDALONE);
    if (!merged) byParent.set(inherited ?? STANDALONE, (merged = this.merge(decision, own, inherited)));
    return merged;
  }

  private merge(decision: DecisionKind, own: LoadedRuleset, inherited: EffectiveRuleset | undefined): EffectiveRuleset {
    // copies: numbering them below must not renumber the parent's shared rules
    const rules: EffectiveRule[] = inherited ? inherited.rules.map((r) => ({ ...r })) : [];
    const compared = rulesConditionValues(own.rules);
    for (const rule of own.rules) {
      const at = rules.findIndex((r) => r.name === rule.name);
      if (rule.omit) {
        if (at >= 0) rules.splice(at, 1);
        continue;
      }
      // the event as decisions and documents read it: its texts' placeholders filled (core/paramText.ts)
      const event = rule.event?.params
        ? { ...rule.event, params: fillParams(rule.event.params, { own: compared.get(rule.name), rules: compared }) }
        : rule.event;
      const effective: EffectiveRule = { ...rule, event, from: { plugin: this.id, file: own.file }, order: 0 };
      if (at >= 0) rules[at] = effective;
      else rules.push(effective);
    }
    rules.forEach((r, i) => (r.order = i));
    return {
      decision,
      rules,
      sources: [...(inherited?.sources ?? []), own],
      factDefaults: { ...inherited?.factDefaults, ...own.factDefaults },
      labels: { ...inherited?.labels, ...own.labels },
    };
  }
}

/** the parent's part of a ruleset that inherits nothing */
const STANDALONE = {};
