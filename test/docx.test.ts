/**
 * Every document of both regions as a .docx, read back from its XML: what Word will lay out is what
 * GB/T 9704 asks (REGULATIONS.md §5): fonts by their _GB2312 names with a fallback, a grid of 22 lines
 * of 28 characters, the red 发文机关标志 35 mm down over the red separator line, 「— n —」 at the outer
 * side of odd and even pages, the 版记 with its three rules at the foot of the last page, the attachment
 * on a page of its own, tables whose columns follow their content and whose rows stay whole.
 */
import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { Decider } from '../core/decide.ts';
import { loadRegistry } from '../core/registry.ts';
import { renderDocument } from '../core/render/documents.ts';
import { toDocx } from '../core/render/docx.ts';
import { issuerMark } from '../core/render/gbt9704.ts';
import { sampleDocuments } from './print.ts';

const registry = await loadRegistry();
const decider = new Decider(registry);

interface Read {
  document: string;
  styles: string;
  fonts: string;
  settings: string;
  footers: Map<string, string>;
}
const read = new Map<string, Read>();
const samples = sampleDocuments(registry);

async function readDocx(buffer: Buffer): Promise<Read> {
  const zip = await JSZip.loadAsync(buffer);
  const file = (path: string) => zip.file(path)!.async('string');
  const document = await file('word/document.xml');
  const rels = await file('word/_rels/document.xml.rels');
  const footers = new Map<string, string>();
  for (const [, type, id] of document.matchAll(/<w:footerReference w:type="(\w+)" r:id="(\w+)"\/>/g)) {
    const target = new RegExp(`Id="${id}"[^>]*Target="([^"]+)"`).exec(rels)![1];
    footers.set(type, await file(`word/${target}`));
  }
  return { document, styles: await file('word/styles.xml'), fonts: await file('word/fontTable.xml'), settings: await file('word/settings.xml'), footers };
}

beforeAll(async () => {
  for (const { plugin, name, input } of samples) {
    const { html, title } = await renderDocument(decider, name, input);
    read.set(`${plugin} ${name}`, await readDocx(await toDocx(html, title)));
  }
  for (const plugin of ['chongqing-jiangjin', 'xinjiang-changji']) {
    const { input } = samples.find((s) => s.plugin === plugin && s.name === 'notice')!;
    const settings = { ...input.settings, copyTo: ['甲市人力资源和社会保障局', '乙局'] };
    const { html, title } = await renderDocument(decider, 'notice', { ...input, settings });
    read.set(`${plugin} notice with 抄送`, await readDocx(await toDocx(html, title)));
  }
});

