/**
 * The .docx of a rendered document, for bureaus that edit before sealing: the same HTML walked
 * element by element (node-html-parser) into Word paragraphs and tables (docx), in 仿宋 3号 with the
 * GB/T 9704 margins, headings in 黑体 and 楷体, the issuer's mark in red.
 */
import { AlignmentType, BorderStyle, Document, Packer, PageOrientation, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import { parse, type HTMLElement, type Node } from 'node-html-parser';

const MM = 56.7; // twips per millimetre
const FANGSONG = '仿宋';
const SIZE_3 = 32; // half-points: 3号 = 16 pt
const text = (node: Node) => node.text.replace(/\s+/g, ' ').trim();

function run(content: string, opts: { font?: string; size?: number; color?: string } = {}): TextRun {
  const font = opts.font ?? FANGSONG;
  return new TextRun({ text: content, font: { ascii: font, eastAsia: font, hAnsi: font }, size: opts.size ?? SIZE_3, color: opts.color });
}

function paragraph(
  content: string,
  opts: { font?: string; size?: number; color?: string; align?: (typeof AlignmentType)[keyof typeof AlignmentType]; indent?: boolean } = {},
) {
  return new Paragraph({
    alignment: opts.align ?? AlignmentType.JUSTIFIED,
    indent: opts.indent === false ? undefined : { firstLine: 2 * 16 * 20 },
    spacing: { line: 580, lineRule: 'exact' as never },
    children: [run(content, opts)],
  });
}

function table(el: HTMLElement): Table {
  const rows = el.querySelectorAll('tr').map(
    (tr) =>
      new TableRow({
        children: tr.querySelectorAll('th,td').map(
          (cell) =>
            new TableCell({
              children: [paragraph(text(cell), { size: 28, indent: false, align: AlignmentType.LEFT, font: cell.tagName === 'TH' ? '黑体' : FANGSONG })],
            }),
        ),
      }),
  );
  const border = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
  return new Table({
    rows,
    width: { size: 100, type: WidthType.PERCENTAGE },
    borders: { top: border, bottom: border, left: border, right: border, insideHorizontal: border, insideVertical: border },
  });
}

function blocks(root: HTMLElement): (Paragraph | Table)[] {
  const out: (Paragraph | Table)[] = [];
  for (const el of root.childNodes.filter((n): n is HTMLElement => n.nodeType === 1)) {
    const cls = el.classList;
    const tag = el.tagName;
    if (cls.contains('issuer-mark'))
      out.push(paragraph(text(el), { font: '方正小标宋简体', size: 44, color: 'C00000', align: AlignmentType.CENTER, indent: false }));
    else if (cls.contains('doc-number')) out.push(paragraph(text(el), { align: AlignmentType.CENTER, indent: false }));
    else if (cls.contains('signature'))
      for (const line of el.querySelector('div')!.innerHTML.split(/<br\s*\/?>/))
        out.push(paragraph(parse(line).text.trim(), { align: AlignmentType.RIGHT, indent: false }));
    else if (cls.contains('imprint'))
      for (const p of el.querySelectorAll('p')) out.push(paragraph(p.querySelectorAll('span').map(text).join('　　') || text(p), { size: 28, indent: false }));
    else if (tag === 'H1') out.push(paragraph(text(el), { font: '方正小标宋简体', size: 44, align: AlignmentType.CENTER, indent: false }));
    else if (tag === 'H2') out.push(paragraph(text(el), { font: '黑体' }));
    else if (tag === 'H3') out.push(paragraph(text(el), { font: '楷体' }));
    else if (tag === 'P') out.push(paragraph(text(el), { indent: !cls.contains('flush') }));
    else if (tag === 'OL' || tag === 'UL') for (const li of el.querySelectorAll('li')) out.push(paragraph(text(li)));
    else if (tag === 'TABLE') out.push(table(el));
    else if (tag === 'DIV' || tag === 'SECTION' || tag === 'ARTICLE') out.push(...blocks(el));
  }
  return out;
}

export async function toDocx(html: string, title: string): Promise<Buffer> {
  const article = parse(html).querySelector('article.official') ?? parse(html);
  // a document whose print style turns the page (the patrol plan's wide table) turns it in Word too
  const landscape = /@page\s*\{[^}]*size:\s*A4\s+landscape/.test(html);
  const page = landscape
    ? {
        size: { width: 210 * MM, height: 297 * MM, orientation: PageOrientation.LANDSCAPE },
        margin: { top: 28 * MM, bottom: 26 * MM, left: 35 * MM, right: 37 * MM },
      }
    : { size: { width: 210 * MM, height: 297 * MM }, margin: { top: 37 * MM, bottom: 35 * MM, left: 28 * MM, right: 26 * MM } };
  const doc = new Document({ title, creator: 'jiancha', sections: [{ properties: { page }, children: blocks(article) }] });
  return Packer.toBuffer(doc);
}
