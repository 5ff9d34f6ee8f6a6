/**
 * The .docx of a rendered document, for the clerk who edits it before it is signed and sealed, laid
 * out to GB/T 9704 as the print is: the same HTML walked element by element (node-html-parser) into
 * Word paragraphs and tables (docx) on a 22 × 28 document grid, 3号仿宋_GB2312 with the margins of
 * 5.2.1, the red 发文机关标志 35 mm down and the red separator line, titles on their lines, 署名 and
 * 成文日期 右空四字, the attachment on a page of its own, the 版记 and its rules at the foot of the
 * last page, and 「— n —」 at the outer side of every page.
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  DocumentGridType,
  Footer,
  LineRuleType,
  OverlapType,
  Packer,
  PageNumber,
  PageOrientation,
  Paragraph,
  RelativeVerticalPosition,
  Table,
  TableAnchorType,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import { type HTMLElement, parse } from 'node-html-parser';
import { fontTable, styles } from './docxParts.ts';
import { wordTable } from './docxTable.ts';
import { type Line, linesOf, lineText, type RunStyle, runsOf, wordFont } from './docxText.ts';
import { BODY_PT, CHARS, issuerMark, LINES, MARGIN, PAGE, RED, textWidth } from './gbt9704.ts';

const twips = (mm: number) => Math.round((mm * 1440) / 25.4);
const PT_MM = 25.4 / 72;

/** The portrait 版心 in twips, and the grid that divides it into 22 lines of 28 characters (5.2.3). */
const TEXT_WIDTH = twips(PAGE.width) - twips(MARGIN.left) - twips(MARGIN.right);
const TEXT_HEIGHT = twips(PAGE.height) - twips(MARGIN.top) - twips(MARGIN.bottom);
export const LINE_PITCH = Math.floor(TEXT_HEIGHT / LINES);
/** Word's character pitch is the Normal font's size plus charSpace / 4096 points (ECMA-376 17.6.5) */
export const CHAR_SPACE = Math.floor((TEXT_WIDTH / 20 / CHARS - BODY_PT) * 4096);
const CHAR = TEXT_WIDTH / CHARS;

type Align = (typeof AlignmentType)[keyof typeof AlignmentType];
interface Block {
  lines: Line[];
  run?: Partial<RunStyle>;
  align?: Align;
  /** first-line indent in characters; 2 (每个自然段左空二字) unless said */
  indent?: number;
  /** characters from the right */
  right?: number;
  /** blank lines before and after */
  before?: number;
  after?: number;
  /** an exact line in twips other than the grid's */
  line?: number;
  /** a red rule below, 4 mm under the text (7.2.7) */
  redRule?: boolean;
  /** on the page of the paragraph after it */
  keepNext?: boolean;
  pageBreakBefore?: boolean;
}

function paragraph(b: Block): Paragraph {
  const indent = b.indent ?? 2;
  return new Paragraph({
    alignment: b.align ?? AlignmentType.JUSTIFIED,
    indent: {
      ...(indent ? { firstLine: Math.round(indent * CHAR), firstLineChars: indent * 100 } : {}),
      ...(b.right ? { right: Math.round(b.right * CHAR) } : {}),
    },
    spacing: {
      line: b.line ?? LINE_PITCH,
      lineRule: LineRuleType.EXACT,
      before: Math.round((b.before ?? 0) * LINE_PITCH),
      after: Math.round((b.after ?? 0) * LINE_PITCH),
    },
    border: b.redRule ? { bottom: { style: BorderStyle.SINGLE, size: 12, color: RED, space: 11 } } : undefined,
    pageBreakBefore: b.pageBreakBefore,
    keepNext: b.keepNext,
    children: runsOf(b.lines, { font: 'fangsong', size: BODY_PT * 2, ...b.run }),
  });
}

const isRule = (el: HTMLElement | null) => el?.tagName === 'HR' && el.classList.contains('red-rule');

/** The 发文机关标志: red 小标宋, 35 mm below the 版心's top, as wide as issuerMark makes it for print too. */
function issuerMarkBlock(el: HTMLElement): Block {
  const text = linesOf(el).map(lineText).join('');
  const { topMm, sizePt, scale, color } = issuerMark(text);
  return {
    lines: [[{ text }]],
    run: { font: 'xiaobiaosong', size: sizePt * 2, color, scale: scale < 100 ? scale : undefined },
    align: AlignmentType.CENTER,
    indent: 0,
    line: sizePt * 20,
    // the space before is the mark's distance; its line is as tall as its characters
    before: twips(topMm) / LINE_PITCH,
    redRule: isRule(el.nextElementSibling),
  };
}

