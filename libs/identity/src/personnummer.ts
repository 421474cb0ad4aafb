import { isValidLocalDate, LocalDate, todayInStockholm } from '@bosam/calendar';
import { hasValidLuhnDigit } from './luhn';

export type PersonnummerFailure = 'format' | 'date' | 'checksum';

export type ParsedPersonnummer =
  | {
      ok: true;
      /** Twelve digits, YYYYMMDDNNNC, as Skatteverket stores them. */
      canonical: string;
      /** The real birth date (for a samordningsnummer: the day minus 60). */
      birthDate: LocalDate;
      /** True for a samordningsnummer (day of month + 60). */
      coordinationNumber: boolean;
    }
  | { ok: false; reason: PersonnummerFailure };

/** Thrown by canonicalPersonnummer. Neither its message nor its fields contain the number. */
export class InvalidPersonnummerError extends Error {
  constructor(readonly reason: PersonnummerFailure) {
    super(`Invalid personnummer (${reason})`);
    this.name = 'InvalidPersonnummerError';
  }
}

// YYMMDD-NNNC, YYMMDD+NNNC, YYMMDDNNNC, YYYYMMDDNNNC, YYYYMMDD-NNNC or (100 or older) YYYYMMDD+NNNC.
const PERSONNUMMER_PATTERN = /^(\d{2})?(\d{2})(\d{2})(\d{2})([-+]?)(\d{3})(\d)$/;
const COORDINATION_DAY_OFFSET = 60;

// Folkbokföringslagen 18 § (birth date, birth number, Luhn check digit; "+" from the year the person turns 100)
// and 18 a § (samordningsnummer: day of birth + 60), as described in Skatteverket's SKV 704. A ten-digit number
// gets its century from `today`: with "-" or no separator the person turns at most 99 this year, with "+" at
// least 100. The birth date must not be after `today`. Failures never carry the number.
export function parsePersonnummer(input: string, today: LocalDate = todayInStockholm()): ParsedPersonnummer {
  if (!isValidLocalDate(today)) throw new Error('parsePersonnummer: today must be a valid YYYY-MM-DD date');
  const match = typeof input === 'string' ? PERSONNUMMER_PATTERN.exec(input.trim()) : null;
  if (!match) return { ok: false, reason: 'format' };
  const [, century, yy, mm, dd, separator, birthNumber, checkDigit] = match;
  // Folkbokföringslagen 18 §: the birth number is 001–999; 000 is never issued.
  if (birthNumber === '000') return { ok: false, reason: 'format' };

  const coordinationNumber = Number(dd) > COORDINATION_DAY_OFFSET;
  const day = String(Number(dd) - (coordinationNumber ? COORDINATION_DAY_OFFSET : 0)).padStart(2, '0');
  const year = century !== undefined ? Number(century + yy) : inferBirthYear(Number(yy), separator === '+', today);
  const birthDate = `${String(year).padStart(4, '0')}-${mm}-${day}`;
  if (!isValidLocalDate(birthDate) || birthDate > today) return { ok: false, reason: 'date' };
  // The twelve-digit form may keep the "+" of a person of 100 or more (19090527+1474); for anyone younger it cannot be right.
  if (century !== undefined && separator === '+' && year > Number(today.slice(0, 4)) - 100) return { ok: false, reason: 'date' };

  if (!hasValidLuhnDigit(`${yy}${mm}${dd}${birthNumber}${checkDigit}`)) return { ok: false, reason: 'checksum' };
  return { ok: true, canonical: `${year}${mm}${dd}${birthNumber}${checkDigit}`, birthDate, coordinationNumber };
}

// Folkbokföringslagen 18 §: the twelve-digit form YYYYMMDDNNNC; throws InvalidPersonnummerError (without the number).
export function canonicalPersonnummer(input: string, today?: LocalDate): string {
  const parsed = parsePersonnummer(input, today);
  if (!parsed.ok) throw new InvalidPersonnummerError(parsed.reason);
  return parsed.canonical;
}

// Data minimisation (GDPR art. 5.1 c; OSL 26 kap. secrecy): show the birth date, hide the birth number and check digit.
export function maskPersonnummer(canonical: string): string {
  if (!/^\d{12}$/.test(canonical)) throw new Error('maskPersonnummer expects a canonical twelve-digit personnummer');
  return `${canonical.slice(0, 8)}-****`;
}

/** SKV 704: the "+" separator is used from the calendar year the person turns 100. */
function inferBirthYear(yy: number, hundredOrOlder: boolean, today: LocalDate): number {
  const latestYear = Number(today.slice(0, 4)) - (hundredOrOlder ? 100 : 0);
  return latestYear - ((((latestYear - yy) % 100) + 100) % 100);
}
