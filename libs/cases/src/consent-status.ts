import { compareDates, LocalDate } from '@bosam/calendar';

/**
 * When a consent to share data with a landlord covers anything (BOSAM.md, "Landlords and consent"):
 * from the day it was given to validUntil (its last day, none: open-ended), and never again from the
 * day it was withdrawn. The rule lives here, below both the case view and @bosam/landlords' coverage
 * rule; SQL that narrows by it uses consentValidOnSql, written from the same three comparisons.
 */
export type ConsentStatus = 'valid' | 'expired' | 'withdrawn' | 'not_yet_valid';

export interface ConsentDates {
  givenOn: LocalDate;
  validUntil: LocalDate | null;
  withdrawnOn: LocalDate | null;
}

/** A consent's status on a day. A withdrawal takes effect at once: from withdrawnOn on it covers nothing. */
export function consentStatusOn(consent: ConsentDates, on: LocalDate): ConsentStatus {
  if (consent.withdrawnOn !== null && compareDates(on, consent.withdrawnOn) >= 0) return 'withdrawn';
  if (compareDates(on, consent.givenOn) < 0) return 'not_yet_valid';
  if (consent.validUntil !== null && compareDates(on, consent.validUntil) > 0) return 'expired';
  return 'valid';
}

/**
 * The status a consent shows today: a recorded withdrawal shows as withdrawn at once (the only withdrawal
 * dated after today is one on the first day of a consent not valid yet, which therefore never covers anything).
 */
export function consentStatusToday(consent: ConsentDates, today: LocalDate): ConsentStatus {
  return consent.withdrawnOn !== null ? 'withdrawn' : consentStatusOn(consent, today);
}

/**
 * consentStatusOn(…, day) === 'valid' as an SQL condition on the consent row `alias`, for a day given as
 * the query parameter `day` (e.g. '$3'): the same three comparisons, the date a parameter.
 */
export const consentValidOnSql = (alias: string, day: string): string =>
  `${alias}.given_on <= ${day}::date AND (${alias}.valid_until IS NULL OR ${alias}.valid_until >= ${day}::date)` +
  ` AND (${alias}.withdrawn_on IS NULL OR ${alias}.withdrawn_on > ${day}::date)`;