/** 版记 (7.4): 4号仿宋 rows between a thick rule above and below and a thin one between, at the foot of the last page. */
function imprint(el: HTMLElement, left: number): Table {
  const one = 14 * 20; // a 4号 character in twips
  // the 印发日期 as wide as it is with its 一字 and room for the space an application sets around its digits, the 印发机关 the rest
  const date = el.querySelector('.printed span:last-child');
  const widths = [TEXT_WIDTH - Math.ceil((textWidth(date?.text ?? '') + 4) * one)];
  widths.push(TEXT_WIDTH - widths[0]);
  const cell = (line: Line, align: Align, width: number, span?: number) =>
    new TableCell({
      columnSpan: span,
      width: { size: width, type: WidthType.DXA },
      margins: { left: 0, right: 0, top: 0, bottom: 0 },
      children: [
        new Paragraph({
          alignment: align,
          indent: { left: align === AlignmentType.RIGHT ? 0 : one, right: align === AlignmentType.LEFT && !span ? 0 : one },
          spacing: { line: LINE_PITCH, lineRule: LineRuleType.EXACT },
          children: runsOf([line], { font: 'fangsong', size: 28 }),
        }),
      ],
    });
  const rows = el.querySelectorAll('p').map((p) => {
    const spans = p.querySelectorAll('span');
    // 7.4.3: 印发机关左空一字，印发日期右空一字; 7.4.2: 抄送 左右各空一字
    const cells =
      spans.length === 2
        ? [cell(linesOf(spans[0])[0], AlignmentType.LEFT, widths[0]), cell(linesOf(spans[1])[0], AlignmentType.RIGHT, widths[1])]
        : [cell(linesOf(p)[0], AlignmentType.LEFT, TEXT_WIDTH, 2)];
    return new TableRow({ cantSplit: true, children: cells });
  });
  const thick = { style: BorderStyle.SINGLE, size: 8, color: '000000' }; // 0.35 mm
  const thin = { style: BorderStyle.SINGLE, size: 6, color: '000000' }; // 0.25 mm
  const none = { style: BorderStyle.NONE, size: 0, color: 'auto' };
  return new Table({
    layout: TableLayoutType.FIXED,
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: widths,
    borders: { top: thick, bottom: thick, insideHorizontal: thin, left: none, right: none, insideVertical: none },
    // 7.4.1: 末条分隔线与公文最后一面的版心下边缘重合
    float: {
      // from the page's edge, which LibreOffice floats however wide the table (from the margin, only one narrower than it)
      horizontalAnchor: TableAnchorType.PAGE,
      absoluteHorizontalPosition: left,
      verticalAnchor: TableAnchorType.MARGIN,
      relativeVerticalPosition: RelativeVerticalPosition.BOTTOM,
      overlap: OverlapType.NEVER,
    },
    rows,
  });
}