const attr = (xml: string, name: string) => new RegExp(`w:${name}="([^"]*)"`).exec(xml)?.[1];
/** The body's paragraphs (outside tables), each as its XML. */
const paragraphs = (xml: string) => [...xml.replace(/<w:tbl>[\s\S]*?<\/w:tbl>/g, '').matchAll(/<w:p>[\s\S]*?<\/w:p>/g)].map((m) => m[0]);
const textOf = (xml: string) => [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');
const tables = (xml: string) => [...xml.matchAll(/<w:tbl>[\s\S]*?<\/w:tbl>/g)].map((m) => m[0]);

describe.each(samples.map((s) => [s.plugin, s.name] as const))('the .docx of %s %s', (plugin, name) => {
  const doc = () => read.get(`${plugin} ${name}`)!;

  it('names every font by its _GB2312 form for East Asian text, each with a fallback in the font table', () => {
    const { document, styles, fonts } = doc();
    const used = new Set([...(document + styles).matchAll(/<w:rFonts [^>]*w:eastAsia="([^"]+)"/g)].map((m) => m[1]));
    expect([...used].sort()).toEqual(expect.arrayContaining(['仿宋_GB2312']));
    for (const font of used) expect(['仿宋_GB2312', '黑体', '楷体_GB2312', '方正小标宋简体', '宋体']).toContain(font);
    // a bare 仿宋 or 楷体 is the name 5.2.2's fonts have only on some machines
    expect(document).not.toMatch(/w:eastAsia="(仿宋|楷体)"/);
    for (const font of used) expect(fonts).toMatch(new RegExp(`<w:font w:name="${font}"><w:altName w:val="[^"]+"/>`));
  });

  it('lays 3号 text on a grid of 22 lines of 28 characters (5.2.3), as Word computes it from the section', () => {
    const { document, styles } = doc();
    const sect = /<w:sectPr>[\s\S]*<\/w:sectPr>/.exec(document)![0];
    const size = /<w:pgSz ([^>]*)\/>/.exec(sect)![1];
    const margin = /<w:pgMar ([^>]*)\/>/.exec(sect)![1];
    const grid = /<w:docGrid ([^>]*)\/>/.exec(sect)![1];
    expect(attr(grid, 'type')).toBe('linesAndChars');
    // the Normal font's size, half-points: 3号 = 16 pt
    const defaults = /<w:rPrDefault>[\s\S]*?<\/w:rPrDefault>/.exec(styles)![0];
    const normal = Number(attr(/<w:sz [^>]*\/>/.exec(defaults)![0], 'val'));
    expect(normal).toBe(32);
    const pitch = normal / 2 + Number(attr(grid, 'charSpace')) / 4096;
    const [w, h] = [Number(attr(size, 'w')), Number(attr(size, 'h'))];
    const width = (w - Number(attr(margin, 'left')) - Number(attr(margin, 'right'))) / 20;
    const height = h - Number(attr(margin, 'top')) - Number(attr(margin, 'bottom'));
    expect(Math.floor(width / pitch)).toBe(28);
    // and text not snapped to the grid (LibreOffice's snapping spreads it) keeps 28 by its spacing, twips
    const spacing = Number(attr(/<w:spacing [^>]*\/>/.exec(defaults)![0], 'val'));
    expect(Math.floor(width / (normal / 2 + spacing / 20))).toBe(28);
    expect(Math.floor(height / Number(attr(grid, 'linePitch')))).toBe(22);
    // 5.2.1: 天头 37 mm, 订口 28 mm (twips: 1440 an inch)
    expect(Number(attr(margin, 'top'))).toBe(Math.round((37 * 1440) / 25.4));
    expect(Number(attr(margin, 'left'))).toBe(Math.round((28 * 1440) / 25.4));
  });

  it('numbers its pages 「— n —」 in 4号宋体, odd pages on the right and even on the left, 空一字 (7.5)', () => {
    const { settings, footers } = doc();
    expect(settings).toContain('<w:evenAndOddHeaders/>');
    for (const [type, side, indent] of [
      ['default', 'right', 'right'],
      ['even', 'left', 'left'],
    ] as const) {
      const footer = footers.get(type)!;
      expect(textOf(footer)).toBe('—  —');
      expect(footer).toContain('<w:instrText xml:space="preserve">PAGE</w:instrText>');
      expect(attr(/<w:jc [^>]*\/>/.exec(footer)![0], 'val')).toBe(side);
      expect(Number(attr(/<w:ind [^>]*\/>/.exec(footer)![0], indent))).toBe(280);
      expect(footer).toContain('w:eastAsia="宋体"');
      expect(footer).toContain('<w:sz w:val="28"/>');
    }
  });

  it('sets the red 发文机关标志 35 mm below the 版心’s top and the red separator line under the 版头 (7.2.4, 7.2.7)', () => {
    const { document } = doc();
    if (name === 'reviewForm') {
      // the employer fills the 审查表 in: no letterhead of the bureau
      expect(document).not.toContain('CC0000');
      return;
    }
    const [mark] = paragraphs(document);
    expect(mark).toMatch(/w:eastAsia="方正小标宋简体"/);
    // narrowed to the 版心 by the numbers the print takes (issuerMark)
    expect(Number(attr(/<w:w [^>]*\/>/.exec(mark)![0], 'val'))).toBe(issuerMark(textOf(mark)).scale);
    expect(mark).toContain('<w:color w:val="CC0000"/>');
    expect(Number(attr(/<w:spacing [^>]*\/>/.exec(mark)![0], 'before'))).toBe(Math.round((35 * 1440) / 25.4));
    // larger than the 2号 title
    expect(Number(attr(/<w:sz [^>]*\/>/.exec(mark)![0], 'val'))).toBeGreaterThan(44);
    // the red line is the bottom border of the 发文字号, or of the mark where there is none
    const ruled = paragraphs(document).filter((p) => /<w:bottom w:val="single" w:color="CC0000"/.test(p));
    expect(ruled).toHaveLength(1);
    if (/〔\d{4}〕/.test(textOf(paragraphs(document)[1]))) expect(ruled[0]).toBe(paragraphs(document)[1]);
    else expect(ruled[0]).toBe(mark);
  });

  it('keeps each heading on the page of its first paragraph, and the contact line on the page of the signature', () => {
    const all = paragraphs(doc().document);
    // 一、 in 黑体 (7.3.3 第一层), （一） in 楷体 where it stands on its own line (not run into its paragraph's 仿宋)
    const headings = all.filter(
      (p) =>
        /w:eastAsia="(黑体|楷体_GB2312)"/.test(p) && !p.includes('仿宋_GB2312') && /^[一二三四五六七八九十]+、|^（[一二三四五六七八九十]+）/.test(textOf(p)),
    );
    if (['notice', 'checklist', 'lowGradeNotice', 'patrolPlan', 'gradeList'].includes(name)) expect(headings.length, 'headings').toBeGreaterThan(0);
    for (const h of headings) expect(h, textOf(h)).toContain('<w:keepNext/>');
    const contact = all.findIndex((p) => textOf(p).startsWith('（联系'));
    if (contact > 0) expect(all[contact - 1]).toContain('<w:keepNext/>');
  });

  it('keeps each table row whole across pages, repeats the header row, and sizes columns as the template or their content asks', () => {
    const { document } = doc();
    const content = tables(document).filter((t) => !t.includes('<w:tblpPr'));
    for (const table of content) {
      const rows = [...table.matchAll(/<w:tr>[\s\S]*?<\/w:tr>/g)].map((m) => m[0]);
      for (const row of rows) expect(row).toContain('<w:cantSplit/>');
      const widths = [.../<w:tblGrid>[\s\S]*?<\/w:tblGrid>/.exec(table)![0].matchAll(/w:w="(\d+)"/g)].map((m) => Number(m[1]));
      const total = Number(attr(/<w:tblW [^>]*\/>/.exec(table)![0], 'w'));
      expect(widths.reduce((a, b) => a + b, 0)).toBe(total);
      if (widths.length > 2) expect(new Set(widths).size).toBeGreaterThan(1);
      if (textOf(rows[0]).startsWith('序号')) {
        expect(rows[0]).toContain('<w:tblHeader/>');
        // 序号 holds a number: no column is narrower, and the widest (a name) is wider
        expect(widths[0]).toBe(Math.min(...widths));
        expect(widths[0]).toBeLessThan(Math.max(...widths));
      }
    }
  });
});

describe.each(['chongqing-jiangjin', 'xinjiang-changji'].flatMap((p) => [`${p} notice`, `${p} notice with 抄送`]))('the %s: its 版记 (7.4)', (key) => {
  it('is the last table, floated to the foot of the last page’s 版心, thick rules above and below and a thin one between', () => {
    const { document } = read.get(key)!;
    const last = tables(document).at(-1)!;
    // 7.4.1: 末条分隔线与公文最后一面的版心下边缘重合
    const float = /<w:tblpPr [^>]*\/>/.exec(last)![0];
    expect(attr(float, 'vertAnchor')).toBe('margin');
    expect(attr(float, 'tblpYSpec')).toBe('bottom');
    // across the 版心: from the page's edge by the 订口's 28 mm, as wide as the 版心
    expect(attr(float, 'horzAnchor')).toBe('page');
    expect(Number(attr(float, 'tblpX'))).toBe(Math.round((28 * 1440) / 25.4));
    expect(Number(attr(/<w:tblW [^>]*\/>/.exec(last)![0], 'w'))).toBe(
      Math.round((210 * 1440) / 25.4) - Math.round((28 * 1440) / 25.4) - Math.round((26 * 1440) / 25.4),
    );
    const borders = /<w:tblBorders>[\s\S]*?<\/w:tblBorders>/.exec(last)![0];
    // 0.35 mm ≈ 1 pt (w:sz in eighths of a point), 0.25 mm ≈ 0.75 pt
    expect(attr(/<w:top [^>]*\/>/.exec(borders)![0], 'sz')).toBe('8');
    expect(attr(/<w:bottom [^>]*\/>/.exec(borders)![0], 'sz')).toBe('8');
    expect(attr(/<w:insideH [^>]*\/>/.exec(borders)![0], 'sz')).toBe('6');
    expect(attr(/<w:left [^>]*\/>/.exec(borders)![0], 'val')).toBe('none');
    const rows = [...last.matchAll(/<w:tr>[\s\S]*?<\/w:tr>/g)].map((m) => textOf(m[0]));
    expect(rows.at(-1)).toMatch(/人力资源和社会保障局\d{4}年\d{1,2}月\d{1,2}日印发$/);
    // 7.4.2: 抄送 on its own row above, so the thin rule runs between it and the 印发 row
    expect(rows).toHaveLength(key.endsWith('抄送') ? 2 : 1);
    if (key.endsWith('抄送')) expect(rows[0]).toBe('抄送：甲市人力资源和社会保障局，乙局。');
  });
});

describe('the .docx of the notices', () => {
  it.each(['chongqing-jiangjin', 'xinjiang-changji'])('%s: puts the attachment on a page of its own, its 附件 line first, in 黑体', (plugin) => {
    const { document } = read.get(`${plugin} notice`)!;
    const broken = paragraphs(document).filter((p) => p.includes('<w:pageBreakBefore/>'));
    expect(broken.map(textOf)).toEqual(['附件']);
    expect(broken[0]).toContain('w:eastAsia="黑体"');
  });

  it.each(['chongqing-jiangjin', 'xinjiang-changji'])('%s: 署名 and 成文日期 右空四字 (7.3.5.1), a line below the text', (plugin) => {
    const { document } = read.get(`${plugin} notice`)!;
    const all = paragraphs(document);
    const date = all.findIndex((p) => /^\d{4}年\d{1,2}月\d{1,2}日$/.test(textOf(p)));
    for (const p of [all[date - 1], all[date]]) {
      expect(attr(/<w:jc [^>]*\/>/.exec(p)![0], 'val')).toBe('right');
      // four characters of the 28 on the 156 mm line
      expect(Number(attr(/<w:ind [^>]*\/>/.exec(p)![0], 'right'))).toBe(Math.round((4 * 8845) / 28));
    }
    expect(textOf(all[date - 1])).toMatch(/人力资源和社会保障局$/);
  });
});

describe.each(['chongqing-jiangjin', 'xinjiang-changji'].flatMap((p) => [`${p} gradeList`, `${p} patrolPlan`]))('the %s in Word', (key) => {
  it('holds each 18-character 统一社会信用代码 (GB 32100) on one line of its column', () => {
    const { document } = read.get(key)!;
    const listed = tables(document).filter((t) => textOf(t).includes('统一社会信用代码'));
    expect(listed.length).toBeGreaterThan(0);
    for (const table of listed) {
      const widths = [.../<w:tblGrid>[\s\S]*?<\/w:tblGrid>/.exec(table)![0].matchAll(/w:w="(\d+)"/g)].map((m) => Number(m[1]));
      const rows = [...table.matchAll(/<w:tr>[\s\S]*?<\/w:tr>/g)].map((m) => m[0]);
      const column = [...rows[0].matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)].findIndex((m) => textOf(m[0]) === '统一社会信用代码');
      for (const row of rows.slice(1)) {
        const cell = [...row.matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)][column][0];
        const code = textOf(cell);
        expect(code).toMatch(/^[0-9A-Z]{18}$/);
        const size = Number(attr(/<w:sz [^>]*\/>/.exec(cell)![0], 'val')) * 10; // twips a character's em
        const margins = Number(attr(/<w:left [^>]*\/>/.exec(cell)![0], 'w')) + Number(attr(/<w:right [^>]*\/>/.exec(cell)![0], 'w'));
        // room for 18 Latin capitals and digits at ¾ em, as wide as a fallback font sets them (LibreOffice wrapped at ½ em)
        expect(widths[column] - margins, `${key} ${code}`).toBeGreaterThanOrEqual(18 * 0.75 * size);
      }
    }
  });
});

