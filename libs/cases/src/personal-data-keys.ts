import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { PersonalData, sealedKeyId } from '@bosam/platform';

const CHUNK = 5000;

export interface RekeyReport {
  from: string | null;
  to: string;
  tenants: number;
  persons: number;
  addresses: number;
  /** Sole traders' numbers as landlords (the register, requests, notices, plans, disturbances). */
  landlordNumbers: number;
}

/** Every table that holds a landlord's number: its key column (joined on) and the sealed personnummer of a sole trader. */
export const LANDLORD_NUMBER_COLUMNS = [
  { table: 'landlord', key: 'org_number', sealed: 'org_number_sealed' },
  { table: 'landlord_request', key: 'org_number', sealed: 'org_number_sealed' },
  { table: 'notification', key: 'landlord_org_number', sealed: 'landlord_org_number_sealed' },
  { table: 'repayment_plan', key: 'landlord_org_number', sealed: 'landlord_org_number_sealed' },
  { table: 'case_disturbance', key: 'landlord_org_number', sealed: 'landlord_org_number_sealed' },
] as const;

/**
 * Which key the stored personal data uses is recorded in `personal_data_key`. A process whose key
 * ring does not hold that key refuses to start (it could neither open nor match anything); one whose
 * current (first) key is newer re-keys every sealed value and blind index to it, in one transaction
 * under a table lock, so the database is never half old, half new. The first start records the key.
 */
export async function ensureDataKey(dataSource: DataSource, keys: PersonalData): Promise<RekeyReport | null> {
  return dataSource.transaction(async (manager) => {
    await manager.query('LOCK TABLE personal_data_key IN EXCLUSIVE MODE');
    const [row] = await manager.query('SELECT key_id FROM personal_data_key WHERE id = 1');
    const current = keys.current.id;
    if (!row) {
      // No key recorded: nothing is stored yet (the migration records its key when it seals rows).
      await manager.query('INSERT INTO personal_data_key (id, key_id) VALUES (1, $1)', [current]);
      return null;
    }
    if (row.key_id === current) return null;
    if (!keys.ring.keys.some((k) => k.id === row.key_id)) {
      throw new Error(
        `The stored personal data is sealed with the key ${row.key_id}, which is not configured ` +
          '(PERSONAL_DATA_KEYS, or personal-data-keys in the data folder). Restore that key; keep it in the ring after a new one to rotate.',
      );
    }
    return rekey(manager, keys, row.key_id);
  });
}

/** Every sealed value and blind index to the current key (inside the caller's transaction). */
async function rekey(manager: EntityManager, keys: PersonalData, from: string | null): Promise<RekeyReport> {
  await manager.query(
    `LOCK TABLE case_tenant, protected_person, household_case, ${LANDLORD_NUMBER_COLUMNS.map((c) => c.table).join(', ')} IN SHARE ROW EXCLUSIVE MODE`,
  );
  const to = keys.current.id;
  const report: RekeyReport = { from, to, tenants: 0, persons: 0, addresses: 0, landlordNumbers: 0 };
  const reseal = (purpose: 'personnummer' | 'address', sealed: string) =>
    sealedKeyId(sealed) === to ? sealed : keys.seal(purpose, keys.open(purpose, sealed));

  const tenants: Array<{ id: string; s: string }> = await manager.query(
    `SELECT id, personnummer_sealed AS s FROM case_tenant WHERE split_part(personnummer_sealed, ':', 1) <> $1`,
    [to],
  );
  for (let i = 0; i < tenants.length; i += CHUNK) {
    const part = tenants.slice(i, i + CHUNK).map((t) => ({ id: t.id, p: keys.open('personnummer', t.s) }));
    await manager.query(
      `UPDATE case_tenant t SET personnummer_index = u.i, personnummer_sealed = u.s
         FROM unnest($1::uuid[], $2::bytea[], $3::text[]) AS u(id, i, s) WHERE t.id = u.id`,
      [part.map((t) => t.id), part.map((t) => keys.index(t.p)), part.map((t) => keys.seal('personnummer', t.p))],
    );
  }
  report.tenants = tenants.length;

  const persons: Array<{ i: Buffer; s: string }> = await manager.query(
    `SELECT personnummer_index AS i, personnummer_sealed AS s FROM protected_person WHERE split_part(personnummer_sealed, ':', 1) <> $1`,
    [to],
  );
  for (let i = 0; i < persons.length; i += CHUNK) {
    const part = persons.slice(i, i + CHUNK).map((p) => ({ old: p.i, p: keys.open('personnummer', p.s) }));
    await manager.query(
      `UPDATE protected_person r SET personnummer_index = u.i, personnummer_sealed = u.s
         FROM unnest($1::bytea[], $2::bytea[], $3::text[]) AS u(old, i, s) WHERE r.personnummer_index = u.old`,
      [part.map((p) => p.old), part.map((p) => keys.index(p.p)), part.map((p) => keys.seal('personnummer', p.p))],
    );
  }
  report.persons = persons.length;

  const addresses: Array<{ id: string; s: string }> = await manager.query(
    `SELECT id, address_sealed AS s FROM household_case WHERE address_sealed IS NOT NULL AND split_part(address_sealed, ':', 1) <> $1`,
    [to],
  );
  for (let i = 0; i < addresses.length; i += CHUNK) {
    const part = addresses.slice(i, i + CHUNK);
    await manager.query(
      'UPDATE household_case c SET address_sealed = u.s FROM unnest($1::uuid[], $2::text[]) AS u(id, s) WHERE c.id = u.id',
      [part.map((a) => a.id), part.map((a) => reseal('address', a.s))],
    );
  }
  report.addresses = addresses.length;

  // A sole trader's blind index is their key in every table (and a notice's sender key): recomputed with the seal.
  for (const { table, key, sealed } of LANDLORD_NUMBER_COLUMNS) {
    const rows: Array<{ id: string; k: string; s: string }> = await manager.query(
      `SELECT id, ${key} AS k, ${sealed} AS s FROM ${table} WHERE ${sealed} IS NOT NULL AND split_part(${sealed}, ':', 1) <> $1`,
      [to],
    );
    for (let i = 0; i < rows.length; i += CHUNK) {
      const part = rows.slice(i, i + CHUNK).map((r) => ({ id: r.id, p: keys.open('landlord', r.s) }));
      const senderKey =
        table === 'notification' ? ', sender_key = CASE WHEN t.sender_key = t.landlord_org_number THEN u.k ELSE t.sender_key END' : '';
      await manager.query(
        `UPDATE ${table} t SET ${key} = u.k, ${sealed} = u.s${senderKey}
           FROM unnest($1::uuid[], $2::text[], $3::text[]) AS u(id, k, s) WHERE t.id = u.id`,
        [part.map((r) => r.id), part.map((r) => keys.landlordKey(r.p)), part.map((r) => keys.seal('landlord', r.p))],
      );
    }
    report.landlordNumbers += rows.length;
  }
  await manager.query('UPDATE personal_data_key SET key_id = $1, updated_at = now() WHERE id = 1', [to]);
  return report;
}

/** At start (API and worker alike): the key check, and the re-key after a rotation. */
@Injectable()
export class DataKeyCheck implements OnApplicationBootstrap {
  constructor(
    private readonly dataSource: DataSource,
    private readonly keys: PersonalData,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await ensureDataKey(this.dataSource, this.keys);
  }
}
