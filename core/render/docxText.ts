/**
 * The text of an element of a rendered document as Word runs: its lines (split where the print
 * breaks them, at <br> and at each `.ln`), each a list of pieces in their font (`.kai` in 楷体), with
 * HTML's whitespace collapsed but the full-width spaces (　) a form lays out with kept.
 */
import { TextRun } from 'docx';
import type { HTMLElement, Node } from 'node-html-parser';
import { FONTS, type FontKey, textWidth } from './gbt9704.ts';

export interface Piece {
  text: string;
  font?: FontKey;
}
export type Line = Piece[];

const SPACE = /[ \t\r\n]+/g;

export function linesOf(root: Node): Line[] {
  const lines: Line[] = [];
  let current: Line = [];
  const end = () => {
    lines.push(current);
    current = [];
  };
  const walk = (node: Node, font?: FontKey) => {
    if (node.nodeType === 3) {
      current.push({ text: node.text.replace(SPACE, ' '), font });
      return;
    }
    if (node.nodeType !== 1) return;
    const el = node as HTMLElement;
    if (el.tagName === 'BR') return end();
    if (el.tagName === 'STYLE' || el.tagName === 'SCRIPT') return;
    const own = el.classList.contains('kai') ? 'kaiti' : font;
    const line = el.classList.contains('ln');
    if (line && current.length) end();
    for (const child of el.childNodes) walk(child, own);
    if (line) end();
  };
  walk(root);
  end();
  return lines.map(trim).filter((l) => l.length);
}

/** A line without the spaces that HTML's layout would drop at its ends. */
function trim(line: Line): Line {
  const out = line.map((p) => ({ ...p }));
  if (out.length) out[0].text = out[0].text.replace(/^ +/, '');
  if (out.length) out[out.length - 1].text = out[out.length - 1].text.replace(/ +$/, '');
  return out.filter((p) => p.text);
}

export const lineText = (line: Line) => line.map((p) => p.text).join('');

/** The widest line, in characters of its size */
export const widthOf = (lines: Line[]) => Math.max(0, ...lines.map((l) => textWidth(lineText(l))));

/** A font as Word names it, for every script, so that 仿宋_GB2312 sets the digits too */
export function wordFont(key: FontKey) {
  const { name } = FONTS[key];
  return { ascii: name, eastAsia: name, hAnsi: name, cs: name, hint: 'eastAsia' };
}

export interface RunStyle {
  font: FontKey;
  /** half-points */
  size: number;
  color?: string;
  /** per cent of the width (字形压缩) */
  scale?: number;
}

export function runsOf(lines: Line[], style: RunStyle): TextRun[] {
  return lines.flatMap((line, i) =>
    line.map(
      (piece, j) =>
        new TextRun({
          text: piece.text,
          font: wordFont(piece.font ?? style.font),
          size: style.size,
          color: style.color,
          scale: style.scale,
          break: i > 0 && j === 0 ? 1 : undefined,
        }),
    ),
  );
}
