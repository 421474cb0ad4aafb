import { formatLocalDate, LocalDate, parseLocalDate } from './local-date';

const STOCKHOLM = 'Europe/Stockholm';
const TIME_PATTERN = /^([01]\d|2[0-3]):([0-5]\d)$/;
const HOUR_MS = 3_600_000;

const stockholmClock = new Intl.DateTimeFormat('en-US', {
  timeZone: STOCKHOLM,
  hourCycle: 'h23',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
});

// Swedish legal time — Förordning (1979:988) om svensk normaltid and Förordning (2001:127) om sommartid —:
// the Stockholm calendar date of an instant, whatever the process time zone.
export function stockholmDateOf(instant: Date): LocalDate {
  // Since 1900 Stockholm's offset is whole hours: the date is the same for a whole UTC hour, so it is
  // looked up once per hour ("today" is asked for every notice and every identity number checked).
  const hour = Math.floor(instant.getTime() / HOUR_MS);
  if (hour === lastHour) return lastDate;
  const wall = stockholmWallClock(instant);
  const date = formatLocalDate(wall.year, wall.month, wall.day);
  if (hour >= WHOLE_HOURS_FROM) {
    lastHour = hour;
    lastDate = date;
  }
  return date;
}

/** The first UTC hour from which Stockholm's offset has been whole hours (1901, after the mean-time offsets). */
const WHOLE_HOURS_FROM = Math.floor(Date.UTC(1901, 0, 1) / HOUR_MS);
let lastHour = Number.NaN;
let lastDate = '';

// Swedish legal time: today's date in Stockholm (the date that counts for Swedish legal periods).
export function todayInStockholm(now: Date = new Date()): LocalDate {
  return stockholmDateOf(now);
}

// Förordning (2001:127) om sommartid 2 §: the instant of a Stockholm wall-clock time on a date. A time skipped
// by the spring change (02:00–02:59 on the last Sunday of March) is read as the same time before the change, i.e. an
// hour later on the clock; a time repeated by the autumn change is read as its first (summer-time) occurrence.
export function stockholmInstant(date: LocalDate, time: string): Date {
  const { year, month, day } = parseLocalDate(date);
  const match = TIME_PATTERN.exec(time);
  if (!match) throw new Error(`Invalid time (expected HH:mm, 00:00–23:59): ${JSON.stringify(time)}`);
  const wallAsUtc = utcFromParts(year, month, day, Number(match[1]), Number(match[2]));
  const offsetBefore = stockholmOffsetMs(new Date(wallAsUtc - 24 * HOUR_MS));
  const offsetAfter = stockholmOffsetMs(new Date(wallAsUtc + 24 * HOUR_MS));
  const candidates = [offsetBefore, offsetAfter]
    .map((offset) => wallAsUtc - offset)
    .filter((instant) => stockholmOffsetMs(new Date(instant)) === wallAsUtc - instant)
    .sort((a, b) => a - b);
  return new Date(candidates[0] ?? wallAsUtc - offsetBefore);
}

/** Stockholm wall-clock time minus UTC at an instant, in milliseconds (+1 h in winter, +2 h in summer). */
function stockholmOffsetMs(instant: Date): number {
  const wall = stockholmWallClock(instant);
  const wallAsUtc = utcFromParts(wall.year, wall.month, wall.day, wall.hour, wall.minute, wall.second);
  return wallAsUtc - Math.floor(instant.getTime() / 1000) * 1000;
}

function stockholmWallClock(instant: Date) {
  if (Number.isNaN(instant.getTime())) throw new Error('Invalid Date');
  const parts: Record<string, number> = {};
  for (const part of stockholmClock.formatToParts(instant)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return { year: parts.year, month: parts.month, day: parts.day, hour: parts.hour, minute: parts.minute, second: parts.second };
}

function utcFromParts(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): number {
  const utc = new Date(0);
  utc.setUTCFullYear(year, month - 1, day);
  utc.setUTCHours(hour, minute, second, 0);
  return utc.getTime();
}
