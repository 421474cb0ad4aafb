import { daysInMonth, formatLocalDate, LocalDate, parseLocalDate } from './local-date';

// Cited as in Socialtjänstlagen (2001:453). Socialtjänstlag (2025:400) replaced it on 1 July 2025 (prop.
// 2024/25:89); its paragraph numbers are not cited here until they are checked against its text.

/** Socialtjänstlagen (2001:453) 12 kap. 1 §: personal records are thinned five years after the last entry. */
export const DEFAULT_RETENTION_YEARS = 5;

/**
 * SoL (2001:453) 12 kap. 2 § keeps records from thinning for research; which persons is said by
 * socialtjänstförordningen (2001:937) 7 kap. 2 §: those born on the 5th, 15th and 25th of a month.
 */
export const DEFAULT_RESEARCH_EXEMPT_DAYS: readonly number[] = [5, 15, 25];

/**
 * The first day on which a personal record (personakt) whose last entry was made on `lastEntryOn`
 * may be thinned: SoL (2001:453) 12 kap. 1 § ("fem år efter det att sista anteckningen gjordes").
 * The years are counted by lag (1930:173) om beräkning av lagstadgad tid 1 § ("tid skall räknas efter
 * vecka, månad eller år"): the same date `years` later, and when the final month has no such day
 * (29 February into a common year), that month's last day. (2 § moves only a last day for an action
 * on a holiday; thinning is no such action.)
 */
export function retentionDueOn(lastEntryOn: LocalDate, years: number = DEFAULT_RETENTION_YEARS): LocalDate {
  if (!Number.isInteger(years) || years < 0) throw new Error('years must be a whole number, 0 or more');
  const { year, month, day } = parseLocalDate(lastEntryOn);
  const target = year + years;
  return formatLocalDate(target, month, Math.min(day, daysInMonth(target, month)));
}

/**
 * True when a person born on `birthDate` falls in the research selection (SoL (2001:453) 12 kap. 2 §,
 * SoF (2001:937) 7 kap. 2 §: by default born on the 5th, 15th or 25th): their records are not thinned.
 * `birthDate` is the real birth date (for a samordningsnummer, the day minus 60).
 */
export function isResearchExempt(birthDate: LocalDate, exemptDays: readonly number[] = DEFAULT_RESEARCH_EXEMPT_DAYS): boolean {
  return exemptDays.includes(parseLocalDate(birthDate).day);
}
