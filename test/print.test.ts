/**
 * Every document of both regions printed as a clerk prints it (chromium to PDF, under the policy the
 * server serves it with) and read back with poppler: each page numbered as GB/T 9704 7.5 gives it,
 * the notices' 版记 at the foot of their last page (7.4.1), the title on the lines it was set in.
 */
import { parse } from 'node-html-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Decider } from '../core/decide.ts';
import { loadRegistry } from '../core/registry.ts';
import { DOCUMENTS, renderDocument } from '../core/render/documents.ts';
import { openPrinter, PLUGINS, pageTexts, rulesOn, sampleDocuments, words } from './print.ts';

const registry = await loadRegistry();
const decider = new Decider(registry);

interface Printed {
  html: string;
  pdf: Buffer;
  pages: string[];
}
const printed = new Map<string, Printed>();
const key = (plugin: string, name: string) => `${plugin} ${name}`;

// one browser, the documents in sequence: printing is the slow part, each test reads what it needs
beforeAll(async () => {
  const printer = await openPrinter();
  try {
    for (const { plugin, name, input } of sampleDocuments(registry)) {
      const { html } = await renderDocument(decider, name, input);
      const pdf = await printer.pdf(html);
      printed.set(key(plugin, name), { html, pdf, pages: pageTexts(pdf) });
      if (name !== 'notice') continue;
      // the 版记 again with a 抄送 line above the 印发 line
      const copied = await renderDocument(decider, name, { ...input, settings: { ...input.settings, copyTo: ['甲市人力资源和社会保障局', '乙局'] } });
      const copiedPdf = await printer.pdf(copied.html);
      printed.set(key(plugin, 'notice with 抄送'), { html: copied.html, pdf: copiedPdf, pages: pageTexts(copiedPdf) });
    }
  } finally {
    await printer.close();
  }
});
afterAll(() => printed.clear());

const cases = PLUGINS.flatMap((plugin) => DOCUMENTS.map((name) => [plugin, name] as const));

describe.each(cases)('%s %s printed', (plugin, name) => {
  const doc = () => printed.get(key(plugin, name))!;

  it('numbers every page 「— n —」 below the 版心, odd pages on the right and even on the left (GB/T 9704 7.5)', () => {
    const { pdf, pages } = doc();
    const all = words(pdf);
    for (let n = 1; n <= pages.length; n++) {
      const onPage = all.filter((w) => w.page === n);
      // the number is the lowest line of its page, set apart from the text by 7 mm
      const bottom = Math.max(...onPage.map((w) => w.yMin));
      const line = onPage.filter((w) => Math.abs(w.yMin - bottom) < 1).sort((a, b) => a.xMin - b.xMin);
      expect(line.map((w) => w.text).join(''), `page ${n}`).toBe(`—${n}—`);
      const middle = line[0].width / 2;
      if (n % 2) expect(line[0].xMin, `page ${n} right`).toBeGreaterThan(middle);
      else expect(line.at(-1)!.xMax, `page ${n} left`).toBeLessThan(middle);
    }
  });

  it('prints its title on the lines it was set in, no word split (GB/T 9704 7.3.1)', () => {
    const { html, pages } = doc();
    const title = parse(html).querySelector('h1.doc-title')!;
    const lines = title.querySelectorAll('.ln').map((l) => l.text);
    const printedLines = pages[0].split('\n').map((l) => l.replace(/\s+/g, ''));
    for (const line of lines.length ? lines : [title.text.replace(/\s+/g, '')]) expect(printedLines).toContain(line);
  });
});

const imprintCases = PLUGINS.flatMap((plugin) => ['notice', 'notice with 抄送'].map((name) => [plugin, name] as const));

describe.each(imprintCases)('the %s %s: its 版记 (GB/T 9704 7.4)', (plugin, name) => {
  const doc = () => printed.get(key(plugin, name))!;

  it('is on the last page and no other', () => {
    const { pages } = doc();
    const withImprint = pages.flatMap((text, i) => (/\d{4}年\d{1,2}月\d{1,2}日印发/.test(text.replace(/\s+/g, '')) ? [i + 1] : []));
    expect(withImprint).toEqual([pages.length]);
    const copied = pages.findIndex((text) => text.replace(/\s+/g, '').includes('抄送：甲市人力资源和社会保障局，乙局。'));
    expect(copied).toBe(name === 'notice' ? -1 : pages.length - 1);
  });

  it('has its rules, the last on the bottom edge of the last page’s 版心 (7.4.1: 末条分隔线与公文最后一面的版心下边缘重合)', () => {
    const { pdf, pages } = doc();
    // the 版心 of A4 portrait: 28 mm from the left, 156 mm wide, its bottom 37 + 225 = 262 mm from the top
    const rows = rulesOn(pdf, pages.length, 28, 184);
    // rows of pixels a rule's width apart are one rule
    const rules = rows.filter((y, i) => i === 0 || y - rows[i - 1] > 1);
    // 7.4.1: a rule above the first element and below the last; 7.4.2–7.4.3: one between 抄送 and 印发
    expect(rules).toHaveLength(name === 'notice' ? 2 : 3);
    expect(rows.at(-1)).toBeGreaterThan(261);
    expect(rows.at(-1)).toBeLessThanOrEqual(262.5);
  });
});