describe.each(['chongqing-jiangjin', 'xinjiang-changji'])('the %s 拟评告知书 in Word: its 送达回证', (plugin) => {
  it('centres the letter’s 文号 under its title, as the print does', () => {
    const { document } = read.get(`${plugin} lowGradeNotice`)!;
    const number = paragraphs(document).find((p) => /^\S+诚信告〔\d{4}〕\d+号$/.test(textOf(p)))!;
    expect(attr(/<w:jc [^>]*\/>/.exec(number)![0], 'val')).toBe('center');
  });

  it('gives the signatures room to sign in, 58 pt as the print does, and 受送达人签名或盖章 one line of its column', () => {
    const { document } = read.get(`${plugin} lowGradeNotice`)!;
    const receipt = tables(document).find((t) => textOf(t).startsWith('送达文书'))!;
    const widths = [.../<w:tblGrid>[\s\S]*?<\/w:tblGrid>/.exec(receipt)![0].matchAll(/w:w="(\d+)"/g)].map((m) => Number(m[1]));
    const rows = [...receipt.matchAll(/<w:tr>[\s\S]*?<\/w:tr>/g)].map((m) => m[0]);
    const signing = rows.filter((r) => /^(受送达人签名或盖章|送达人签名)/.test(textOf(r)));
    expect(signing).toHaveLength(2);
    for (const row of signing) {
      const height = /<w:trHeight ([^>]*)\/>/.exec(row)![1];
      expect(attr(height, 'hRule')).toBe('atLeast');
      expect(Number(attr(height, 'val'))).toBeGreaterThanOrEqual(58 * 20);
    }
    const cell = /<w:tc>[\s\S]*?<\/w:tc>/.exec(signing[0])![0];
    const margins = Number(attr(/<w:left [^>]*\/>/.exec(cell)![0], 'w')) + Number(attr(/<w:right [^>]*\/>/.exec(cell)![0], 'w'));
    // nine 4号 characters, 280 twips each
    expect(widths[0] - margins).toBeGreaterThanOrEqual(9 * 280);
  });
});

describe.each(['chongqing-jiangjin', 'xinjiang-changji'])('the %s patrol plan in Word', (plugin) => {
  it('sets its table in 五号 on 13 pt lines as the print does, room in the 单位名称 column for a name on one line', () => {
    const { document } = read.get(`${plugin} patrolPlan`)!;
    const [table] = tables(document).filter((t) => textOf(t).includes('统一社会信用代码'));
    for (const size of table.matchAll(/<w:sz w:val="(\d+)"\/>/g)) expect(size[1]).toBe('21');
    for (const line of table.matchAll(/<w:spacing [^>]*w:line="(\d+)"/g)) expect(line[1]).toBe('260');
    const widths = [.../<w:tblGrid>[\s\S]*?<\/w:tblGrid>/.exec(table)![0].matchAll(/w:w="(\d+)"/g)].map((m) => Number(m[1]));
    const header = [.../<w:tr>[\s\S]*?<\/w:tr>/.exec(table)![0].matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)].map((m) => textOf(m[0]));
    // room for a name of 12 characters of 五号 (210 twips each) on a line
    expect(widths[header.indexOf('单位名称')]).toBeGreaterThanOrEqual(12 * 210);
  });
});
