/**
 * Working days (工作日) of China's official calendar: weekends, statutory holidays and make-up
 * workdays (调休), from chinese-days, which encodes each year's State Council notice. A year the
 * State Council has not yet announced is an error, not a guess from weekdays.
 */
import chineseDays from 'chinese-days';
import { JianchaError } from './errors.ts';
import { checkDate } from './facts.ts';

const { isWorkday } = chineseDays;
// the data ships as JSON beside the code; its holiday keys tell which years are announced
const data = (await import('chinese-days/dist/chinese-days.json', { with: { type: 'json' } })).default as { holidays: Record<string, string> };
const years = Object.keys(data.holidays).map((d) => Number(d.slice(0, 4)));
export const calendarYears = { first: Math.min(...years), last: Math.max(...years) };

function covered(date: string): string {
  checkDate(date);
  const year = Number(date.slice(0, 4));
  if (year < calendarYears.first || year > calendarYears.last) {
    throw new JianchaError(
      'invalid-date',
      `节假日日历只覆盖 ${calendarYears.first}–${calendarYears.last} 年，${year} 年的放假安排尚未收录`,
      `the holiday calendar covers ${calendarYears.first}–${calendarYears.last}; ${year} is not announced yet`,
    );
  }
  return date;
}

export function isWorkingDay(date: string): boolean {
  return isWorkday(covered(date));
}

function nextDay(date: string, step = 1): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + step);
  return d.toISOString().slice(0, 10);
}

/** The n-th working day after `from` (a deadline "自接到通知之日起n个工作日内"); n may be negative. */
export function addWorkingDays(from: string, n: number): string {
  let date = covered(from);
  const step = n < 0 ? -1 : 1;
  for (let left = Math.abs(n); left > 0; ) {
    date = nextDay(date, step);
    if (isWorkingDay(date)) left--;
  }
  return date;
}

/** Working days after `from` up to and including `to` (0 when `to` is not after `from`). */
export function workingDaysBetween(from: string, to: string): number {
  let count = 0;
  for (let date = nextDay(covered(from)); date <= to; date = nextDay(date)) if (isWorkingDay(date)) count++;
  return count;
}
