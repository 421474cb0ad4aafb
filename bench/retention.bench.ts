import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { AuditService, loadConfig, openDataSource, PersonalData } from '@bosam/platform';
import { RetentionService } from '@bosam/retention';
import { appDataSourceOptions } from '../apps/common/src';
import { freshBenchDatabase, insertSealedTenants } from './support';

// The nightly retention job at scale: 100 districts, 200,000 cases opened over ten years (most
// closed two months later), each with a tenant, a notification and its deadline, a contact, a next
// step and a timeline event; about a third of the tenants are born on the 5th, 15th or 25th.
const DATABASE = 'bosam_bench_retention';
const DISTRICTS = 100;
const CASES = 200_000;
const AS_OF = '2026-11-27';

async function generate(ds: DataSource, keys: PersonalData): Promise<void> {
  const q = (sql: string) => ds.query(sql);
  await q(
    `INSERT INTO district (code, name) SELECT 'D' || lpad(d::text, 3, '0'), 'Distrikt ' || d FROM generate_series(1, ${DISTRICTS}) d`,
  );
  await q(
    `INSERT INTO unit (district_code, code, name) SELECT 'D' || lpad(d::text, 3, '0'), 'U1', 'Enhet 1' FROM generate_series(1, ${DISTRICTS}) d`,
  );
  await q(`INSERT INTO household_case (id, district_code, status, opened_on, closed_on, street)
           SELECT md5('case' || i)::uuid, 'D' || lpad((1 + i % ${DISTRICTS})::text, 3, '0'),
                  CASE WHEN i % 50 = 0 THEN 'open' ELSE 'closed' END, r, CASE WHEN i % 50 = 0 THEN NULL ELSE r + 60 END, 'Gatan ' || (i % 100)
             FROM (SELECT i, date '${AS_OF}' - 3650 + (i::bigint * 3500 / ${CASES})::int AS r FROM generate_series(1, ${CASES}) i) s`);
  // Born 1980-01-01 … 1980-01-28 by the case number (day 5, 15 or 25 for 3 of 28), birth number and check digit made up.
  await insertSealedTenants(
    ds,
    keys,
    CASES,
    (from, to) => `
    SELECT md5('case' || i)::uuid AS case_id, '198001' || lpad((1 + i % 28)::text, 2, '0') || lpad((i % 10000)::text, 4, '0') AS personnummer,
           'Namn ' || i AS name
      FROM generate_series(${from}, ${to}) i`,
  );
  await q(`INSERT INTO notification (district_code, case_id, source, sender_key, external_reference, content_hash, received_on, receipt, created_by)
           SELECT c.district_code, c.id, 'landlord_arrears', '5566778899', 'REF-' || c.id, 'h', c.opened_on, '{}', 'bench' FROM household_case c`);
  await q(`INSERT INTO case_deadline (case_id, notification_id, kind, due_on, estimated, rule)
           SELECT n.case_id, n.id, 'recovery_window', n.received_on + 21, false, 'JB 12:44' FROM notification n`);
  await q(`INSERT INTO case_contact (case_id, "on", channel, reached, created_by, created_at)
           SELECT c.id, c.opened_on + 3, 'phone', true, 'bench', c.opened_on + 3 FROM household_case c`);
  await q(`INSERT INTO next_step (district_code, case_id, unit_id, action, due_on, status, done_on, created_by, created_at)
           SELECT c.district_code, c.id, u.id, 'Ring', c.opened_on + 14, 'done', c.opened_on + 10, 'bench', c.opened_on
             FROM household_case c JOIN unit u ON u.district_code = c.district_code`);
  await q(`INSERT INTO case_event (case_id, kind, actor_sub, data, at)
           SELECT c.id, 'case_closed', 'bench', '{}', coalesce(c.closed_on, c.opened_on) + time '12:00' FROM household_case c`);
  await q('ANALYZE');
}

export async function run(): Promise<void> {
  const url = await freshBenchDatabase(DATABASE);
  const keys = PersonalData.fromConfig(loadConfig({ DATABASE_URL: url }));
  const ds = await openDataSource(appDataSourceOptions(url));
  try {
    const began = Date.now();
    await generate(ds, keys);
    process.stdout.write(`generated ${CASES} cases in ${DISTRICTS} districts in ${((Date.now() - began) / 1000).toFixed(1)} s\n`);
    const service = new RetentionService(ds, new AuditService(ds), loadConfig({ DATABASE_URL: url }), keys);
    for (const dryRun of [true, false]) {
      const start = Date.now();
      const report = await service.enforce({ asOf: AS_OF, dryRun });
      const { examined, exempt, thinned, notYetDue } = report;
      process.stdout.write(
        `${dryRun ? 'dry run' : 'thinning'}: ${((Date.now() - start) / 1000).toFixed(2)} s for ${JSON.stringify({ examined, exempt, thinned, notYetDue })}\n`,
      );
    }
    const [left] = await ds.query(
      `SELECT (SELECT count(*) FROM household_case)::int AS cases, (SELECT count(*) FROM case_event)::int AS events`,
    );
    process.stdout.write(`left: ${JSON.stringify(left)}\n`);
  } finally {
    await ds.destroy();
  }
}
