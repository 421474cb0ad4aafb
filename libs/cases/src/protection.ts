import { EntityManager } from 'typeorm';

/** The cases whose effective protection changed: ids with their district. */
export interface ProtectionChange {
  protectedCases: Array<{ id: string; districtCode: string }>;
  liftedCases: Array<{ id: string; districtCode: string }>;
}

/**
 * Skyddade personuppgifter follow the person, never the case. `protected_person` registers the
 * persons; `household_case.protected_identity` is kept equal to "some tenant of the case is
 * registered" for every case (open and closed, every district), so every reader of that flag —
 * lists, agendas, the liaison agenda, exports — stays right without knowing about the register.
 */

/** Registers persons (no-op for those already registered) and protects every case that names one. */
export async function protectPersons(manager: EntityManager, personnummer: string[], setBy: string): Promise<ProtectionChange> {
  if (personnummer.length === 0) return { protectedCases: [], liftedCases: [] };
  await manager.query(
    'INSERT INTO protected_person (personnummer, set_by) SELECT DISTINCT unnest($1::text[]), $2 ON CONFLICT (personnummer) DO NOTHING',
    [personnummer, setBy],
  );
  return refreshProtection(manager, personnummer);
}

/** Removes persons from the register and lifts protection from their cases that name no other registered person. */
export async function liftPersons(manager: EntityManager, personnummer: string[]): Promise<ProtectionChange> {
  if (personnummer.length === 0) return { protectedCases: [], liftedCases: [] };
  await manager.query('DELETE FROM protected_person WHERE personnummer = ANY($1::text[])', [personnummer]);
  return refreshProtection(manager, personnummer);
}

/**
 * Sets every case of these persons to its effective protection, set-based, and removes the address
 * from the frozen agendas of cases that became protected (a documented cross-context write: the
 * snapshot belongs to @bosam/meetings, which depends on this lib; its readers trust the snapshot).
 */
export async function refreshProtection(manager: EntityManager, personnummer: string[]): Promise<ProtectionChange> {
  const rows: Array<{ id: string; district_code: string; protected_identity: boolean }> = await manager.query(
    `WITH affected AS (
       SELECT DISTINCT t.case_id FROM unnest($1::text[]) AS p(personnummer)
         JOIN case_tenant t ON t.personnummer = p.personnummer),
     effective AS (
       SELECT a.case_id, EXISTS (SELECT 1 FROM case_tenant t JOIN protected_person r ON r.personnummer = t.personnummer
                                  WHERE t.case_id = a.case_id) AS protected
         FROM affected a),
     updated AS (
       UPDATE household_case c SET protected_identity = e.protected, updated_at = now()
         FROM effective e
        WHERE c.id = e.case_id AND c.protected_identity <> e.protected
       RETURNING c.id, c.district_code, c.protected_identity)
     SELECT * FROM updated`,
    [personnummer],
  );
  const change: ProtectionChange = {
    protectedCases: rows.filter((r) => r.protected_identity).map((r) => ({ id: r.id, districtCode: r.district_code })),
    liftedCases: rows.filter((r) => !r.protected_identity).map((r) => ({ id: r.id, districtCode: r.district_code })),
  };
  if (change.protectedCases.length > 0) {
    await manager.query(
      `UPDATE agenda_item SET item = item || '{"address": null, "protectedIdentity": true}'::jsonb
        WHERE case_id = ANY($1::uuid[]) AND (item -> 'address' <> 'null'::jsonb OR NOT (item ->> 'protectedIdentity')::boolean)`,
      [change.protectedCases.map((c) => c.id)],
    );
  }
  return change;
}
