/**
 * A table of a rendered document as a Word table laid out as the print lays it out: columns as wide
 * as their content asks (a 序号 narrow, a 材料名称 wide), no row split across pages, the header row
 * repeated on each page, 4号 (小四 in the compact lists and the forms' fields) in its cells.
 */
import { AlignmentType, BorderStyle, HeightRule, LineRuleType, Paragraph, Table, TableCell, TableLayoutType, TableRow, WidthType } from 'docx';
import type { HTMLElement } from 'node-html-parser';
import { type Line, linesOf, runsOf, widthOf } from './docxText.ts';
import { textWidth } from './helpers.ts';

const border = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
/** what a column needs beyond its text: the cell's padding on both sides, in characters */
const PADDING = 1;

/**
 * Column widths in proportion to their content: each column's widest line where all fit, else each
 * keeps its longest unbreakable word (an 18-character credit code) and the rest of the width goes
 * to the columns in proportion to what more they would take.
 */
export function columnWidths(cells: Line[][][], total: number, charTwips: number): number[] {
  const columns = Math.max(0, ...cells.map((r) => r.length));
  const natural: number[] = [];
  const least: number[] = [];
  for (let c = 0; c < columns; c++) {
    const column = cells.map((r) => r[c] ?? []);
    natural.push(Math.max(2, ...column.map(widthOf)) + PADDING);
    const words = column.flatMap((lines) => lines.flatMap((l) => l.flatMap((p) => p.text.match(/[\x21-\x7e]+/g) ?? [])));
    least.push(Math.max(2, ...words.map(textWidth)) + PADDING);
  }
  const room = total / charTwips;
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  let chars: number[];
  if (sum(natural) <= room) chars = natural.map((n) => n + ((room - sum(natural)) * n) / sum(natural));
  else if (sum(least) >= room) chars = least.map((n) => (room * n) / sum(least));
  else {
    const more = natural.map((n, i) => n - least[i]);
    chars = least.map((n, i) => n + ((room - sum(least)) * more[i]) / sum(more));
  }
  const twips = chars.map((c) => Math.floor(c * charTwips));
  // what rounding left goes to the widest, so the table fills the 版心 exactly
  twips[twips.indexOf(Math.max(...twips))] += total - sum(twips);
  return twips;
}

/** The table in Word, `total` twips wide (the 版心). */
export function wordTable(el: HTMLElement, total: number): Table {
  const small = el.classList.contains('compact') || el.classList.contains('fields');
  // half-points and the exact line in twips: 4号 on 22 pt lines, or 小四 on 18 pt as the print sets them
  const size = small ? 24 : 28;
  const line = small ? 360 : 440;
  const rows = el.querySelectorAll('tr');
  const cellsOf = (tr: HTMLElement) => tr.querySelectorAll('th,td').filter((c) => c.parentNode === tr);
  const lines = rows.map((tr) => cellsOf(tr).map(linesOf));
  const widths = columnWidths(lines, total, size * 10);
  const margin = small ? 85 : 113; // 1.5 mm and 2 mm
  return new Table({
    layout: TableLayoutType.FIXED,
    width: { size: total, type: WidthType.DXA },
    columnWidths: widths,
    borders: { top: border, bottom: border, left: border, right: border, insideHorizontal: border, insideVertical: border },
    rows: rows.map(
      (tr, r) =>
        new TableRow({
          cantSplit: true,
          tableHeader: tr.parentNode?.tagName === 'THEAD',
          height: tr.classList.contains('opinion') ? { value: 720, rule: HeightRule.ATLEAST } : undefined,
          children: cellsOf(tr).map(
            (cell, c) =>
              new TableCell({
                width: { size: widths[c], type: WidthType.DXA },
                margins: { top: 40, bottom: 40, left: margin, right: margin },
                children: [
                  new Paragraph({
                    alignment: cell.classList.contains('c') ? AlignmentType.CENTER : AlignmentType.LEFT,
                    spacing: { line, lineRule: LineRuleType.EXACT },
                    children: runsOf(lines[r][c], {
                      font: cell.tagName === 'TH' ? 'heiti' : 'fangsong',
                      size: cell.classList.contains('code') ? 21 : size,
                    }),
                  }),
                ],
              }),
          ),
        }),
    ),
  });
}
