// Calendar dates as plain `YYYY-MM-DD` strings, computed without any time zone:
// every conversion goes through UTC-based Date values, never local-time getters.

/** A calendar date, `YYYY-MM-DD` (ISO 8601 extended format). */
export type LocalDate = string;

const DAY_MS = 86_400_000;
const LOCAL_DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 of a valid date; throws on anything else. */
export function toEpochDay(date: LocalDate): number {
  const { year, month, day } = parseLocalDate(date);
  return epochDayOf(year, month, day);
}

/** The date `epochDay` days after 1970-01-01. */
export function fromEpochDay(epochDay: number): LocalDate {
  const utc = new Date(epochDay * DAY_MS);
  return formatLocalDate(utc.getUTCFullYear(), utc.getUTCMonth() + 1, utc.getUTCDate());
}

export function formatLocalDate(year: number, month: number, day: number): LocalDate {
  return `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}`;
}

export function parseLocalDate(date: LocalDate): { year: number; month: number; day: number } {
  if (!isValidLocalDate(date)) throw new Error(`Invalid LocalDate (expected a real date as YYYY-MM-DD): ${JSON.stringify(date)}`);
  const [, year, month, day] = LOCAL_DATE_PATTERN.exec(date)!;
  return { year: Number(year), month: Number(month), day: Number(day) };
}

// ISO 8601 calendar date: strictly YYYY-MM-DD, and a day that exists in the Gregorian calendar (leap years included).
export function isValidLocalDate(value: unknown): value is LocalDate {
  if (typeof value !== 'string') return false;
  const match = LOCAL_DATE_PATTERN.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

// Gregorian calendar: 30/31-day months, February 29 days in leap years (divisible by 4, centuries only by 400).
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

// Gregorian leap year rule.
export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

// Plain calendar arithmetic (no time of day, no daylight saving).
export function addDays(date: LocalDate, days: number): LocalDate {
  return fromEpochDay(toEpochDay(date) + days);
}

// Lag (1930:173) 1 §: a period in weeks ends on the day with the same weekday name, i.e. 7 days per week.
export function addWeeks(date: LocalDate, weeks: number): LocalDate {
  return addDays(date, weeks * 7);
}

// Number of calendar days from `from` to `to` (negative when `to` is earlier).
export function daysBetween(from: LocalDate, to: LocalDate): number {
  return toEpochDay(to) - toEpochDay(from);
}

// Chronological order of two dates: -1, 0 or 1 (usable as a sort comparator).
export function compareDates(a: LocalDate, b: LocalDate): -1 | 0 | 1 {
  return Math.sign(toEpochDay(a) - toEpochDay(b)) as -1 | 0 | 1;
}

// The latest of one or more dates.
export function maxDate(first: LocalDate, ...rest: LocalDate[]): LocalDate {
  parseLocalDate(first);
  return rest.reduce((latest, date) => (compareDates(date, latest) > 0 ? date : latest), first);
}

/** ISO 8601 weekday number: 1 = Monday … 7 = Sunday. */
export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

// ISO 8601 weekday (1 = måndag … 7 = söndag), as weeks are counted in Sweden.
export function dayOfWeek(date: LocalDate): IsoWeekday {
  // 1970-01-01 was a Thursday (4).
  const mondayBased = (((toEpochDay(date) + 3) % 7) + 7) % 7; // 0 = Monday
  return (mondayBased + 1) as IsoWeekday;
}

function epochDayOf(year: number, month: number, day: number): number {
  const utc = new Date(0);
  utc.setUTCFullYear(year, month - 1, day); // not Date.UTC: it maps years 0–99 to 1900–1999
  return Math.round(utc.getTime() / DAY_MS);
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}
