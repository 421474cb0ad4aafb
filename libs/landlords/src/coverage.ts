import { compareDates, LocalDate } from '@bosam/calendar';
import { ConsentStatus, consentStatusOn, consentStatusToday } from '@bosam/cases';
import { CONSENT_CATEGORIES, ConsentCategory } from './entities';

/** What the coverage rule needs of a consent. */
export interface ConsentTerms {
  id: string;
  /** Canonical organisationsnummer (10 digits). */
  landlordOrgNumber: string;
  categories: readonly ConsentCategory[];
  givenOn: LocalDate;
  validUntil: LocalDate | null;
  withdrawnOn: LocalDate | null;
}

// The status rule itself lives in @bosam/cases (the case view shows it too); coverage builds on it.
export { consentStatusOn, consentStatusToday };
export type { ConsentStatus };

export type RefusalReason =
  'no_consent_for_landlord' | 'consent_withdrawn' | 'consent_expired' | 'consent_not_yet_valid' | 'categories_not_covered';

export type Coverage =
  | { covered: true; consentIds: string[]; categories: ConsentCategory[] }
  | { covered: false; reason: RefusalReason; missing: ConsentCategory[]; detail: string };

const inOrder = (categories: Iterable<ConsentCategory>): ConsentCategory[] => {
  const set = new Set(categories);
  return CONSENT_CATEGORIES.filter((c) => set.has(c));
};

/** The categories the consents cover for a landlord on a day (union of the consents valid that day), and which consents. */
export function coveredCategories(
  consents: readonly ConsentTerms[],
  landlordOrgNumber: string,
  on: LocalDate,
): { consentIds: string[]; categories: ConsentCategory[] } {
  const valid = consents.filter((c) => c.landlordOrgNumber === landlordOrgNumber && consentStatusOn(c, on) === 'valid');
  return { consentIds: valid.map((c) => c.id), categories: inOrder(valid.flatMap((c) => c.categories)) };
}

/**
 * Whether the person's consents allow exchanging `categories` with the landlord on `on`: every category
 * must be covered by a consent naming that landlord and valid that day (several consents for the same
 * landlord add up). A refusal says what is missing, and why, in words that carry no personal data.
 */
export function checkCoverage(
  consents: readonly ConsentTerms[],
  request: { landlordOrgNumber: string; on: LocalDate; categories: readonly ConsentCategory[] },
): Coverage {
  const wanted = inOrder(request.categories);
  const forLandlord = consents.filter((c) => c.landlordOrgNumber === request.landlordOrgNumber);
  if (forLandlord.length === 0) {
    return {
      covered: false,
      reason: 'no_consent_for_landlord',
      missing: wanted,
      detail: `There is no consent for this landlord; missing: ${wanted.join(', ')}.`,
    };
  }
  const { consentIds, categories } = coveredCategories(forLandlord, request.landlordOrgNumber, request.on);
  const missing = wanted.filter((c) => !categories.includes(c));
  if (missing.length === 0) {
    const used = forLandlord.filter((c) => consentIds.includes(c.id) && c.categories.some((k) => wanted.includes(k)));
    return { covered: true, consentIds: used.map((c) => c.id), categories: wanted };
  }
  if (consentIds.length > 0) {
    return {
      covered: false,
      reason: 'categories_not_covered',
      missing,
      detail: `The consent for this landlord does not cover: ${missing.join(', ')}.`,
    };
  }
  // No consent for this landlord is valid that day: say why, for the one that covers most of what was asked (latest first).
  const best = [...forLandlord].sort(
    (a, b) =>
      wanted.filter((k) => b.categories.includes(k)).length - wanted.filter((k) => a.categories.includes(k)).length ||
      compareDates(b.givenOn, a.givenOn),
  )[0];
  const status = consentStatusOn(best, request.on);
  const why =
    status === 'withdrawn'
      ? { reason: 'consent_withdrawn' as const, text: `The consent for this landlord was withdrawn on ${best.withdrawnOn}` }
      : status === 'expired'
        ? { reason: 'consent_expired' as const, text: `The consent for this landlord expired after ${best.validUntil}` }
        : { reason: 'consent_not_yet_valid' as const, text: `The consent for this landlord is valid only from ${best.givenOn}` };
  return {
    covered: false,
    reason: why.reason,
    missing,
    detail: `${why.text}; on ${request.on} nothing is covered. Missing: ${missing.join(', ')}.`,
  };
}
