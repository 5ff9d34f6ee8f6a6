/**
 * The declaration deadline as an employer reads it before declaring: the date, how the campaign sets
 * it, and the working days left from today, counted as the campaign counts them (core/calendar.ts).
 */
import { workingDaysBetween } from '../calendar.ts';
import { today } from '../facts.ts';
import { campaignDate, campaignDeadlines, type Campaign } from './campaign.ts';

export interface DeclarationDeadline {
  dueDate: string;
  /** how the campaign sets it, in Chinese */
  setBy: string;
  /** working days after today up to the deadline, that day included; 0 on the day itself or after */
  workingDaysLeft: number;
  /** today is after the deadline: a declaration now is late */
  passed: boolean;
}

export function declarationDeadline(campaign: Pick<Campaign, 'year' | 'settings' | 'lifecycle'>, on = today()): DeclarationDeadline {
  const dueDate = campaignDeadlines(campaign).declaration;
  const s = campaign.settings as { declarationDeadline?: string; declarationWorkingDays?: number; end?: string };
  const notice = campaignDate(campaign);
  const days = s.declarationWorkingDays ?? campaign.lifecycle.declarationWorkingDays.value;
  const setBy = s.declarationDeadline
    ? `活动通知规定的申报截止日期（通知发布后第 ${workingDaysBetween(notice, dueDate)} 个工作日）`
    : s.end && !s.declarationWorkingDays
      ? '活动结束日期'
      : `自通知发布之日（${notice}）起 ${days} 个工作日内`;
  return { dueDate, setBy, workingDaysLeft: workingDaysBetween(on, dueDate), passed: on > dueDate };
}
