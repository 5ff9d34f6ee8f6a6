/**
 * Handlebars helpers for official documents: Chinese dates (2024年8月2日), Chinese numbering
 * (一、（一）1.（1）), deadlines in working days, percentages, months, money and counts, and the
 * fields of forms that may be blank.
 */
import { addWorkingDays } from '../calendar.ts';
import { BoundedCache } from '../boundedCache.ts';
import { checkDate } from '../facts.ts';
import { textWidth } from './gbt9704.ts';

const DIGITS = '〇一二三四五六七八九';

/** 1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 31 → 三十一 (numbers of notices stay under 100) */
export function chineseNumber(n: number): string {
  if (n < 10) return DIGITS[n];
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 1 ? '' : DIGITS[tens]}十${ones ? DIGITS[ones] : ''}`;
}

// a batch of documents prints the same few dates and months on every page
const written = new BoundedCache<string, string>(1000);

/** GB/T 9704 7.3.5.4: year in full, month and day without leading zeros. */
export function chineseDate(iso: string): string {
  return written.getOrMake(`d|${iso}`, () => {
    checkDate(iso);
    const [y, m, d] = iso.split('-').map(Number);
    return `${y}年${m}月${d}日`;
  });
}

/** A deadline as notices write it: the last day of a month is 月底 (2024-08-31 → 2024年8月底). */
export function deadline(iso: string): string {
  return written.getOrMake(`D|${iso}`, () => {
    const next = new Date(`${checkDate(iso)}T00:00:00Z`);
    next.setUTCDate(next.getUTCDate() + 1);
    return next.getUTCDate() === 1 ? chineseDate(iso).replace(/\d+日$/, '底') : chineseDate(iso);
  });
}

/**
 * A due date as a notice of `from`'s date sets it: 年底 for the last day of that year (江津通知 三、（一）4
 * 「整改工作原则上应在年底前全部完成」), else as `deadline` writes it.
 */
export function dueBy(iso: string, from: string): string {
  return iso === `${checkDate(from).slice(0, 4)}-12-31` ? '年底' : deadline(iso);
}

/** 2024-08-20 → 8月20日, for dates of the notice's own year */
export function monthDay(iso: string): string {
  return chineseDate(iso).replace(/^\d+年/, '');
}

/** The numbering levels of GB/T 9704 7.3.3: 一、 （一） 1. （1） */
export function ordinal(level: number, n: number): string {
  switch (level) {
    case 1:
      return `${chineseNumber(n)}、`;
    case 2:
      return `（${chineseNumber(n)}）`;
    case 3:
      return `${n}.`;
    default:
      return `（${n}）`;
  }
}

export const percent = (ratio: number) => `${Math.round(ratio * 1000) / 10}%`;

/** [5, 10] → "5、10月"; [3, 6, 12] in Chinese numerals → "三、六、十二月" */
export function months(list: number[], chinese = false): string {
  return `${list.map((m) => (chinese ? chineseNumber(m) : String(m))).join('、')}月`;
}

export const money = (yuan: number) => `${yuan.toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}元`;

export const count = (n: number, unit = '家') => `${n.toLocaleString('zh-CN')}${unit}`;

/** The date `days` working days after `from`, in Chinese. */
export const workingDeadline = (from: string, days: number) => chineseDate(addWorkingDays(from, days));

// every row of a checklist asks for one of a few lists: found by walking the list through nested maps, as a
// joined key cost a string per call (issue 13); cleared whole when it grows past its bound
interface PeriodsWritten {
  text?: string;
  next: Map<string, PeriodsWritten>;
}
const periodsWritten: PeriodsWritten = { next: new Map() };
let periodsKept = 0;

/** ["2024-03", "2024-06", "2024-12"] → "2024年3、6、12月" */
export function periods(list: string[]): string {
  let node = periodsWritten;
  for (const p of list) {
    let next = node.next.get(p);
    if (next === undefined) {
      if (++periodsKept > 1000) {
        periodsWritten.next.clear();
        periodsKept = 0;
        return periodsOf(list);
      }
      next = { next: new Map() };
      node.next.set(p, next);
    }
    node = next;
  }
  node.text ??= periodsOf(list);
  return node.text;
}

function periodsOf(list: string[]): string {
  const byYear = new Map<string, number[]>();
  for (const p of list) {
    const [y, m] = p.split('-');
    byYear.set(y, [...(byYear.get(y) ?? []), Number(m)]);
  }
  return [...byYear].map(([y, ms]) => `${y}年${months(ms)}`).join('；');
}

/** Whether a form's field has a value (0 and false are values); without one the cell stays blank to fill by hand. */
export const known = (value: unknown) => value !== undefined && value !== null;

/** A yes/no field of a form: 有/无 or 是/否 as the form asks; unknown stays blank. */
export const yesNo = (value: unknown, yes: string, no: string) => (value === true ? yes : value === false ? no : '');

/** A clause from the rules as a sentence: a full stop unless it already ends one. */
export const sentence = (text: string) => (/[。！？；]$/.test(text) ? text : `${text}。`);

// where a title may turn to its next line without splitting a word (GB/T 9704 7.3.1 回行时要做到词意完整):
// after these, and before these, words of the documents' titles
const BREAK_AFTER = ['关于', '年度', '和', '及', '与'];
const BREAK_BEFORE = ['和', '及', '与', '企业', '劳动保障', '守法诚信', '书面审查', '评价', '工作', '的通知', '名单', '计划'];
/** 2号 on the 156 mm 版心: 20 characters a line; digits and Latin letters are half as wide */
const TITLE_WIDTH = 20;

/**
 * A title in lines that keep its words whole: the fewest lines within the 版心's width, then the most
 * even (GB/T 9704 7.3.1: 长短适宜，排列对称). A title with no break that fits is left to the browser.
 */
export function titleLines(title: string, perLine = TITLE_WIDTH): string[] {
  // a copy: a caller may change its lines
  return [...laidOut.getOrMake(`${perLine}|${title}`, () => layOut(title, perLine))];
}

// the search tries every way to break: a grade list prints its title on every request, and a region's titles are few
const laidOut = new BoundedCache<string, string[]>(1000);

function layOut(title: string, perLine: number): string[] {
  if (textWidth(title) <= perLine) return [title];
  const breaks = new Set<number>();
  for (let i = 1; i < title.length; i++) {
    if (BREAK_AFTER.some((w) => title.slice(0, i).endsWith(w)) || BREAK_BEFORE.some((w) => title.startsWith(w, i))) breaks.add(i);
  }
  let best: string[] | undefined;
  const longest = (lines: string[]) => Math.max(...lines.map(textWidth));
  const search = (from: number, lines: string[]) => {
    if (best && lines.length > best.length) return;
    const rest = title.slice(from);
    if (textWidth(rest) <= perLine) {
      const done = [...lines, rest];
      if (!best || done.length < best.length || (done.length === best.length && longest(done) < longest(best))) best = done;
      return;
    }
    for (const at of breaks) if (at > from && textWidth(title.slice(from, at)) <= perLine) search(at, [...lines, title.slice(from, at)]);
  };
  search(0, []);
  return best ?? [title];
}
