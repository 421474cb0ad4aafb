// Public door of @bosam/calendar: Swedish legal dates, holidays, deadlines and terms. Pure functions only.
export type { LocalDate, IsoWeekday } from './local-date';
export { addDays, addWeeks, compareDates, dayOfWeek, daysBetween, daysInMonth, isLeapYear, isValidLocalDate, maxDate } from './local-date';
export type { PublicHoliday } from './holidays';
export {
  easterSunday,
  isNonWorkingDay,
  isPublicHoliday,
  nextWorkingDay,
  nonWorkingReason,
  publicHolidayName,
  swedishPublicHolidays,
} from './holidays';
export { stockholmDateOf, stockholmInstant, todayInStockholm } from './stockholm';
export type { Deadline, RecoveryWindowFacts } from './deadlines';
export { evictionDeadline, LEGAL_RULES, RECOVERY_WINDOW_WEEKS, recoveryWindowDeadline } from './deadlines';
export type { Term, TermHalf } from './terms';
export { isValidTermCode, parseTerm, previousTermCode, termOf } from './terms';
export type { SeriesDate, SeriesSpec } from './series';
export { seriesDates } from './series';
export { DEFAULT_RESEARCH_EXEMPT_DAYS, DEFAULT_RETENTION_YEARS, isResearchExempt, retentionDueOn } from './retention';
export { DEADLINE_RULE_NOTES } from './deadline-notes';
export type { DeadlineRuleNote } from './deadline-notes';
