import { EntityManager } from 'typeorm';
import { landlordNumberDisplay, parseLandlordNumber } from '@bosam/identity';
import { invalid } from '@bosam/platform';

export interface LandlordRow {
  id: string;
  /** Canonical: 10 digits, or 12 for a sole trader's personnummer. */
  orgNumber: string;
  name: string;
}

/** An organisationsnummer in full; a sole trader's personnummer masked. */
export const orgDisplay = (canonical: string): string => landlordNumberDisplay(canonical);

/** The registered landlords of the given organisationsnummer; an unknown one is a 400 naming `field` (or `field[i]`). */
export async function requireLandlords(manager: EntityManager, field: string, orgNumbers: string[], indexed: boolean): Promise<LandlordRow[]> {
  const canonical = orgNumbers.map((value, index) => {
    const parsed = parseLandlordNumber(value);
    if (!parsed.ok) throw invalid(indexed ? `${field}[${index}]` : field, 'must be a valid organisationsnummer');
    return parsed.canonical;
  });
  const rows: Array<{ id: string; org_number: string; name: string }> = await manager.query(
    'SELECT id, org_number, name FROM landlord WHERE org_number = ANY($1::text[])',
    [canonical],
  );
  return canonical.map((orgNumber, index) => {
    const row = rows.find((r) => r.org_number === orgNumber);
    if (!row) throw invalid(indexed ? `${field}[${index}]` : field, 'is not a registered landlord');
    return { id: row.id, orgNumber, name: row.name };
  });
}
