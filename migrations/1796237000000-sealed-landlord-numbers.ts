import { MigrationInterface, QueryRunner } from 'typeorm';
import { DataKey, landlordKey, loadConfig, loadKeyring, seal } from '@bosam/platform';

const CHUNK = 5000;

/** Every column that holds a landlord's number, with the column its sealed personnummer goes to. */
const COLUMNS = [
  { table: 'landlord', key: 'org_number', sealed: 'org_number_sealed' },
  { table: 'landlord_request', key: 'org_number', sealed: 'org_number_sealed' },
  { table: 'notification', key: 'landlord_org_number', sealed: 'landlord_org_number_sealed' },
  { table: 'repayment_plan', key: 'landlord_org_number', sealed: 'landlord_org_number_sealed' },
  { table: 'case_disturbance', key: 'landlord_org_number', sealed: 'landlord_org_number_sealed' },
] as const;

/** A sole trader's personnummer as shown (masked): the birth date, which records kept as written lose. */
const MASKED = /^\d{8}-\*{4}$/;
const SOLE_TRADER = 'enskild näringsidkare';

/**
 * A sole trader's personnummer as a landlord's number is sealed like every other identity number: in
 * each table its twelve digits become its landlord blind index (which every join and lookup uses, and
 * a notice's sender key too) and a sealed value beside it; organisationsnummer stay as they are. Masked
 * numbers written into the timeline, notice amendments and frozen agendas are taken out. Existing rows
 * are converted with the key the stored personal data uses (or the application's, on a new database).
 */
export class SealedLandlordNumbers1796237000000 implements MigrationInterface {
  name = 'SealedLandlordNumbers1796237000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    const q = (sql: string, params?: unknown[]) => queryRunner.query(sql, params);
    for (const { table, sealed } of COLUMNS) await q(`ALTER TABLE "${table}" ADD "${sealed}" text`);

    const counts: Array<{ n: string }> = await q(
      COLUMNS.map(({ table, key }) => `SELECT count(*) AS n FROM "${table}" WHERE "${key}" ~ '^[0-9]{12}$'`).join(' UNION ALL '),
    );
    if (counts.some((c) => Number(c.n) > 0)) {
      const ring = loadKeyring(loadConfig(process.env));
      const [recorded] = await q('SELECT key_id FROM personal_data_key WHERE id = 1');
      const key: DataKey = ring.keys.find((k) => k.id === recorded?.key_id) ?? ring.keys[0];
      for (const { table, key: column, sealed } of COLUMNS) {
        const senderKey = table === 'notification' ? ', sender_key = CASE WHEN t.sender_key = t.landlord_org_number THEN u.k ELSE t.sender_key END' : '';
        for (;;) {
          const rows: Array<{ id: string; p: string }> = await q(
            `SELECT id, "${column}" AS p FROM "${table}" WHERE "${column}" ~ '^[0-9]{12}$' LIMIT ${CHUNK}`,
          );
          if (rows.length === 0) break;
          await q(
            `UPDATE "${table}" t SET "${column}" = u.k, "${sealed}" = u.s${senderKey}
               FROM unnest($1::uuid[], $2::text[], $3::text[]) AS u(id, k, s) WHERE t.id = u.id`,
            [rows.map((r) => r.id), rows.map((r) => landlordKey(key, r.p)), rows.map((r) => seal(key, 'landlord', r.p))],
          );
        }
      }
      if (!recorded) await q('INSERT INTO personal_data_key (id, key_id) VALUES (1, $1)', [key.id]);
    }

    // The timeline is append-only for the application; this one correction is the schema owner's.
    const events: Array<{ id: string; data: Record<string, unknown> }> = await q(
      `SELECT id, data FROM case_event WHERE data ->> 'landlordOrgNumber' ~ '^[0-9]{8}-[*]{4}$'`,
    );
    if (events.length > 0) {
      await q('ALTER TABLE case_event DISABLE TRIGGER case_event_no_update');
      await q(
        `UPDATE case_event e SET data = jsonb_set(e.data, '{landlordOrgNumber}', 'null'::jsonb) FROM unnest($1::bigint[]) AS u(id) WHERE e.id = u.id`,
        [events.map((e) => e.id)],
      );
      await q('ALTER TABLE case_event ENABLE TRIGGER case_event_no_update');
    }
    const amendments: Array<{ id: string; changes: Record<string, { from: unknown; to: unknown }> }> = await q(
      `SELECT id, changes FROM notification_amendment WHERE changes -> 'landlordOrgNumber' IS NOT NULL`,
    );
    for (const a of amendments) {
      const change = a.changes.landlordOrgNumber;
      const clean = (v: unknown) => (typeof v === 'string' && MASKED.test(v) ? SOLE_TRADER : v);
      if (clean(change.from) === change.from && clean(change.to) === change.to) continue;
      await q('UPDATE notification_amendment SET changes = $2::jsonb WHERE id = $1', [
        a.id,
        JSON.stringify({ ...a.changes, landlordOrgNumber: { from: clean(change.from), to: clean(change.to) } }),
      ]);
    }
    const items: Array<{ id: string; item: { notices?: Array<{ landlord?: { orgNumber: string } | null }> } }> = await q(
      `SELECT id, item FROM agenda_item WHERE item::text ~ '[0-9]{8}-[*]{4}'`,
    );
    for (const row of items) {
      const notices = (row.item.notices ?? []).map((n) => (n.landlord && MASKED.test(n.landlord.orgNumber) ? { ...n, landlord: { ...n.landlord, orgNumber: SOLE_TRADER } } : n));
      await q('UPDATE agenda_item SET item = $2::jsonb WHERE id = $1', [row.id, JSON.stringify({ ...row.item, notices })]);
    }
  }

  public async down(): Promise<void> {
    // Sealed identity numbers are not written back in the clear.
    throw new Error('SealedLandlordNumbers cannot be reverted');
  }
}
