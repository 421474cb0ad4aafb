import { EntityManager } from 'typeorm';
import { parseOrgNumber } from '@bosam/identity';
import { invalid } from '@bosam/platform';

export interface LandlordRow {
  id: string;
  /** Canonical, 10 digits. */
  orgNumber: string;
  name: string;
}

export const orgDisplay = (canonical: string): string => `${canonical.slice(0, 6)}-${canonical.slice(6)}`;

/** The registered landlords of the given organisationsnummer; an unknown one is a 400 naming `field` (or `field[i]`). */
export async function requireLandlords(manager: EntityManager, field: string, orgNumbers: string[], indexed: boolean): Promise<LandlordRow[]> {
  const canonical = orgNumbers.map((value, index) => {
    const parsed = parseOrgNumber(value);
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
