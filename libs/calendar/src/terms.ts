import { formatLocalDate, LocalDate, parseLocalDate } from './local-date';

export type TermHalf = 'VT' | 'HT';

export interface Term {
  /** `YYYY-VT` or `YYYY-HT`. */
  code: string;
  year: number;
  half: TermHalf;
  /** First day of the term, inclusive. */
  from: LocalDate;
  /** Last day of the term, inclusive. */
  to: LocalDate;
}

const TERM_CODE_PATTERN = /^(\d{4})-(VT|HT)$/;

// Bosam reporting convention (not statute): the year in halves, vårtermin 1 Jan–30 Jun and hösttermin 1 Jul–31 Dec.
export function isValidTermCode(value: unknown): value is string {
  return typeof value === 'string' && TERM_CODE_PATTERN.test(value);
}

// Bosam reporting convention: the dates covered by a term code such as '2026-VT'.
export function parseTerm(code: string): Term {
  const match = typeof code === 'string' ? TERM_CODE_PATTERN.exec(code) : null;
  if (!match) throw new Error(`Invalid term code ${JSON.stringify(code)}: expected YYYY-VT or YYYY-HT, e.g. 2026-VT`);
  const year = Number(match[1]);
  const half = match[2] as TermHalf;
  return half === 'VT'
    ? { code, year, half, from: formatLocalDate(year, 1, 1), to: formatLocalDate(year, 6, 30) }
    : { code, year, half, from: formatLocalDate(year, 7, 1), to: formatLocalDate(year, 12, 31) };
}

// Bosam reporting convention: the term code of a date (January–June → VT, July–December → HT).
export function termOf(date: LocalDate): string {
  const { year, month } = parseLocalDate(date);
  return `${String(year).padStart(4, '0')}-${month <= 6 ? 'VT' : 'HT'}`;
}

// Bosam reporting convention: the term before, e.g. 2026-HT → 2026-VT, 2026-VT → 2025-HT.
export function previousTermCode(code: string): string {
  const term = parseTerm(code);
  return term.half === 'HT' ? `${term.year}-VT` : `${String(term.year - 1).padStart(4, '0')}-HT`;
}
