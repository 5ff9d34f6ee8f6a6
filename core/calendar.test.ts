import { describe, expect, it } from 'vitest';
import { addWorkingDays, calendarYears, isWorkingDay, workingDaysBetween } from './calendar.ts';
import { JianchaError } from './errors.ts';

// Make-up workdays and holidays from the State Council notices (REGULATIONS.md §8.2)
describe('working days of the official calendar', () => {
  it.each(['2023-01-28', '2024-02-04', '2024-09-29', '2025-09-28', '2026-01-04'])('调休上班 %s is a working day', (d) => {
    expect(isWorkingDay(d)).toBe(true);
  });

  it.each(['2024-10-01', '2024-10-07', '2025-01-29', '2025-05-02', '2026-10-01'])('holiday %s is not a working day', (d) => {
    expect(isWorkingDay(d)).toBe(false);
  });

  it('counts 10 working days from the 江津 notice of 2024-08-02 (a Friday): 2024-08-16', () => {
    expect(addWorkingDays('2024-08-02', 10)).toBe('2024-08-16');
  });

  it('skips the National Day week and counts the make-up Saturday 2024-10-12', () => {
    // 2024-09-30 (Mon) → 10-08 (Tue) first working day after the holiday; 10-12 (Sat) is 调休上班
    expect(addWorkingDays('2024-09-30', 1)).toBe('2024-10-08');
    expect(addWorkingDays('2024-09-30', 5)).toBe('2024-10-12');
  });

  it('counts a publicity of 5 working days', () => {
    expect(workingDaysBetween('2024-09-06', '2024-09-13')).toBe(5);
  });

  it('covers 2023 to 2026 at least', () => {
    expect(calendarYears.first).toBeLessThanOrEqual(2023);
    expect(calendarYears.last).toBeGreaterThanOrEqual(2026);
  });

  it('refuses a year not yet announced instead of guessing', () => {
    expect(() => isWorkingDay(`${calendarYears.last + 1}-03-02`)).toThrow(JianchaError);
  });
});
