/**
 * Dates are the server's: what an employer files is filed today. Only a bureau entering a paper it
 * received earlier gives an earlier date, never a future one, and says why it enters it late; the
 * audit record keeps the reason.
 */
import { JianchaError } from '../errors.ts';
import { checkDate, today } from '../facts.ts';
import type { Actor } from './actor.ts';

/** A paper received earlier and entered by the bureau now: the day it arrived, and why it is entered late. */
export interface BackEntry {
  receivedOn: string;
  reason: string;
}

/** The day a paper counts as filed, and the reason when that is before today. */
export function backEntryDate(actor: Actor, entry: BackEntry | undefined): { on: string; reason: string | null } {
  const on = today();
  if (!entry) return { on, reason: null };
  if (actor.role === 'employer') throw new JianchaError('forbidden', '收件日期由人社局登记', 'the bureau records the date a paper was received');
  checkDate(entry.receivedOn, { zh: '收件日期', en: 'the date received' });
  if (entry.receivedOn > on)
    throw new JianchaError('invalid-input', `收件日期 ${entry.receivedOn} 晚于今天 ${on}`, `the date received ${entry.receivedOn} is after today ${on}`);
  if (entry.receivedOn === on) return { on, reason: null };
  if ((entry.reason ?? '').trim().length < 4)
    throw new JianchaError('invalid-input', `补录 ${entry.receivedOn} 收到的材料须写明理由`, `entering a paper received on ${entry.receivedOn} needs a reason`);
  return { on: entry.receivedOn, reason: entry.reason.trim() };
}
