import { EntityManager } from 'typeorm';
import { PersonalData } from '@bosam/platform';

/** The cases whose effective protection changed: ids with their district. */
export interface ProtectionChange {
  protectedCases: Array<{ id: string; districtCode: string }>;
  liftedCases: Array<{ id: string; districtCode: string }>;
}

/** A person as stored: the blind index of the identity number and the number sealed. */
export interface StoredPerson {
  index: Buffer;
  sealed: string;
}

/**
 * Skyddade personuppgifter follow the person, never the case. `protected_person` registers the
 * persons (by blind index); `household_case.protected_identity` is kept equal to "some tenant of the
 * case is registered" for every case (open and closed, every district), so every reader of that
 * flag — lists, agendas, the liaison agenda, exports — stays right without knowing the register.
 * A protected case's address is stored sealed only (address_sealed), the plain columns empty.
 */

/** Registers persons (no-op for those already registered) and protects every case that names one. */
export async function protectPersons(
  manager: EntityManager,
  keys: PersonalData,
  persons: StoredPerson[],
  setBy: string,
): Promise<ProtectionChange> {
  if (persons.length === 0) return { protectedCases: [], liftedCases: [] };
  await manager.query(
    `INSERT INTO protected_person (personnummer_index, personnummer_sealed, set_by)
     SELECT u.i, u.s, $3 FROM unnest($1::bytea[], $2::text[]) AS u(i, s) ON CONFLICT (personnummer_index) DO NOTHING`,
    [persons.map((p) => p.index), persons.map((p) => p.sealed), setBy],
  );
  return refreshProtection(
    manager,
    keys,
    persons.map((p) => p.index),
  );
}

/** Removes persons from the register and lifts protection from their cases that name no other registered person. */
export async function liftPersons(manager: EntityManager, keys: PersonalData, indexes: Buffer[]): Promise<ProtectionChange> {
  if (indexes.length === 0) return { protectedCases: [], liftedCases: [] };
  await manager.query('DELETE FROM protected_person WHERE personnummer_index = ANY($1::bytea[])', [indexes]);
  return refreshProtection(manager, keys, indexes);
}

/**
 * Sets every case of these persons to its effective protection, set-based; seals the address of the
 * cases that became protected and opens it again for those lifted; and removes the address from the
 * frozen agendas of cases that became protected (a documented cross-context write: the snapshot
 * belongs to @bosam/meetings, which depends on this lib; its readers trust the snapshot).
 */
export async function refreshProtection(manager: EntityManager, keys: PersonalData, indexes: Buffer[]): Promise<ProtectionChange> {
  const rows: Array<{ id: string; district_code: string; protected_identity: boolean }> = await manager.query(
    `WITH affected AS (
       SELECT DISTINCT t.case_id FROM unnest($1::bytea[]) AS p(i)
         JOIN case_tenant t ON t.personnummer_index = p.i),
     effective AS (
       SELECT a.case_id, EXISTS (SELECT 1 FROM case_tenant t JOIN protected_person r ON r.personnummer_index = t.personnummer_index
                                  WHERE t.case_id = a.case_id) AS protected
         FROM affected a),
     updated AS (
       UPDATE household_case c SET protected_identity = e.protected, updated_at = now()
         FROM effective e
        WHERE c.id = e.case_id AND c.protected_identity <> e.protected
       RETURNING c.id, c.district_code, c.protected_identity)
     SELECT * FROM updated`,
    [indexes],
  );
  const change: ProtectionChange = {
    protectedCases: rows.filter((r) => r.protected_identity).map((r) => ({ id: r.id, districtCode: r.district_code })),
    liftedCases: rows.filter((r) => !r.protected_identity).map((r) => ({ id: r.id, districtCode: r.district_code })),
  };
  if (change.protectedCases.length > 0) {
    const ids = change.protectedCases.map((c) => c.id);
    await sealAddresses(manager, keys, ids);
    await manager.query(
      `UPDATE agenda_item SET item = item || '{"address": null, "protectedIdentity": true}'::jsonb
        WHERE case_id = ANY($1::uuid[]) AND (item -> 'address' <> 'null'::jsonb OR NOT (item ->> 'protectedIdentity')::boolean)`,
      [ids],
    );
  }
  if (change.liftedCases.length > 0)
    await unsealAddresses(
      manager,
      keys,
      change.liftedCases.map((c) => c.id),
    );
  return change;
}

interface AddressRow {
  id: string;
  street: string | null;
  postal_code: string | null;
  city: string | null;
  apartment: string | null;
  address_sealed: string | null;
}

/** Protected cases among these that still hold an address in the clear: sealed, the clear columns emptied. */
export async function sealAddresses(manager: EntityManager, keys: PersonalData, caseIds: string[]): Promise<void> {
  const rows: AddressRow[] = await manager.query(
    `SELECT id, street, postal_code, city, apartment FROM household_case
      WHERE id = ANY($1::uuid[]) AND protected_identity
        AND (street IS NOT NULL OR postal_code IS NOT NULL OR city IS NOT NULL OR apartment IS NOT NULL)`,
    [caseIds],
  );
  if (rows.length === 0) return;
  await manager.query(
    `UPDATE household_case c SET address_sealed = u.s, street = NULL, postal_code = NULL, city = NULL, apartment = NULL
       FROM unnest($1::uuid[], $2::text[]) AS u(id, s) WHERE c.id = u.id`,
    [rows.map((r) => r.id), rows.map((r) => keys.seal('address', JSON.stringify(addressOfRow(r))))],
  );
}

/** Cases no longer protected: their address back in the clear columns. */
async function unsealAddresses(manager: EntityManager, keys: PersonalData, caseIds: string[]): Promise<void> {
  const rows: AddressRow[] = await manager.query(
    'SELECT id, address_sealed FROM household_case WHERE id = ANY($1::uuid[]) AND NOT protected_identity AND address_sealed IS NOT NULL',
    [caseIds],
  );
  if (rows.length === 0) return;
  const addresses = rows.map((r) => openAddress(keys, r.address_sealed));
  await manager.query(
    `UPDATE household_case c SET street = u.street, postal_code = u.postal_code, city = u.city, apartment = u.apartment, address_sealed = NULL
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[]) AS u(id, street, postal_code, city, apartment) WHERE c.id = u.id`,
    [
      rows.map((r) => r.id),
      addresses.map((a) => a.street),
      addresses.map((a) => a.postalCode),
      addresses.map((a) => a.city),
      addresses.map((a) => a.apartment),
    ],
  );
}

export interface PlainAddress {
  street: string | null;
  postalCode: string | null;
  city: string | null;
  apartment: string | null;
}

const addressOfRow = (r: AddressRow): PlainAddress => ({
  street: r.street,
  postalCode: r.postal_code,
  city: r.city,
  apartment: r.apartment,
});

/** A case's address: the clear columns, or the sealed value of a protected identity. */
export function openAddress(keys: PersonalData, sealed: string | null, clear?: PlainAddress): PlainAddress {
  if (!sealed) return clear ?? { street: null, postalCode: null, city: null, apartment: null };
  return JSON.parse(keys.open('address', sealed)) as PlainAddress;
}
