import { nextWorkingDay, nonWorkingReason } from './holidays';
import { addWeeks, compareDates, LocalDate, parseLocalDate } from './local-date';

export interface SeriesDate {
  /** The date the regular rhythm gives. */
  plannedOn: LocalDate;
  /** The date the meeting is held: plannedOn, or the next working day. */
  on: LocalDate;
  moved: boolean;
  /** Why plannedOn is not a working day, e.g. 'juldagen', 'midsommarafton', 'lördag'. Only when moved. */
  reason?: string;
}

export interface SeriesSpec {
  firstOn: LocalDate;
  /** Whole number of weeks between meetings, at least 1. */
  everyWeeks: number;
  /** Last possible planned date, inclusive. */
  until: LocalDate;
}

// Meeting planning, by analogy with Lag (1930:173) 2 §: each planned date of a recurring series from firstOn
// to until (inclusive), moved to the next working day when it falls on a weekend, holiday or eve.
export function seriesDates({ firstOn, everyWeeks, until }: SeriesSpec): SeriesDate[] {
  parseLocalDate(firstOn);
  parseLocalDate(until);
  if (!Number.isInteger(everyWeeks) || everyWeeks < 1) throw new Error(`everyWeeks must be a whole number ≥ 1, got ${everyWeeks}`);
  const dates: SeriesDate[] = [];
  for (let plannedOn = firstOn; compareDates(plannedOn, until) <= 0; plannedOn = addWeeks(plannedOn, everyWeeks)) {
    const on = nextWorkingDay(plannedOn);
    dates.push(on === plannedOn ? { plannedOn, on, moved: false } : { plannedOn, on, moved: true, reason: nonWorkingReason(plannedOn)! });
  }
  return dates;
}
