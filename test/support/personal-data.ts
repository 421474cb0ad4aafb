import { EntityManager } from 'typeorm';
import { PersonalData } from '@bosam/platform';
import { TestApp } from './app';

/** The key ring every test application shares (tests that compare two databases need the same key). */
export const TEST_PERSONAL_DATA_KEYS = `test1:${Buffer.alloc(32, 7).toString('base64')}`;

const keysOf = (t: TestApp): PersonalData => t.app.get(PersonalData);

/** A tenant row as the application writes it: the identity number sealed and indexed. */
export async function insertTenant(t: TestApp, m: EntityManager, caseId: string, personnummer: string, name: string | null): Promise<void> {
  const keys = keysOf(t);
  await m.query('INSERT INTO case_tenant (case_id, personnummer_index, personnummer_sealed, name) VALUES ($1, $2, $3, $4)', [
    caseId,
    keys.index(personnummer),
    keys.seal('personnummer', personnummer),
    name,
  ]);
}

/** The identity numbers stored for a case (or every case), opened, in order. */
export async function storedPersonnummer(t: TestApp, caseId?: string): Promise<string[]> {
  const rows: Array<{ s: string }> = caseId
    ? await t.dataSource.query('SELECT personnummer_sealed AS s FROM case_tenant WHERE case_id = $1', [caseId])
    : await t.dataSource.query('SELECT personnummer_sealed AS s FROM case_tenant');
  return rows.map((r) => keysOf(t).open('personnummer', r.s)).sort();
}

/** The blind index the database matches a canonical identity number by. */
export const indexOf = (t: TestApp, personnummer: string): Buffer => keysOf(t).index(personnummer);
