/**
 * The patrol plan of a region's year printed as a clerk prints it: a line an employer, so that a
 * plan of hundreds of employers is tens of pages (it was 261–267 pages for the demo's 2,000), with
 * every planned date after the grades' publication.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCreditCode } from '../core/creditCode.ts';
import { Decider } from '../core/decide.ts';
import { loadRegistry, projectRoot } from '../core/registry.ts';
import { renderDocument } from '../core/render/documents.ts';
import type { PatrolPlanData } from '../core/render/formData.ts';
import { formSamples } from '../core/render/samples.ts';
import { openPrinter, PLUGINS, pageTexts, type Printer } from './print.ts';

const registry = await loadRegistry();
const decider = new Decider(registry);
const EMPLOYERS = 720;

/** The plugin's sample plan grown to EMPLOYERS rows: five in six A, then B, the last twenty C, as a year's grades run. */
function bigPlan(plugin: (typeof PLUGINS)[number]): PatrolPlanData {
  const plan = formSamples(registry.get(plugin)).patrolPlan;
  // the grade's row with no measure of its own
  const of = (grade: string) => plan.rows.filter((r) => r.grade === grade).sort((a, b) => a.measures.length - b.measures.length)[0];
  const rows = Array.from({ length: EMPLOYERS }, (_, i) => {
    const grade = i < (EMPLOYERS * 5) / 6 ? 'A' : i < EMPLOYERS - 20 ? 'B' : 'C';
    const year = plan.year;
    const dates = grade === 'A' ? [] : grade === 'B' ? [`${year}-11-12`] : [`${year}-10-15`, `${year}-11-12`];
    return { ...of(grade), name: `某某机械制造有限责任公司${i + 1}`, creditCode: makeCreditCode('91', '500116', `MB${String(i).padStart(7, '0')}`), dates };
  });
  return { ...plan, rows };
}

let printer: Printer;
beforeAll(async () => {
  printer = await openPrinter();
});
afterAll(() => printer.close());

describe.each(PLUGINS)('%s: a year’s patrol plan printed', (plugin) => {
  it(`puts each of ${EMPLOYERS} employers on one line, about 36 a page`, async () => {
    const settings = JSON.parse(readFileSync(join(projectRoot, 'plugins', plugin, 'campaign.example.json'), 'utf8'));
    const data = bigPlan(plugin);
    const { html } = await renderDocument(decider, 'patrolPlan', { plugin: registry.get(plugin), settings, data });
    const pages = pageTexts(await printer.pdf(html));
    // 720 rows at 36 a page are 20 pages; the heading, the grades' measures and the signature take one or two more
    expect(pages.length).toBeLessThanOrEqual(23);
    const lines = pages.flatMap((p) => p.split('\n'));
    for (const row of data.rows) {
      // the employer's name, its code and its dates on one printed line: no row wraps or splits
      const line = lines.find((l) => l.includes(row.creditCode));
      expect(line, row.creditCode).toContain(row.name);
      for (const date of row.dates) expect(line).toContain(`${Number(date.slice(5, 7))}月${Number(date.slice(8))}日`);
    }
  });
});
