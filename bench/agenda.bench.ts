import 'reflect-metadata';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { AGENDA_SQL, agendaParams, AgendaService, Meeting } from '@bosam/meetings';
import { loadConfig, openDataSource, PersonalData } from '@bosam/platform';
import { appDataSourceOptions } from '../apps/common/src';
import { freshBenchDatabase, insertSealedTenants, keptBenchDatabase } from './support';

// A national deployment (BOSAM.md "Scale"): 300 districts, 10 years × 50,000 notifications, one database.
const DATABASE = 'bosam_bench_agenda';
const DISTRICTS = 300;
let CASES = 400_000;
let REPEATS = 100_000; // cases notified twice: 500,000 notifications in all
const UNITS_PER_DISTRICT = 8;
const RUNS = 200;
export const TODAY = '2026-11-27';

const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

async function time(runs: number, work: () => Promise<unknown>): Promise<{ p50: number; p95: number; max: number }> {
  for (let i = 0; i < 5; i += 1) await work(); // warm-up
  const ms: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const start = process.hrtime.bigint();
    await work();
    ms.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  ms.sort((a, b) => a - b);
  return { p50: percentile(ms, 50), p95: percentile(ms, 95), max: ms[ms.length - 1] };
}

const fmt = (r: { p50: number; p95: number; max: number }) =>
  `p50 ${r.p50.toFixed(2)} ms · p95 ${r.p95.toFixed(2)} ms · max ${r.max.toFixed(2)} ms`;

/**
 * Generates the national data set with set-based inserts (generate_series), one statement per table.
 * `scale` below 1 makes a smaller one (the web benchmark's BENCH_SCALE, for a busy machine).
 */
export async function generate(ds: DataSource, scale = 1, keys: PersonalData = PersonalData.fromConfig(loadConfig({}))): Promise<void> {
  CASES = Math.round(400_000 * scale);
  REPEATS = Math.round(100_000 * scale);
  const q = (sql: string) => ds.query(sql);
  await q(
    `INSERT INTO district (code, name) SELECT 'D' || lpad(d::text, 3, '0'), 'Distrikt ' || d FROM generate_series(1, ${DISTRICTS}) d`,
  );
  await q(`INSERT INTO unit (district_code, code, name)
           SELECT 'D' || lpad(d::text, 3, '0'), 'U' || u, 'Enhet ' || u
             FROM generate_series(1, ${DISTRICTS}) d, generate_series(1, ${UNITS_PER_DISTRICT}) u`);
  // Cases spread evenly over ten years; those notified in the last 90 days are open. One in 200 older cases stays open
  // too: they all fall in D001, D101 and D201 (200 and 300 share factors), which makes those three the large districts.
  await q(`INSERT INTO household_case (id, district_code, status, opened_on, closed_on, street, postal_code, city, apartment,
             children_in_household, protected_identity, arrears_ore, ongoing_disturbance)
           SELECT md5('case' || i)::uuid, 'D' || lpad((1 + i % ${DISTRICTS})::text, 3, '0'),
                  CASE WHEN r >= date '${TODAY}' - 90 OR i % 200 = 0 THEN 'open' ELSE 'closed' END,
                  r, CASE WHEN r >= date '${TODAY}' - 90 OR i % 200 = 0 THEN NULL ELSE r + 60 END,
                  'Gatan ' || (i % 100), '123 45', 'Stad', (1000 + i % 500)::text,
                  CASE WHEN i % 10 < 3 THEN 1 + i % 3 ELSE 0 END, i % 97 = 0,
                  CASE WHEN i % 7 = 0 THEN 0 ELSE (i::bigint * 7919) % 5000000 END, i % 20 = 0
             FROM (SELECT i, date '${TODAY}' - 3650 + (i::bigint * 3650 / ${CASES})::int AS r FROM generate_series(1, ${CASES}) i) s`);
  await insertSealedTenants(
    ds,
    keys,
    CASES,
    (from, to) => `
    SELECT md5('case' || i)::uuid AS case_id, '19' || lpad(((i::bigint * 7919) % 9999999999)::text, 10, '0') AS personnummer, 'Namn ' || i AS name
      FROM generate_series(${from}, ${to}) i`,
  );
  await q(`INSERT INTO notification (id, district_code, case_id, source, sender_key, external_reference, content_hash, received_on,
             arrears_ore, children_in_household, receipt, created_by, created_at, awaiting_agenda)
           SELECT md5('note' || n)::uuid, c.district_code, c.id, 'landlord_arrears', '5566778899', 'REF-' || n, 'h',
                  c.opened_on + (n / ${CASES}) * 20, c.arrears_ore, c.children_in_household, '{}', 'bench',
                  (c.opened_on + (n / ${CASES}) * 20)::timestamptz + interval '10 hours',
                  -- not yet on a frozen agenda: those the agenda_notification insert below leaves out
                  (c.opened_on + (n / ${CASES}) * 20)::timestamptz + interval '10 hours' >= (date '${TODAY}' - 14)::timestamptz + interval '8 hours'
             FROM generate_series(1, ${CASES + REPEATS}) n
             JOIN household_case c ON c.id = md5('case' || (1 + (n - 1) % ${CASES}))::uuid
            WHERE (c.opened_on + (n / ${CASES}) * 20) <= date '${TODAY}'`);
  await q(`INSERT INTO case_deadline (case_id, notification_id, kind, due_on, estimated, rule)
           SELECT n.case_id, n.id, 'recovery_window', n.received_on + 21, false, 'JB 12:44 (återvinningsfrist, tre veckor)' FROM notification n`);
  await q(`INSERT INTO case_unit (case_id, unit_id)
           SELECT DISTINCT c.id, u.id FROM household_case c
             JOIN generate_series(0, 2) k ON k < (hashtext(c.id::text) & 3)
             JOIN unit u ON u.district_code = c.district_code AND u.code = 'U' || (1 + (abs(hashtext(c.id::text)) + k) % ${UNITS_PER_DISTRICT})`);
  await q(`INSERT INTO next_step (district_code, case_id, unit_id, action, due_on, status, done_on, created_by)
           SELECT c.district_code, c.id, u.id, 'Kontakta hushållet', c.opened_on + 14,
                  CASE WHEN c.status = 'open' AND c.opened_on + 14 >= date '${TODAY}' - 20 THEN 'open' ELSE 'done' END,
                  CASE WHEN c.status = 'open' AND c.opened_on + 14 >= date '${TODAY}' - 20 THEN NULL ELSE c.opened_on + 10 END, 'bench'
             FROM household_case c JOIN unit u ON u.district_code = c.district_code AND u.code = 'U1'
            WHERE hashtext(c.id::text) % 2 = 0`);
  // Meetings every other week: the history (closed, every older notification on its frozen agenda), the last one
  // (closed, some items carried over), the measured one (planned) and two planned after it.
  await q(`INSERT INTO meeting (id, district_code, starts_at, held_on, status, started_at, closed_at, created_by)
           SELECT md5('meet' || d || '-' || k)::uuid, 'D' || lpad(d::text, 3, '0'),
                  (date '${TODAY}' + 14 * k)::timestamptz + interval '8 hours', date '${TODAY}' + 14 * k,
                  CASE WHEN k < 0 THEN 'closed' ELSE 'planned' END,
                  CASE WHEN k < 0 THEN (date '${TODAY}' + 14 * k)::timestamptz + interval '8 hours' END,
                  CASE WHEN k < 0 THEN (date '${TODAY}' + 14 * k)::timestamptz + interval '11 hours' END, 'bench'
             FROM generate_series(1, ${DISTRICTS}) d, generate_series(-2, 2) k`);
  await q(`INSERT INTO agenda_notification (notification_id, meeting_id)
           SELECT n.id, md5('meet' || ltrim(substr(n.district_code, 2), '0') || '-' || CASE WHEN n.created_at < date '${TODAY}' - 28 THEN -2 ELSE -1 END)::uuid
             FROM notification n WHERE n.created_at < (date '${TODAY}' - 14)::timestamptz + interval '8 hours'`);
  await q(`INSERT INTO agenda_item (meeting_id, section, position, case_id, item, carried_over)
           SELECT md5('meet' || ltrim(substr(c.district_code, 2), '0') || '--1')::uuid, 'follow_up',
                  row_number() OVER (PARTITION BY c.district_code ORDER BY c.id), c.id, '{}', hashtext(c.id::text) % 3 = 0
             FROM household_case c WHERE c.status = 'open'`);
  await q('ANALYZE');
}

