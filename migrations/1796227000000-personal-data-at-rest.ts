import { MigrationInterface, QueryRunner } from 'typeorm';
import { blindIndex, DataKey, fingerprint, loadConfig, loadKeyring, seal } from '@bosam/platform';

const CHUNK = 5000;

/**
 * Personal data at rest. Identity numbers (tenants, the protected-identity register) become a sealed
 * value (AES-256-GCM) and a blind index (HMAC-SHA256); protected identities' addresses are sealed; a
 * notice's content hash becomes a keyed fingerprint; frozen agendas keep names without numbers.
 * Existing rows are converted here, with the key the application uses (PERSONAL_DATA_KEYS, or the
 * key file in the data folder, generated once); an empty database needs no key.
 */
export class PersonalDataAtRest1796227000000 implements MigrationInterface {
  name = 'PersonalDataAtRest1796227000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    const q = (sql: string, params?: unknown[]) => queryRunner.query(sql, params);
    await q("CREATE TABLE \"personal_data_key\" (\"id\" smallint NOT NULL DEFAULT '1', \"key_id\" text NOT NULL, \"updated_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_cfdd2b82b72c189b5a620845b1e\" PRIMARY KEY (\"id\"))");
    await q('ALTER TABLE "case_tenant" ADD "personnummer_index" bytea, ADD "personnummer_sealed" text');
    await q('ALTER TABLE "protected_person" ADD "personnummer_index" bytea, ADD "personnummer_sealed" text');
    await q('ALTER TABLE "household_case" ADD "address_sealed" text');

    const [{ rows }] = await q(
      `SELECT (SELECT count(*) FROM case_tenant) + (SELECT count(*) FROM protected_person) + (SELECT count(*) FROM notification)
              + (SELECT count(*) FROM household_case WHERE protected_identity) AS rows`,
    );
    if (Number(rows) > 0) {
      const key: DataKey = loadKeyring(loadConfig(process.env)).keys[0];
      for (;;) {
        const tenants: Array<{ id: string; personnummer: string }> = await q(
          `SELECT id, personnummer FROM case_tenant WHERE personnummer_sealed IS NULL LIMIT ${CHUNK}`,
        );
        if (tenants.length === 0) break;
        await q(
          `UPDATE case_tenant t SET personnummer_index = u.i, personnummer_sealed = u.s
             FROM unnest($1::uuid[], $2::bytea[], $3::text[]) AS u(id, i, s) WHERE t.id = u.id`,
          [tenants.map((t) => t.id), tenants.map((t) => blindIndex(key, t.personnummer)), tenants.map((t) => seal(key, 'personnummer', t.personnummer))],
        );
      }
      const persons: Array<{ personnummer: string }> = await q('SELECT personnummer FROM protected_person');
      for (let i = 0; i < persons.length; i += CHUNK) {
        const part = persons.slice(i, i + CHUNK).map((p) => p.personnummer);
        await q(
          `UPDATE protected_person p SET personnummer_index = u.i, personnummer_sealed = u.s
             FROM unnest($1::text[], $2::bytea[], $3::text[]) AS u(p, i, s) WHERE p.personnummer = u.p`,
          [part, part.map((p) => blindIndex(key, p)), part.map((p) => seal(key, 'personnummer', p))],
        );
      }
      const addresses: Array<{ id: string; street: string | null; postal_code: string | null; city: string | null; apartment: string | null }> = await q(
        'SELECT id, street, postal_code, city, apartment FROM household_case WHERE protected_identity',
      );
      for (let i = 0; i < addresses.length; i += CHUNK) {
        const part = addresses.slice(i, i + CHUNK);
        await q(
          `UPDATE household_case c SET address_sealed = u.s, street = NULL, postal_code = NULL, city = NULL, apartment = NULL
             FROM unnest($1::uuid[], $2::text[]) AS u(id, s) WHERE c.id = u.id`,
          [
            part.map((a) => a.id),
            part.map((a) => seal(key, 'address', JSON.stringify({ street: a.street, postalCode: a.postal_code, city: a.city, apartment: a.apartment }))),
          ],
        );
      }
      for (;;) {
        const notes: Array<{ id: string; content_hash: string }> = await q(
          `SELECT id, content_hash FROM notification WHERE position(':' in content_hash) = 0 LIMIT ${CHUNK}`,
        );
        if (notes.length === 0) break;
        await q(
          'UPDATE notification n SET content_hash = u.h FROM unnest($1::uuid[], $2::text[]) AS u(id, h) WHERE n.id = u.id',
          [notes.map((n) => n.id), notes.map((n) => fingerprint(key, n.content_hash))],
        );
      }
      await q('INSERT INTO personal_data_key (id, key_id) VALUES (1, $1)', [key.id]);
    }
    // Frozen agendas: the names as shown, without the (masked) identity numbers; the view adds them from the tenants.
    await q(`UPDATE agenda_item SET item = jsonb_set(item, '{displayName}', coalesce(item -> 'names', '""'::jsonb)) WHERE item ? 'displayName'`);

    await q('DROP INDEX "public"."ix_case_tenant_personnummer"');
    await q('DROP INDEX "public"."ux_case_tenant_case_personnummer"');
    await q('ALTER TABLE "case_tenant" DROP COLUMN "personnummer"');
    await q('ALTER TABLE "case_tenant" ALTER COLUMN "personnummer_index" SET NOT NULL, ALTER COLUMN "personnummer_sealed" SET NOT NULL');
    await q('ALTER TABLE "protected_person" DROP CONSTRAINT "PK_protected_person"');
    await q('ALTER TABLE "protected_person" DROP COLUMN "personnummer"');
    await q('ALTER TABLE "protected_person" ALTER COLUMN "personnummer_index" SET NOT NULL, ALTER COLUMN "personnummer_sealed" SET NOT NULL');
    await q("ALTER TABLE \"protected_person\" ADD CONSTRAINT \"PK_c5effe1f899697cb7b508852b69\" PRIMARY KEY (\"personnummer_index\")");
    await q("CREATE UNIQUE INDEX \"ux_case_tenant_case_personnummer_index\" ON \"case_tenant\"  (\"case_id\", \"personnummer_index\") ");
    await q("CREATE INDEX \"ix_case_tenant_personnummer_index\" ON \"case_tenant\"  (\"personnummer_index\") ");
  }

  public async down(): Promise<void> {
    // Sealed identity numbers are not written back in the clear.
    throw new Error('PersonalDataAtRest cannot be reverted');
  }
}
