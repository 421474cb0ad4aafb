import { EntityManager } from 'typeorm';
import { parseLandlordNumber } from '@bosam/identity';
import { invalid, PersonalData } from '@bosam/platform';

export interface LandlordRow {
  id: string;
  /** As stored and joined on: 10 digits, or a sole trader's blind index (landlordKey). */
  orgNumber: string;
  /** As shown: an organisationsnummer in full, a sole trader's personnummer masked. */
  shown: string;
  /** As written into the timeline (not sealed): an organisationsnummer; a sole trader's number not at all. */
  recorded: string | null;
  name: string;
}

/** The registered landlords of the given organisationsnummer; an unknown one is a 400 naming `field` (or `field[i]`). */
export async function requireLandlords(
  manager: EntityManager,
  keys: PersonalData,
  field: string,
  orgNumbers: string[],
  indexed: boolean,
): Promise<LandlordRow[]> {
  const stored = orgNumbers.map((value, index) => {
    const parsed = parseLandlordNumber(value);
    if (!parsed.ok) throw invalid(indexed ? `${field}[${index}]` : field, 'must be a valid organisationsnummer');
    return keys.landlordKey(parsed.canonical);
  });
  const rows: Array<{ id: string; org_number: string; org_number_sealed: string | null; name: string }> = await manager.query(
    'SELECT id, org_number, org_number_sealed, name FROM landlord WHERE org_number = ANY($1::text[])',
    [stored],
  );
  return stored.map((orgNumber, index) => {
    const row = rows.find((r) => r.org_number === orgNumber);
    if (!row) throw invalid(indexed ? `${field}[${index}]` : field, 'is not a registered landlord');
    const shown = keys.landlordShown(row.org_number, row.org_number_sealed);
    return { id: row.id, orgNumber, shown, recorded: row.org_number_sealed ? null : shown, name: row.name };
  });
}
