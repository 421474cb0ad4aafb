import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { withLuhnDigit } from '@bosam/identity';
import { LiaisonService } from '@bosam/landlords';
import { Actor, AuditService, loadConfig, openDataSource, PersonalData } from '@bosam/platform';
import { appDataSourceOptions } from '../apps/common/src';
import { freshBenchDatabase, insertSealedTenants } from './support';

// The landlord-facing liaison agenda at national scale: 300 districts, 200,000 cases over ten years,
// 20 landlords, a consent on one case in five (some withdrawn or expired), contacts and next steps.
const DATABASE = 'bosam_bench_liaison';
const DISTRICTS = 300;
const CASES = 200_000;
const LANDLORDS = 20;
const RUNS = 200;
const TODAY = '2026-11-27';

const orgNumberOf = (l: number): string => withLuhnDigit(`5560000${String(l).padStart(2, '0')}`);

const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

async function time(runs: number, work: () => Promise<unknown>): Promise<string> {
  for (let i = 0; i < 5; i += 1) await work(); // warm-up
  const ms: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const start = process.hrtime.bigint();
    await work();
    ms.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  ms.sort((a, b) => a - b);
  return `p50 ${percentile(ms, 50).toFixed(2)} ms · p95 ${percentile(ms, 95).toFixed(2)} ms · max ${ms[ms.length - 1].toFixed(2)} ms`;
}

/** Set-based inserts (generate_series), one statement per table. */
async function generate(ds: DataSource): Promise<void> {
  const q = (sql: string) => ds.query(sql);
  await q(
    `INSERT INTO district (code, name) SELECT 'D' || lpad(d::text, 3, '0'), 'Distrikt ' || d FROM generate_series(1, ${DISTRICTS}) d`,
  );
  await q(
    `INSERT INTO unit (district_code, code, name) SELECT 'D' || lpad(d::text, 3, '0'), 'U1', 'Enhet 1' FROM generate_series(1, ${DISTRICTS}) d`,
  );
  await ds.query(
    `INSERT INTO landlord (id, org_number, name, municipal)
     SELECT md5('landlord' || l)::uuid, ($1::text[])[l], 'Värd ' || l, true FROM generate_series(1, ${LANDLORDS}) l`,
    [Array.from({ length: LANDLORDS }, (_, i) => orgNumberOf(i + 1))],
  );
  await q(`INSERT INTO household_case (id, district_code, status, opened_on, closed_on, landlord_id, street, postal_code, city, apartment,
             children_in_household, protected_identity, arrears_ore)
           SELECT md5('case' || i)::uuid, 'D' || lpad((1 + i % ${DISTRICTS})::text, 3, '0'),
                  CASE WHEN r >= date '${TODAY}' - 120 OR i % 100 = 0 THEN 'open' ELSE 'closed' END, r,
                  CASE WHEN r >= date '${TODAY}' - 120 OR i % 100 = 0 THEN NULL ELSE r + 60 END,
                  md5('landlord' || (1 + i % ${LANDLORDS}))::uuid, 'Gatan ' || (i % 100), '123 45', 'Stad', (1000 + i % 500)::text,
                  i % 3, i % 97 = 0, (i::bigint * 7919) % 5000000
             FROM (SELECT i, date '${TODAY}' - 3650 + (i::bigint * 3650 / ${CASES})::int AS r FROM generate_series(1, ${CASES}) i) s`);
  await insertSealedTenants(
    ds,
    PersonalData.fromConfig(loadConfig({})),
    CASES,
    (from, to) => `
    SELECT md5('case' || i)::uuid AS case_id, '19' || lpad(((i::bigint * 7919) % 9999999999)::text, 10, '0') AS personnummer, 'Namn ' || i AS name
      FROM generate_series(${from}, ${to}) i`,
  );
  await q(`INSERT INTO notification (district_code, case_id, source, sender_key, external_reference, content_hash, received_on,
             landlord_id, landlord_org_number, arrears_ore, months_in_arrears, receipt, created_by)
           SELECT c.district_code, c.id, 'landlord_arrears', l.org_number, 'REF-' || c.id, 'h', c.opened_on, l.id, l.org_number,
                  c.arrears_ore, 2, '{}', 'bench'
             FROM household_case c JOIN landlord l ON l.id = c.landlord_id`);
  await q(`INSERT INTO case_deadline (case_id, notification_id, kind, due_on, estimated, rule)
           SELECT n.case_id, n.id, 'recovery_window', n.received_on + 21, false, 'JB 12:44' FROM notification n`);
  await q(`INSERT INTO case_contact (case_id, "on", channel, reached, created_by)
           SELECT c.id, c.opened_on + 3, 'phone', hashtext(c.id::text) % 2 = 0, 'bench' FROM household_case c`);
  await q(`INSERT INTO next_step (district_code, case_id, unit_id, action, due_on, status, created_by)
           SELECT c.district_code, c.id, u.id, 'Ring', c.opened_on + 14, CASE WHEN c.status = 'open' THEN 'open' ELSE 'done' END, 'bench'
             FROM household_case c JOIN unit u ON u.district_code = c.district_code`);
  await q(`INSERT INTO consent (district_code, case_id, landlord_id, categories, given_on, valid_until, form, documented_by, withdrawn_on, created_by)
           SELECT c.district_code, c.id, c.landlord_id, ARRAY['arrears_status', 'social_services_contact', 'support_measures', 'household'],
                  c.opened_on, CASE WHEN hashtext(c.id::text) % 7 = 0 THEN c.opened_on + 30 END, 'written', 'bench',
                  CASE WHEN hashtext(c.id::text) % 11 = 0 THEN c.opened_on + 5 END, 'bench'
             FROM household_case c WHERE abs(hashtext(c.id::text)) % 5 = 0`);
  await q(`INSERT INTO liaison_session (id, district_code, "on", created_by)
           SELECT md5('session' || d)::uuid, 'D' || lpad(d::text, 3, '0'), date '${TODAY}', 'bench' FROM generate_series(1, ${DISTRICTS}) d`);
  await q(`INSERT INTO liaison_session_landlord (session_id, landlord_id)
           SELECT md5('session' || d)::uuid, md5('landlord' || l)::uuid FROM generate_series(1, ${DISTRICTS}) d, generate_series(1, ${LANDLORDS}) l`);
  await q('ANALYZE');
}

