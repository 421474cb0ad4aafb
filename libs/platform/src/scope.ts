import { EntityManager } from 'typeorm';
import { scrubIdentityNumbers } from '@bosam/identity';
import { Actor } from './auth/actor';
import { DomainError, notFound } from './errors';

/**
 * District scoping: anything outside the caller's district does not exist for them (404,
 * never 403, so a district's cases cannot even be probed from another).
 */
export function assertDistrict(actor: Actor, districtCode: string | undefined | null, what = 'district'): void {
  if (!districtCode || districtCode !== actor.district) {
    const error = new DomainError('NOT_FOUND', `No such ${what}.`);
    // What was asked for, for the security event; never an identity number typed where a code belongs.
    if (districtCode) error.otherDistrict = [scrubIdentityNumbers(String(districtCode)).slice(0, 32)];
    throw error;
  }
}

/** A district that exists (else 404), for a code assertDistrict has let through. */
export async function assertDistrictExists(db: Pick<EntityManager, 'query'>, districtCode: string): Promise<void> {
  const rows: unknown[] = await db.query('SELECT 1 FROM district WHERE code = $1', [districtCode]);
  if (rows.length === 0) throw notFound('district');
}

/** A uuid path parameter; anything else is simply not found (and never reaches a query). */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export function assertUuid(id: unknown, what = 'resource'): string {
  if (typeof id !== 'string' || !UUID.test(id)) throw new DomainError('NOT_FOUND', `No such ${what}.`);
  return id.toLowerCase();
}
