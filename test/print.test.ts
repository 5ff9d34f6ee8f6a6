/**
 * Every document of both regions printed as a clerk prints it (chromium to PDF, under the policy the
 * server serves it with) and read back with poppler: each page numbered as GB/T 9704 7.5 gives it,
 * the notices' 版记 at the foot of their last page (7.4.1), the title on the lines it was set in.
 */
import { type HTMLElement, parse } from 'node-html-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Decider } from '../core/decide.ts';
import { loadRegistry } from '../core/registry.ts';
import { DOCUMENTS, renderDocument } from '../core/render/documents.ts';
import { inkRows, openPrinter, PLUGINS, pageTexts, rulesOn, sampleDocuments, words } from './print.ts';

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

  it('shares the last page with the document’s end, never alone on it (7.4.1: 版记应置于公文最后一面)', () => {
    const { pages } = doc();
    const rest = pages
      .at(-1)!
      .split('\n')
      .map((line) => line.replace(/\s+/g, ''))
      .filter((line) => line && !/印发$|^抄送：|^—\d+—$/.test(line));
    expect(rest.length, 'lines above the 版记').toBeGreaterThan(0);
    // 江津's attachment, the 审查表, ends on that page with its approval
    if (plugin === 'chongqing-jiangjin') expect(rest.join('')).toContain('人审批（签字）');
  });

  it('has its rules, the last on the bottom edge of the last page’s 版心 (7.4.1: 末条分隔线与公文最后一面的版心下边缘重合)', () => {
    const { pdf, pages } = doc();
    // the 版心 of A4 portrait: 28 mm from the left, 156 mm wide, its bottom 37 + 225 = 262 mm from the top
    // the 版记's own rules: from its first line's (a few mm above its text) down; above it, the document ends (a form's table)
    const top = Math.min(
      ...words(pdf)
        .filter((w) => w.page === pages.length && /^抄送：|印发$/.test(w.text))
        .map((w) => w.yMin),
    );
    const rows = rulesOn(pdf, pages.length, 28, 184).filter((y) => y > top - 4);
    // rows of pixels a rule's width apart are one rule
    const rules = rows.filter((y, i) => i === 0 || y - rows[i - 1] > 1);
    // 7.4.1: a rule above the first element and below the last; 7.4.2–7.4.3: one between 抄送 and 印发
    expect(rules).toHaveLength(name === 'notice' ? 2 : 3);
    expect(rows.at(-1)).toBeGreaterThan(261);
    expect(rows.at(-1)).toBeLessThanOrEqual(262.5);
  });
});

// the 版心 of A4 portrait, millimetres from the page's top left: 37 mm down, 28 mm in, 156 × 225
const TOP = 37;
const LEFT = 28;
const RIGHT = 28 + 156;
const CHAR = 156 / 28;
const LINE = 225 / 22;
const portrait = cases.filter(([, name]) => name !== 'patrolPlan');

describe.each(portrait)('%s %s printed: its 版头', (plugin, name) => {
  const doc = () => printed.get(key(plugin, name))!;

  it(
    name === 'reviewForm'
      ? 'has no letterhead: the employer fills it in, on one sheet'
      : 'sets the 发文机关标志 35 mm below the 版心’s top, centred within it, larger than the title (7.2.4)',
    () => {
      const { html, pdf, pages } = doc();
      const mark = parse(html).querySelector('.issuer-mark');
      const first = words(pdf).filter((w) => w.page === 1);
      if (name === 'reviewForm') {
        expect(mark).toBeNull();
        expect(pages).toHaveLength(1);
        expect(first.map((w) => w.text).join('')).not.toMatch(/人力资源和社会保障局/);
        return;
      }
      const word = first.find((w) => w.text === mark!.text)!;
      expect(word, 'the mark on one line').toBeDefined();
      // its ink, the first on the page, starts at 35 mm (a character's ink a little under its em's top)
      const ink = inkRows(pdf, 1, LEFT, RIGHT);
      expect(ink[0]).toBeGreaterThan(TOP + 35 - 0.5);
      expect(ink[0]).toBeLessThan(TOP + 35 + 2);
      expect(word.xMin).toBeGreaterThanOrEqual(LEFT - 0.5);
      expect(word.xMax).toBeLessThanOrEqual(RIGHT + 0.5);
      expect(Math.abs((word.xMin + word.xMax) / 2 - (LEFT + RIGHT) / 2)).toBeLessThan(1.5);
      const title = first.find((w) => w.yMin > word.yMax && parse(html).querySelector('h1')!.text.startsWith(w.text.slice(0, 4)))!;
      expect(word.yMax - word.yMin).toBeGreaterThan(title.yMax - title.yMin);
    },
  );
});