function blocks(root: HTMLElement, width: number, left: number): (Paragraph | Table)[] {
  const out: (Block | Paragraph | Table)[] = [];
  let pageBreak = false;
  const add = (b: Block) => {
    out.push({ ...b, pageBreakBefore: pageBreak });
    pageBreak = false;
  };
  // the 附件说明 and the signature stay with the text's last lines, never on a page to themselves
  const keepWithNext = () => {
    const last = out.at(-1);
    if (last && !(last instanceof Paragraph) && !(last instanceof Table)) last.keepNext = true;
  };
  for (const el of root.childNodes.filter((n): n is HTMLElement => n.nodeType === 1)) {
    const cls = el.classList;
    const tag = el.tagName;
    const lines = () => linesOf(el);
    if (cls.contains('issuer-mark')) add(issuerMarkBlock(el));
    // 7.2.5 发文字号 编排在发文机关标志下空二行位置; the red line 4 mm under it
    else if (cls.contains('doc-number')) add({ lines: lines(), align: AlignmentType.CENTER, indent: 0, before: 2, redRule: isRule(el.nextElementSibling) });
    else if (cls.contains('page-break')) pageBreak = true;
    else if (cls.contains('signature')) {
      // 7.3.5.1 成文日期右空四字, the 署名 above it ending where it ends; an employer's seal line 右空二字
      const right = cls.contains('employer') ? 2 : 4;
      keepWithNext();
      linesOf(el).forEach((line, i) => {
        if (i > 0) keepWithNext();
        add({ lines: [line], align: AlignmentType.RIGHT, indent: 0, right, before: i === 0 && !cls.contains('employer') ? 2 : 0 });
      });
    } else if (cls.contains('imprint')) {
      // a floating table is anchored to the paragraph after it (LibreOffice drops one without), which takes no room
      out.push(imprint(el, left), new Paragraph({ spacing: { line: 20, lineRule: LineRuleType.EXACT }, children: [] }));
    } else if (tag === 'H1') {
      // 7.3.1 2号小标宋, 红色分隔线下空二行, 标题下空一行 before the 主送机关
      const previous = el.previousElementSibling;
      add({
        lines: lines(),
        run: { font: 'xiaobiaosong', size: 44 },
        align: AlignmentType.CENTER,
        indent: 0,
        line: 700,
        // a form's title on the first line, or on the third under an attachment's 附件 line
        before: isRule(previous) ? 2 : previous && previous.tagName !== 'STYLE' ? 1 : 0,
        after: 1,
      });
      // a heading on the page of its first paragraph, never the last line of a page, as the print keeps it
    } else if (tag === 'H2') add({ lines: lines(), run: { font: 'heiti' }, keepNext: true });
    else if (tag === 'H3') add({ lines: lines(), run: { font: 'kaiti' }, keepNext: true });
    else if (tag === 'P') {
      // the contact line stays with the signature above it, as the print's break-before: avoid keeps it
      if (cls.contains('attachments') || cls.contains('contact')) keepWithNext();
      add({
        lines: lines(),
        // an attachment's 附件 line in 黑体, 顶格
        run: cls.contains('attachment-label') ? { font: 'heiti' } : undefined,
        // a letter's 文号 centred under its title, as the print sets it
        align: cls.contains('letter-number') ? AlignmentType.CENTER : undefined,
        indent: cls.contains('flush') || cls.contains('attachment-label') ? 0 : 2,
        // 7.3.4 附件说明 正文下空一行; the contact line set apart as the print sets it
        before: cls.contains('attachments') || cls.contains('contact') ? 1 : 0,
      });
    } else if (tag === 'OL' || tag === 'UL') for (const li of el.querySelectorAll('li')) add({ lines: linesOf(li) });
    else if (tag === 'TABLE') {
      out.push(wordTable(el, width));
      pageBreak = false;
    } else if (tag === 'DIV' || tag === 'SECTION' || tag === 'ARTICLE') out.push(...blocks(el, width, left));
  }
  return out.map((b) => (b instanceof Paragraph || b instanceof Table ? b : paragraph(b)));
}

/** 7.5: 4号半角宋体「— n —」, 一字线上距版心下边缘 7 mm, 单页码居右空一字, 双页码居左空一字. */
function pageNumber(side: 'odd' | 'even'): Footer {
  const one = 14 * 20;
  return new Footer({
    children: [
      new Paragraph({
        alignment: side === 'odd' ? AlignmentType.RIGHT : AlignmentType.LEFT,
        indent: side === 'odd' ? { right: one } : { left: one },
        spacing: { line: one, lineRule: LineRuleType.EXACT },
        children: [new TextRun({ children: ['— ', PageNumber.CURRENT, ' —'], font: wordFont('songti'), size: 28 })],
      }),
    ],
  });
}

export async function toDocx(html: string, title: string): Promise<Buffer> {
  const article = parse(html).querySelector('article.official') ?? parse(html);
  // a document whose print style turns the page (the patrol plan's wide table) turns it in Word too
  const landscape = /@page\s*\{[^}]*size:\s*A4\s+landscape/.test(html);
  // landscape: the 订口 and 天头 turn with the page, as the print's @page turns them
  const margin = landscape
    ? { top: twips(MARGIN.left), bottom: twips(MARGIN.right), left: twips(MARGIN.bottom), right: twips(MARGIN.top) }
    : { top: twips(MARGIN.top), bottom: twips(MARGIN.bottom), left: twips(MARGIN.left), right: twips(MARGIN.right) };
  const width = landscape ? twips(PAGE.height) - margin.left - margin.right : TEXT_WIDTH;
  // the footer's line ends where a 4号 line centred 7 mm below the 版心 ends
  const footer = twips((landscape ? MARGIN.right : MARGIN.bottom) - 7 - (14 * PT_MM) / 2);
  const doc = new Document({
    title,
    creator: 'jiancha',
    evenAndOddHeaderAndFooters: true,
    sections: [
      {
        properties: {
          page: {
            size: landscape
              ? { width: twips(PAGE.width), height: twips(PAGE.height), orientation: PageOrientation.LANDSCAPE }
              : { width: twips(PAGE.width), height: twips(PAGE.height) },
            margin: { ...margin, footer, header: twips(15) },
          },
          grid: { type: DocumentGridType.LINES_AND_CHARS, linePitch: LINE_PITCH, charSpace: CHAR_SPACE },
        },
        footers: { default: pageNumber('odd'), even: pageNumber('even') },
        children: blocks(article, width, margin.left),
      },
    ],
  });
  return Packer.toBuffer(doc, false, [
    { path: 'word/fontTable.xml', data: fontTable() },
    { path: 'word/styles.xml', data: styles(LINE_PITCH) },
  ]);
}
