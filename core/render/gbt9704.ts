/**
 * The GB/T 9704-2012 measures that print (templates/common/partials/officialStyle.hbs and the
 * issuerMark helper) and Word (docx.ts) both lay out: the page and its 版心, the fonts, the
 * 发文机关标志. REGULATIONS.md §5 quotes the clauses.
 */

/** 5.1 A4; 5.2.1 天头 37 mm, 订口 28 mm, 版心 156 × 225 mm, so 35 mm below and 26 mm beside */
export const PAGE = { width: 210, height: 297 };
export const MARGIN = { top: 37, bottom: 35, left: 28, right: 26 };
/** 5.2.2 3号 text; 5.2.3 22 lines of 28 characters */
export const LINES = 22;
export const CHARS = 28;
export const BODY_PT = 16;

export const RED = 'CC0000';

/** A text's width in characters of its size (3.1 一字): digits and Latin letters are half as wide (半角) */
export const textWidth = (text: string) => [...text].reduce((w, c) => w + (/[\x20-\x7e]/.test(c) ? 0.5 : 1), 0);

/**
 * The fonts by the names a bureau's Word has (the _GB2312 forms of the 仿宋, 楷体 of 5.2.2 and 7.3.3), each with the
 * name a machine without them is likely to have, which Word and LibreOffice substitute, and the kind
 * of face (serif, sans, script) that a machine with neither falls back to.
 */
export const FONTS = {
  fangsong: { name: '仿宋_GB2312', alt: '仿宋', family: 'roman' },
  heiti: { name: '黑体', alt: 'SimHei', family: 'swiss' },
  kaiti: { name: '楷体_GB2312', alt: '楷体', family: 'script' },
  xiaobiaosong: { name: '方正小标宋简体', alt: '华文中宋', family: 'roman' },
  // 7.5: the page number in 4号半角宋体
  songti: { name: '宋体', alt: 'SimSun', family: 'roman' },
} as const;
export type FontKey = keyof typeof FONTS;

/** 7.2.4: the 发文机关标志's upper edge 35 mm below the 版心's top */
const ISSUER_MARK_TOP = 35;
/** 小初: larger than the 2号 title, and under the 15 mm height of a mark's character */
const ISSUER_MARK_PT = 36;
const MM_PER_PT = 25.4 / 72;

/**
 * 7.2.4 发文机关标志: red 小标宋, 醒目、美观、庄重, within the 版心's width: a name too long for one
 * line at 小初 is narrowed (字形压缩, as bureaus' marks are), never made smaller or broken.
 */
export function issuerMark(text: string): { topMm: number; sizePt: number; scale: number; color: string } {
  const natural = textWidth(text) * ISSUER_MARK_PT * MM_PER_PT;
  const room = 0.98 * (PAGE.width - MARGIN.left - MARGIN.right);
  return { topMm: ISSUER_MARK_TOP, sizePt: ISSUER_MARK_PT, scale: Math.min(100, Math.floor((100 * room) / natural)), color: RED };
}
