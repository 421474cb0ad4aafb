import { LocalDate } from '@bosam/calendar';
import { parseOrgNumber } from './org-number';
import { maskPersonnummer, parsePersonnummer } from './personnummer';

export type ParsedLandlordNumber =
  | {
      ok: true;
      /** Ten digits for an organisationsnummer; twelve (YYYYMMDDNNNC) for a sole trader's personnummer. */
      canonical: string;
      /** NNNNNN-NNNN, or for a person the masked YYYYMMDD-****. */
      display: string;
      /** A sole trader (enskild firma) identified by their personnummer: personal data. */
      personal: boolean;
    }
  | { ok: false; reason: 'format' | 'third_digit' | 'checksum' };

// A landlord is identified by its organisationsnummer (lag 1974:174); a private landlord trading as a sole
// trader (enskild näringsidkare) has none and is identified by their personnummer (folkbokföringslagen 18 §),
// which is personal data: masked wherever it is shown, like every other personnummer.
export function parseLandlordNumber(input: string, today?: LocalDate): ParsedLandlordNumber {
  const org = parseOrgNumber(input);
  if (org.ok) return { ...org, personal: false };
  const person = parsePersonnummer(input, today);
  if (person.ok) return { ok: true, canonical: person.canonical, display: maskPersonnummer(person.canonical), personal: true };
  return org;
}

/** How a stored (canonical) landlord number is shown: an organisationsnummer in full, a personnummer masked. */
export function landlordNumberDisplay(canonical: string): string {
  if (/^\d{12}$/.test(canonical)) return maskPersonnummer(canonical);
  if (/^\d{10}$/.test(canonical)) return `${canonical.slice(0, 6)}-${canonical.slice(6)}`;
  return canonical;
}

/** True when a stored landlord number is a person's (a sole trader's personnummer). */
export const isPersonalLandlordNumber = (canonical: string): boolean => /^\d{12}$/.test(canonical);

/**
 * A landlord number as written into records kept as written (timelines, audit reasons): an
 * organisationsnummer in full; a sole trader's personnummer not at all, not even masked (its birth date
 * is personal data, and those records are not sealed).
 */
export const landlordNumberRecorded = (canonical: string): string | null =>
  isPersonalLandlordNumber(canonical) ? null : landlordNumberDisplay(canonical);