export async function run(): Promise<void> {
  // BENCH_REUSE=1 measures again on the data an earlier run left (generating takes minutes).
  const kept = process.env.BENCH_REUSE === '1' ? await keptBenchDatabase(DATABASE) : null;
  const url = kept ?? (await freshBenchDatabase(DATABASE));
  const keys = PersonalData.fromConfig(loadConfig({ DATABASE_URL: url }));
  const ds = await openDataSource(appDataSourceOptions(url));
  const pg = new Client({ connectionString: url });
  try {
    const began = Date.now();
    if (kept) process.stdout.write(`reusing ${new URL(url).pathname.slice(1)}\n`);
    else await generate(ds, 1, keys);
    const [counts] =
      await ds.query(`SELECT (SELECT count(*) FROM notification) AS notifications, (SELECT count(*) FROM household_case) AS cases,
      (SELECT count(*) FROM household_case WHERE status = 'open') AS open_cases, (SELECT count(*) FROM next_step) AS next_steps,
      (SELECT count(*) FROM case_deadline) AS deadlines, (SELECT count(*) FROM case_unit) AS case_units`);
    process.stdout.write(`generated in ${((Date.now() - began) / 1000).toFixed(1)} s: ${JSON.stringify(counts)}\n`);

    await pg.connect();
    // D001: one of the large districts (about 680 open cases); D002: a typical one (about 40).
    for (const district of ['D001', 'D002']) {
      const meeting = (await ds.getRepository(Meeting).findOneByOrFail({ districtCode: district, heldOn: TODAY })) as Meeting;
      const agendas = new AgendaService(ds, keys);
      const agenda = await agendas.compute(meeting);
      process.stdout.write(
        `\ndistrict ${district}, meeting ${meeting.heldOn}: ${agenda.sections.map((s) => `${s.kind} ${s.items.length}`).join(', ')}\n`,
      );
      const service = await time(RUNS, () => agendas.compute(meeting));
      const view = await time(RUNS, () => agendas.view(meeting));
      const direct = await time(RUNS, () => pg.query(AGENDA_SQL, agendaParams(meeting)));
      process.stdout.write(`agenda through AgendaService.compute (N=${RUNS}): ${fmt(service)}\n`);
      process.stdout.write(`agenda view incl. warnings (N=${RUNS}):          ${fmt(view)}\n`);
      process.stdout.write(`same SQL directly via pg (N=${RUNS}):            ${fmt(direct)}\n`);
      const plan = await pg.query(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${AGENDA_SQL}`, agendaParams(meeting));
      const top = plan.rows[0]['QUERY PLAN'][0];
      process.stdout.write(
        `EXPLAIN ANALYZE: execution ${top['Execution Time'].toFixed(2)} ms, planning ${top['Planning Time'].toFixed(2)} ms\n`,
      );
    }
  } finally {
    await pg.end().catch(() => undefined);
    await ds.destroy();
  }
}