const signed = portrait.filter(([, name]) => name !== 'reviewForm');

describe.each(signed)('%s %s printed: its 署名 and 成文日期', (plugin, name) => {
  it('end 右空四字, the 署名 on the line above the date (7.3.5.1)', () => {
    const { html, pdf } = printed.get(key(plugin, name))!;
    const [signer, date] = parse(html)
      .querySelector('.signature div')!
      .innerHTML.split(/<br\s*\/?>/)
      .map((t) => parse(t).text.trim());
    const all = words(pdf);
    const dated = all.filter((w) => w.text === date).at(-1)!;
    const signing = all.filter((w) => w.page === dated.page && w.text === signer).at(-1)!;
    expect(Math.abs(dated.xMax - (RIGHT - 4 * CHAR))).toBeLessThan(1.5);
    expect(Math.abs(signing.xMax - dated.xMax)).toBeLessThan(1.5);
    expect(dated.yMin - signing.yMin).toBeCloseTo(LINE, 0);
  });
});

describe.each(cases)('%s %s printed: its tables', (plugin, name) => {
  it('keeps every row whole on one page, and repeats the header row on each page a table goes on to', () => {
    const { html, pdf } = printed.get(key(plugin, name))!;
    const flat = (text: string) => text.replace(/\s+/g, '');
    const pages = pageTexts(pdf, 'raw').map(flat);
    for (const table of parse(html).querySelectorAll('table')) {
      const rowText = (tr: HTMLElement) =>
        flat(
          tr
            .querySelectorAll('th,td')
            .map((c) => c.text)
            .join(''),
        );
      const body = table.querySelectorAll('tbody tr').map(rowText);
      const on = body.map((row) => pages.findIndex((p) => p.includes(row)));
      expect(on, `${body.length} rows each on one page`).not.toContain(-1);
      const header = table.querySelector('thead tr');
      if (!header) continue;
      for (const page of new Set(on)) expect(pages[page], `page ${page + 1}`).toContain(rowText(header));
    }
  });
});

describe.each(PLUGINS)('the %s checklist printed', (plugin) => {
  it('names the staff the declaration drew, and says by when and to which bureau', () => {
    const { pages } = printed.get(key(plugin, 'checklist'))!;
    const { input } = sampleDocuments(registry).find((d) => d.plugin === plugin && d.name === 'checklist')!;
    const text = pages.join('').replace(/\s+/g, '');
    for (const staff of input.staffSample!) expect(text).toContain(`${staff.id}${staff.name}`);
    expect(text).toMatch(/请于\d{4}年\d{1,2}月\d{1,2}日前完成申报/);
    expect(text).toMatch(/负责审查的部门：\S+人力资源和社会保障局/);
  });
});

describe.each(PLUGINS)('the %s notice printed: its 附件说明 and attachment', (plugin) => {
  it('sets the 附件说明 正文下空一行左空二字 (7.3.4), on the page of the text’s last line and the signature', () => {
    const { pdf } = printed.get(key(plugin, 'notice'))!;
    const all = words(pdf);
    const at = all.findIndex((w) => w.text.startsWith('附件：'));
    const note = all[at];
    expect(Math.abs(note.xMin - (LEFT + 2 * CHAR))).toBeLessThan(1);
    const before = all[at - 1];
    expect(before.page).toBe(note.page);
    // the line before it, a blank line between: two lines' pitch
    expect(note.yMin - before.yMin).toBeCloseTo(2 * LINE, 0);
  });

  it('starts its attachment on a page of its own, 附件 in its first line, 顶格', () => {
    const { pdf, pages } = printed.get(key(plugin, 'notice'))!;
    const page = pages.findIndex((text) => text.trimStart().startsWith('附件\n')) + 1;
    expect(page).toBeGreaterThan(1);
    const label = words(pdf).find((w) => w.page === page && w.text === '附件')!;
    expect(Math.abs(label.xMin - LEFT)).toBeLessThan(1);
    // pdftotext's box of a CJK word reaches above its ink
    expect(Math.abs(label.yMin - TOP)).toBeLessThan(4);
    if (plugin === 'chongqing-jiangjin') {
      // the 审查表 whole on that page, the employer's part and the bureau's
      const text = pages[page - 1].replace(/\s+/g, '');
      expect(text).toContain('劳动保障监察书面审查表');
      expect(text).toContain('单位名称');
      expect(text).toContain('审查结果：□合格□基本合格□不合格□需实地核查');
      expect(text).toContain('人审批（签字）');
    }
  });
});
