import { addDays, dayOfWeek, formatLocalDate, LocalDate, parseLocalDate } from './local-date';

export interface PublicHoliday {
  date: LocalDate;
  /** The Swedish name, as in Lag (1989:253) om allmänna helgdagar. */
  name: string;
}

// Lag (1989:253) 2 §: påskdagen, "söndagen närmast efter den fullmåne som infaller på eller närmast efter
// den 21 mars", read as the ecclesiastical full moon of the Gregorian computus (the "anonymous Gregorian
// algorithm", Meeus/Jones/Butcher), as the Swedish almanac applies it.
export function easterSunday(year: number): LocalDate {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return formatLocalDate(year, month, day);
}

// Lag (1989:253) om allmänna helgdagar 1–2 §§: the named public holidays of a year, in date order.
// Every Sunday is also an allmän helgdag by that law; Sundays are covered by isNonWorkingDay, not listed here.
// Before 2005 (Lag 2004:1320, in force 2005-04-01) annandag pingst was a holiday instead of Sveriges nationaldag.
export function swedishPublicHolidays(year: number): PublicHoliday[] {
  if (!Number.isInteger(year) || year < 1 || year > 9999) throw new Error(`Invalid year: ${year}`);
  const easter = easterSunday(year);
  const on = (month: number, day: number) => formatLocalDate(year, month, day);
  const holidays: PublicHoliday[] = [
    { date: on(1, 1), name: 'nyårsdagen' },
    { date: on(1, 6), name: 'trettondedag jul' },
    { date: addDays(easter, -2), name: 'långfredagen' },
    { date: easter, name: 'påskdagen' },
    { date: addDays(easter, 1), name: 'annandag påsk' },
    { date: on(5, 1), name: 'första maj' },
    { date: addDays(easter, 39), name: 'Kristi himmelsfärdsdag' },
    { date: addDays(easter, 49), name: 'pingstdagen' },
    year >= 2005 ? { date: on(6, 6), name: 'Sveriges nationaldag' } : { date: addDays(easter, 50), name: 'annandag pingst' },
    { date: saturdayInRange(year, 6, 20), name: 'midsommardagen' },
    { date: saturdayInRange(year, 10, 31), name: 'alla helgons dag' },
    { date: on(12, 25), name: 'juldagen' },
    { date: on(12, 26), name: 'annandag jul' },
  ];
  return holidays.sort((x, y) => (x.date < y.date ? -1 : x.date > y.date ? 1 : 0));
}

// Lag (1989:253) 1 §: whether the date is one of the named allmänna helgdagar (Sundays as such not included).
export function isPublicHoliday(date: LocalDate): boolean {
  return publicHolidayName(date) !== null;
}

// Lag (1989:253) 1 §: the Swedish name of the public holiday on that date, or null.
export function publicHolidayName(date: LocalDate): string | null {
  const { year } = parseLocalDate(date);
  return holidayNamesOf(year).get(date) ?? null;
}

// A year's holidays never change: computed once per year (a few centuries at most are ever asked for).
const holidayNames = new Map<number, Map<LocalDate, string>>();
function holidayNamesOf(year: number): Map<LocalDate, string> {
  let names = holidayNames.get(year);
  if (!names) {
    names = new Map();
    // Two holidays on one day (första maj and Kristi himmelsfärdsdag in 2008): the first listed names it.
    for (const holiday of swedishPublicHolidays(year)) if (!names.has(holiday.date)) names.set(holiday.date, holiday.name);
    if (holidayNames.size >= 1000) holidayNames.clear();
    holidayNames.set(year, names);
  }
  return names;
}

// Lag (1930:173) 2 §: why a date is not a working day (vardag) — the holiday or eve name, 'lördag' or
// 'söndag' — or null on a working day. A holiday name wins over the weekday name.
export function nonWorkingReason(date: LocalDate): string | null {
  const known = reasons.get(date);
  if (known !== undefined) return known;
  const reason = reasonOf(date);
  if (reasons.size >= 50_000) reasons.clear();
  reasons.set(date, reason);
  return reason;
}

// Deadlines ask about the same few hundred days again and again (a file's rows share their dates).
const reasons = new Map<LocalDate, string | null>();

function reasonOf(date: LocalDate): string | null {
  const holiday = publicHolidayName(date);
  if (holiday) return holiday;
  const { year, month, day } = parseLocalDate(date);
  if (date === addDays(saturdayInRange(year, 6, 20), -1)) return 'midsommarafton';
  if (month === 12 && day === 24) return 'julafton';
  if (month === 12 && day === 31) return 'nyårsafton';
  const weekday = dayOfWeek(date);
  if (weekday === 6) return 'lördag';
  if (weekday === 7) return 'söndag';
  return null;
}

// Lag (1930:173) 2 §: Saturdays, Sundays, other public holidays, midsommarafton, julafton and nyårsafton.
export function isNonWorkingDay(date: LocalDate): boolean {
  return nonWorkingReason(date) !== null;
}

// Lag (1930:173) 2 §: a last day that falls on a non-working day moves to the next vardag; a working day stays.
export function nextWorkingDay(date: LocalDate): LocalDate {
  let candidate = date;
  while (isNonWorkingDay(candidate)) candidate = addDays(candidate, 1);
  return candidate;
}

/** The Saturday in the seven days starting at year-month-firstDay (midsommardagen: 20–26 June; alla helgons dag: 31 Oct–6 Nov). */
function saturdayInRange(year: number, month: number, firstDay: number): LocalDate {
  const first = formatLocalDate(year, month, firstDay);
  return addDays(first, (6 - dayOfWeek(first) + 7) % 7);
}
