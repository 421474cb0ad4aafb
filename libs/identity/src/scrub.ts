// Personnummer-shaped: 10 or 12 digits, optionally split before the last four by "-", "+", an en dash or a space,
// and not part of a longer run of digits. Organisationsnummer and some phone numbers match too, on purpose.
const IDENTITY_NUMBER_SOURCE = String.raw`(?<!\d)(?:\d{2})?\d{6}[-+\u2013 ]?\d{4}(?!\d)`;

export const IDENTITY_NUMBER_PLACEHOLDER = '[personnummer]';

// Data minimisation (GDPR art. 5.1 c; OSL 26 kap. 1 § secrecy in socialtjänst): whether text contains something
// shaped like a personnummer or samordningsnummer (shape only; date and check digit are not examined).
export function isLikelyIdentityNumber(text: string): boolean {
  return new RegExp(IDENTITY_NUMBER_SOURCE).test(text);
}

// Data minimisation (GDPR art. 5.1 c; OSL 26 kap. 1 §): the text with every personnummer-shaped number replaced by
// "[personnummer]", for error messages and logs.
export function scrubIdentityNumbers(text: string): string {
  return text.replace(new RegExp(IDENTITY_NUMBER_SOURCE, 'g'), IDENTITY_NUMBER_PLACEHOLDER);
}
