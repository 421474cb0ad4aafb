import { hasValidLuhnDigit } from './luhn';

export type OrgNumberFailure = 'format' | 'third_digit' | 'checksum';

export type ParsedOrgNumber =
  | {
      ok: true;
      /** Ten digits, no dash. */
      canonical: string;
      /** NNNNNN-NNNN. */
      display: string;
    }
  | { ok: false; reason: OrgNumberFailure };

// NNNNNN-NNNN or NNNNNNNNNN, optionally prefixed by the century-like "16" used in twelve-digit registers.
const ORG_NUMBER_PATTERN = /^(?:16)?(\d{6})-?(\d{4})$/;

// Lag (1974:174) om identitetsbeteckning för juridiska personer m.fl., as applied by Bolagsverket, Skatteverket
// and SCB: ten digits whose third digit is at least 2 (so that it can never be a personnummer's month) and whose
// last digit is the Luhn check digit. A sole trader's organisationsnummer is their personnummer and fails here.
export function parseOrgNumber(input: string): ParsedOrgNumber {
  const match = typeof input === 'string' ? ORG_NUMBER_PATTERN.exec(input.trim()) : null;
  if (!match) return { ok: false, reason: 'format' };
  const canonical = match[1] + match[2];
  // The first digit is the group of the legal person (1–9, e.g. 2 public bodies, 5 aktiebolag); 0 is none.
  if (canonical[0] === '0') return { ok: false, reason: 'format' };
  if (Number(canonical[2]) < 2) return { ok: false, reason: 'third_digit' };
  if (!hasValidLuhnDigit(canonical)) return { ok: false, reason: 'checksum' };
  return { ok: true, canonical, display: `${match[1]}-${match[2]}` };
}
