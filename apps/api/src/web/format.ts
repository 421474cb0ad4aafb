// Swedish formats (amounts, times, dates). The words for codes live with their context (e.g. @bosam/cases labels).

export const kronor = (sek: number | null | undefined): string => {
  if (sek === null || sek === undefined) return '–';
  const decimals = Number.isInteger(sek) ? 0 : 2;
  return `${sek.toLocaleString('sv-SE', { minimumFractionDigits: decimals, maximumFractionDigits: decimals }).replace(/\u00a0/g, ' ')} kr`;
};

const dateTime = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', dateStyle: 'short', timeStyle: 'short' });
const longDate = new Intl.DateTimeFormat('sv-SE', { timeZone: 'UTC', weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });

/** An instant as Stockholm date and time. */
export const stockholmTime = (iso: string | null | undefined): string => (iso ? dateTime.format(new Date(iso)) : '–');
/** A calendar date in words: "tisdag 8 december 2026". */
export const dateInWords = (date: string): string => longDate.format(new Date(`${date}T00:00:00Z`));

/** A label as a table cell or heading shows it: "utfört" → "Utfört". */
export const capitalised = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);
