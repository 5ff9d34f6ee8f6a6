/**
 * A table of a rendered document as a Word table laid out as the print lays it out: columns as wide
 * as their content asks (a 序号 narrow, a 材料名称 wide), no row split across pages, the header row
 * repeated on each page, 4号 (小四 in the compact lists and the forms' fields, 五号 in the patrol plan) in its cells.
 */
import { AlignmentType, BorderStyle, HeightRule, LineRuleType, Paragraph, Table, TableCell, TableLayoutType, TableRow, WidthType } from 'docx';
import type { HTMLElement } from 'node-html-parser';
import { type Line, linesOf, runsOf, widthOf } from './docxText.ts';
import { textWidth } from './gbt9704.ts';

const border = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
/** a credit code's half-points: 五号, as the print sets it */
const CODE_SIZE = 21;
/** what a column needs beyond its text: the cell's padding on both sides, in characters */
const PADDING = 1;

/**
 * Column widths: those the template's <colgroup> gives (a form's 21% labels), the others in proportion
 * to their content: each column's widest line where all fit, else each keeps its longest unbreakable
 * word (an 18-character credit code) and the rest goes in proportion to what more they would take.
 */
export function columnWidths(cells: { lines: Line[]; span: number }[][], total: number, charTwips: number, given: (number | undefined)[] = []): number[] {
  const columns = Math.max(0, ...cells.map((r) => r.reduce((n, c) => n + c.span, 0)));
  // each column's cells, a cell spanning several counted in none of them
  const byColumn: Line[][][] = Array.from({ length: columns }, () => []);
  for (const row of cells) {
    let at = 0;
    for (const cell of row) {
      if (cell.span === 1) byColumn[at].push(cell.lines);
      at += cell.span;
    }
  }
  const natural = byColumn.map((column) => Math.max(2, ...column.map(widthOf)) + PADDING);
  const least = byColumn.map((column) => {
    const words = column.flatMap((lines) => lines.flatMap((l) => l.flatMap((p) => p.text.match(/[\x21-\x7e]+/g) ?? [])));
    return Math.max(2, ...words.map(textWidth)) + PADDING;
  });
  // the widths the template gives its columns (twips) stand; the others share the rest by their content
  const fixed = sum(given.slice(0, columns).map((g) => g ?? 0));
  const free = natural.map((_, c) => given[c] === undefined);
  const shared = shareByContent(
    natural.filter((_, c) => free[c]),
    least.filter((_, c) => free[c]),
    Math.max(0, total - fixed) / charTwips,
  );
  const twips = natural.map((_, c) => Math.floor(given[c] ?? shared.shift()! * charTwips));
  // what rounding left goes to the widest, so the table fills the 版心 exactly
  twips[twips.indexOf(Math.max(...twips))] += total - sum(twips);
  return twips;
}

/** Widths in characters for columns whose content asks `natural` and can shrink to `least`, within `room`. */
function shareByContent(natural: number[], least: number[], room: number): number[] {
  if (!natural.length) return [];
  let chars: number[];
  if (sum(natural) <= room) chars = natural.map((n) => n + ((room - sum(natural)) * n) / sum(natural));
  else if (sum(least) >= room) chars = least.map((n) => (room * n) / sum(least));
  else {
    const more = natural.map((n, i) => n - least[i]);
    chars = least.map((n, i) => n + ((room - sum(least)) * more[i]) / sum(more));
  }
  return chars;
}

/** The widths a table's <colgroup> sets (style="width: 21%" or "3em"), in twips; undefined where it sets none. */
function givenWidths(el: HTMLElement, total: number, emTwips: number): (number | undefined)[] {
  return el.querySelectorAll('colgroup col').map((col) => {
    const m = /width:\s*([\d.]+)(%|em)/.exec(col.getAttribute('style') ?? '');
    if (!m) return undefined;
    return m[2] === '%' ? (Number(m[1]) / 100) * total : Number(m[1]) * emTwips;
  });
}

/** The table in Word, `total` twips wide (the 版心). */
export function wordTable(el: HTMLElement, total: number): Table {
  const plan = el.classList.contains('plan');
  const small = el.classList.contains('compact') || el.classList.contains('fields');
  // half-points and the exact line in twips as the print sets them: 4号 on 22 pt lines, 小四 on 18 pt in
  // the compact lists and on 16 pt in a form's fields, 五号 on 13 pt in the patrol plan's line an employer
  const size = plan ? 21 : small ? 24 : 28;
  const line = plan ? 260 : el.classList.contains('fields') ? 320 : small ? 360 : 440;
  const rows = el.querySelectorAll('tr');
  const cellsOf = (tr: HTMLElement) => tr.querySelectorAll('th,td').filter((c) => c.parentNode === tr);
  const cells = rows.map((tr) => cellsOf(tr).map((cell) => ({ lines: linesOf(cell), span: Number(cell.getAttribute('colspan') ?? 1) })));
  const margin = plan ? 57 : small ? 85 : 113; // 1 mm, 1.5 mm and 2 mm
  const given = givenWidths(el, total, size * 10);
  // a column of credit codes holds the longest on one line at ¾ em a Latin capital or digit, as wide as
  // LibreOffice's fallback font sets them, though the template's width is reckoned for 仿宋's ½ em
  rows.forEach((tr, r) =>
    cellsOf(tr).forEach((cell, c) => {
      if (!cell.classList.contains('code') || cells[r][c].span > 1) return;
      const column = cells[r].slice(0, c).reduce((n, x) => n + x.span, 0);
      given[column] = Math.max(given[column] ?? 0, Math.ceil(textWidth(cell.text.trim()) * 1.5 * CODE_SIZE * 10) + 2 * margin);
    }),
  );
  const widths = columnWidths(cells, total, size * 10, given);
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
          // room to write in: an opinion's 36 pt, a 送达回证's signature row's 58 pt, as the print gives them
          height: tr.classList.contains('opinion')
            ? { value: 720, rule: HeightRule.ATLEAST }
            : tr.classList.contains('sign')
              ? { value: 1160, rule: HeightRule.ATLEAST }
              : undefined,
          children: cellsOf(tr).map((cell, c) => {
            const { lines, span } = cells[r][c];
            const first = cells[r].slice(0, c).reduce((n, x) => n + x.span, 0);
            return new TableCell({
              columnSpan: span > 1 ? span : undefined,
              width: { size: widths.slice(first, first + span).reduce((a, b) => a + b, 0), type: WidthType.DXA },
              margins: { top: 40, bottom: 40, left: margin, right: margin },
              children: [
                new Paragraph({
                  alignment: cell.classList.contains('c') ? AlignmentType.CENTER : cell.classList.contains('date') ? AlignmentType.RIGHT : AlignmentType.LEFT,
                  spacing: { line, lineRule: LineRuleType.EXACT },
                  children: runsOf(lines, {
                    font: cell.tagName === 'TH' ? 'heiti' : 'fangsong',
                    size: cell.classList.contains('code') ? CODE_SIZE : size,
                  }),
                }),
              ],
            });
          }),
        }),
    ),
  });
}
