const NBSP = '\u00a0';

/**
 * Kronor as people read them on paper: "12 345,50 kr", "8 000 kr"; the spaces are non-breaking, so an
 * amount never wraps. Whole kronor without decimals.
 */
export function formatKronor(sek: number): string {
  const decimals = Number.isInteger(sek) ? 0 : 2;
  const text = Math.abs(sek).toLocaleString('sv-SE', {
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
    useGrouping: true,
  });
  return `${sek < 0 ? '-' : ''}${text.replace(/[\s\u00a0\u202f]/g, NBSP)}${NBSP}kr`;
}

const stockholm = (iso: string | Date, options: Intl.DateTimeFormatOptions): string =>
  new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', ...options }).format(new Date(iso));

/** "09:00", the Stockholm wall-clock time of an instant. */
export const stockholmClock = (iso: string | Date): string => stockholm(iso, { hour: '2-digit', minute: '2-digit' });

/** "2026-12-08 09:00", the Stockholm date and time of an instant. */
export const stockholmDateTime = (iso: string | Date): string => stockholm(iso, { dateStyle: 'short', timeStyle: 'short' });

/** "tisdag 8 december 2026" for a calendar date (YYYY-MM-DD). */
export const swedishLongDate = (date: string): string =>
  new Intl.DateTimeFormat('sv-SE', { timeZone: 'UTC', weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(
    new Date(`${date}T12:00:00Z`),
  );
