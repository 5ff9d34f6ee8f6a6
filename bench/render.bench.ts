/**
 * Issue 4's benchmark: documents per second through renderDocument: the 重庆江津 notice, the
 * per-employer checklists of a synthetic registry (each with its documents decision), and
 * rectification advices; with the plugin's templates compiled once, and with a campaign's override
 * of the template, which is compiled again for every document.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Decider } from '../core/decide.ts';
import { loadRegistry, projectRoot } from '../core/registry.ts';
import { renderDocument } from '../core/render/documents.ts';
import type { RectificationAdviceData } from '../core/render/formData.ts';
import { formSamples } from '../core/render/samples.ts';
import { syntheticPopulation } from '../core/synthetic.ts';
import type { Facts } from '../core/types.ts';
import { fmt, measure, peakRssMiB, table, type BenchSuite } from './suite.ts';

const N = Number(process.env.BENCH_N ?? 10_000);
// a notice takes ~40 µs of CPU: 2,000 of them after 200 were mostly run before V8 had optimised the
// templates and helpers, so the rate timed the JIT's warming; 20,000 are timed after 5,000 untimed,
// and the checklists and advices after 2,000 (the override, compiled per notice, stays at 200)
const NOTICES = 20_000;
const WARM_UP = { notices: 5_000, documents: 2_000 };
const NOTICES_RECOMPILED = 200;
// compiling per document is slow; fewer make the rate as well
const RECOMPILED = Math.min(N, 1_000);
const PLUGIN = 'chongqing-jiangjin';
const template = (path: string) => readFileSync(join(projectRoot, 'templates', path), 'utf8');

/** The sample advice, for an employer of the registry: a finding per violation (or the sample's), items the plugin lacks as 其他. */
function adviceFor(sample: RectificationAdviceData, employer: Facts, items: Map<string, { text: string; basis: string }>): RectificationAdviceData {
  const violations = employer.violations as { item: string }[];
  const findings = violations.length
    ? violations.map((v) => ({ ...sample.findings[0], item: v.item, ...(items.get(v.item) ?? items.get('other')!) }))
    : sample.findings;
  return { ...sample, employer, findings };
}

export const render: BenchSuite = {
  name: 'render',
  title: `renderDocument for ${PLUGIN}: the notice ×${fmt(NOTICES)} (after ${fmt(WARM_UP.notices)} untimed), ${fmt(N)} checklists and ${fmt(N)} rectification advices (after ${fmt(WARM_UP.documents)} untimed each)`,
  async run() {
    const registry = await loadRegistry();
    const decider = new Decider(registry);
    const plugin = registry.get(PLUGIN);
    const settings = JSON.parse(readFileSync(join(projectRoot, 'plugins', PLUGIN, 'campaign.example.json'), 'utf8')) as Record<string, unknown>;
    const population = [...syntheticPopulation(plugin, N, 2024)];
    const items = new Map(plugin.reviewItems().map((i) => [i.item, { text: i.text, basis: i.basis }]));
    const sample = formSamples(plugin).rectificationAdvice;
    const advices = population.map((e) => adviceFor(sample, e, items));
    // the same templates as campaign overrides: the documents are the same, compiled each time
    const overridden = {
      notice: { notice: template(`${PLUGIN}/notice.hbs`) },
      checklist: { checklist: template('common/checklist.hbs') },
      rectificationAdvice: { rectificationAdvice: template('common/rectificationAdvice.hbs') },
    };
    let bytes = 0;
    const notice = (overrides?: Record<string, string>) => async () =>
      (bytes += (await renderDocument(decider, 'notice', { plugin, settings, overrides })).html.length);
    const checklist = (overrides?: Record<string, string>) => async (i: number) =>
      (bytes += (await renderDocument(decider, 'checklist', { plugin, settings, employer: population[i], overrides })).html.length);
    const advice = (overrides?: Record<string, string>) => async (i: number) =>
      (bytes += (await renderDocument(decider, 'rectificationAdvice', { plugin, settings, data: advices[i], overrides })).html.length);
    const rows = [
      ['notice (rules → context → page)', await measure(NOTICES, notice(), WARM_UP.notices), await measure(NOTICES_RECOMPILED, notice(overridden.notice))],
      ['checklist (documents decision → page)', await measure(N, checklist(), WARM_UP.documents), await measure(RECOMPILED, checklist(overridden.checklist))],
      [
        'rectificationAdvice (data checked → page)',
        await measure(N, advice(), WARM_UP.documents),
        await measure(RECOMPILED, advice(overridden.rectificationAdvice)),
      ],
    ] as const;
    table(
      rows.map(([document, once, each]) => ({
        document,
        count: fmt(once.count),
        'compiled once /s': fmt(once.perSecond),
        'ms each': (1000 / once.perSecond).toFixed(2),
        'total s': once.seconds.toFixed(2),
        'override, compiled per document /s': fmt(each.perSecond),
        ratio: `${(once.perSecond / each.perSecond).toFixed(1)}×`,
      })),
    );
    console.log(`${fmt(bytes / 1024 / 1024)} MiB of HTML; peak RSS ${peakRssMiB()} MiB`);
  },
};
