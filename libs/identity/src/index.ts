// Public door of @bosam/identity: Swedish identity numbers (personnummer, samordningsnummer,
// organisationsnummer) and scrubbing them from text. Pure functions only.
export type { ParsedPersonnummer, PersonnummerFailure } from './personnummer';
export { canonicalPersonnummer, InvalidPersonnummerError, maskPersonnummer, parsePersonnummer } from './personnummer';
export type { OrgNumberFailure, ParsedOrgNumber } from './org-number';
export { parseOrgNumber } from './org-number';
export { hasValidLuhnDigit, luhnCheckDigit, withLuhnDigit } from './luhn';
export { IDENTITY_NUMBER_PLACEHOLDER, isLikelyIdentityNumber, scrubIdentityNumbers } from './scrub';
export type { ParsedLandlordNumber } from './landlord-number';
export { isPersonalLandlordNumber, landlordNumberDisplay, landlordNumberRecorded, parseLandlordNumber } from './landlord-number';
export { NAME_PLACEHOLDER, scrubPersonalData } from './scrub-names';
export { isSmallCount, showCount, SUPPRESSED } from './disclosure';