export async function run(): Promise<void> {
  const url = await freshBenchDatabase(DATABASE);
  const ds = await openDataSource(appDataSourceOptions(url));
  try {
    const began = Date.now();
    await generate(ds);
    const [counts] =
      await ds.query(`SELECT (SELECT count(*) FROM household_case) AS cases, (SELECT count(*) FROM household_case WHERE status = 'open') AS open_cases,
      (SELECT count(*) FROM consent) AS consents, (SELECT count(*) FROM notification) AS notifications`);
    process.stdout.write(`generated in ${((Date.now() - began) / 1000).toFixed(1)} s: ${JSON.stringify(counts)}\n`);
    const liaison = new LiaisonService(ds, new AuditService(ds), PersonalData.fromConfig(loadConfig({})));
    // D001: one of the large districts (the old open cases fall there); D002: a typical one.
    for (const district of ['D001', 'D002']) {
      const actor: Actor = { sub: 'bench', name: 'Bench', role: 'coordinator', district };
      const sessionId = (await ds.query(`SELECT id FROM liaison_session WHERE district_code = $1`, [district]))[0].id as string;
      // District n holds the cases i ≡ n-1 (mod 300), whose landlord is 1 + (n-1) mod 20.
      const landlord = orgNumberOf(1 + ((Number(district.slice(1)) - 1) % LANDLORDS));
      const agenda = await liaison.agenda(actor, sessionId, landlord);
      process.stdout.write(
        `\ndistrict ${district}, landlord ${landlord}: ${agenda.cases.length} consented cases, ${agenda.general.openCases} open cases\n`,
      );
      process.stdout.write(
        `liaison agenda through LiaisonService.agenda, audit included (N=${RUNS}): ${await time(RUNS, () => liaison.agenda(actor, sessionId, landlord))}\n`,
      );
    }
  } finally {
    await ds.destroy();
  }
}
