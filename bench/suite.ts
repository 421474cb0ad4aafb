import 'reflect-metadata';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { AddressInfo } from 'node:net';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { EvaluationExportsService, IndicatorsService } from '@bosam/evaluation';
import { AGENDA_SQL, agendaParams, AgendaService, Meeting } from '@bosam/meetings';
import { BosamConfig, loadConfig, PersonalData, signLocalToken } from '@bosam/platform';
import { createApiApp } from '../apps/api/src';
import { SESSION_COOKIE, SessionService } from '../apps/api/src/web/session.service';
import { generate, TODAY } from './agenda.bench';
import { baselineApp, intakeBaseline, IntakeCalls, withoutAuditWrites } from './baselines';
import { measureImport } from './import.bench';
import { Call, closedLoop, LoadResult, median, openLoop, percentile, round } from './load';
import { benchServerUrl, dropBenchDatabase, freshBenchDatabase } from './support';

// npm run bench -- --scale national|small: the benchmarks of the performance goals, each the project
// beside its baseline measured in the same run, written to bench/results/latest.json and a dated copy.
// See bench/README.md for what each measures.

export interface Scale {
  /** The share of the national data set (300 districts, 400,000 cases) generated. */
  data: number;
  /** Seconds per load measurement, and how many rounds (the median is reported). */
  seconds: number;
  rounds: number;
  agendaRuns: number;
  importRows: number;
}

export const SCALES: Record<string, Scale> = {
  national: { data: 1, seconds: 5, rounds: 3, agendaRuns: 200, importRows: 100_000 },
  small: { data: 0.02, seconds: 1.5, rounds: 1, agendaRuns: 30, importRows: 5_000 },
  // Only for the harness's own test: every benchmark runs, the figures mean nothing.
  tiny: { data: 0.002, seconds: 0.25, rounds: 1, agendaRuns: 3, importRows: 100 },
};

export type BenchResult = { name: string; ratio?: number | null; baseline?: string; skipped?: string; error?: string } & Record<
  string,
  unknown
>;

export interface SuiteReport {
  scale: string;
  startedAt: string;
  seconds: number;
  machine: { cpus: number; memoryGb: number; node: string; postgres: string; load?: number[] };
  results: BenchResult[];
}

export const SUITE_NAMES = [
  'http_overhead',
  'auth_read',
  'intake',
  'cross_district',
  'audit_overhead',
  'agenda',
  'import',
  'evaluation_export',
  'web_meeting_page',
] as const;

const SECRET = 'bench-secret-bench-secret-bench-secret-0123';
const CONNECTIONS = 10;
const TERM = '2026-HT'; // the term of TODAY
const LANDLORD = '5560359555';

const say = (line: string) => process.stdout.write(`${line}\n`);
const fmtLoad = (r: LoadResult & { dropped?: number }) =>
  `${r.rps} req/s, p50 ${r.p50_ms} ms, p99 ${r.p99_ms} ms${r.errors ? `, ${r.errors} errors (${r.firstError})` : ''}${r.dropped ? `, ${r.dropped} not sent (too many in flight)` : ''}`;

interface Context {
  scale: Scale;
  url: string;
  app: NestFastifyApplication;
  config: BosamConfig;
  /** The environment the application was configured from (for a second one beside it). */
  env: Record<string, string>;
  ds: DataSource;
  base: string;
  token: (district: string) => Promise<string>;
  intake: IntakeCalls;
}

/** Runs `project` and `baseline` alternately for the scale's rounds; the medians of each figure. */
async function sideBySide<T extends Record<string, number>>(
  rounds: number,
  project: () => Promise<T>,
  baseline: () => Promise<T>,
): Promise<{ project: T; baseline: T }> {
  const p: T[] = [];
  const b: T[] = [];
  for (let i = 0; i < rounds; i += 1) {
    p.push(await project());
    b.push(await baseline());
  }
  const med = (list: T[]) => Object.fromEntries(Object.keys(list[0]).map((k) => [k, median(list.map((x) => x[k]))])) as T;
  return { project: med(p), baseline: med(b) };
}

const figures = (r: LoadResult) => ({ rps: r.rps, p99: r.p99_ms, errors: r.errors });

/** Throws when a load run failed outright, so a broken route is not reported as a slow one. */
function checked<R extends LoadResult>(label: string, r: R): R {
  say(`  ${label}: ${fmtLoad(r)}`);
  if (r.requests > 0 && r.errors > r.requests / 2)
    throw new Error(`${label}: ${r.errors} of ${r.requests} requests failed: ${r.firstError}`);
  return r;
}

async function warm(base: string, call: Parameters<typeof closedLoop>[1]['next']): Promise<void> {
  await closedLoop(base, { connections: 2, seconds: 0.5, maxRequests: 100, next: call });
}

/** The three districts with most cases: auth_read, cross_district and audit_overhead read one each. */
async function readDistricts(ds: DataSource): Promise<string[]> {
  const rows = await ds.query(`SELECT district_code AS code FROM household_case GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 3`);
  return rows.map((r: { code: string }) => r.code);
}

async function caseIds(ds: DataSource, district: string): Promise<string[]> {
  const rows = await ds.query(`SELECT id FROM household_case WHERE district_code = $1 ORDER BY status DESC, id LIMIT 50`, [district]);
  if (rows.length === 0) throw new Error(`no cases in ${district}`);
  return rows.map((r: { id: string }) => r.id);
}

const BENCHES: Record<(typeof SUITE_NAMES)[number], (c: Context) => Promise<Omit<BenchResult, 'name'>>> = {
  async http_overhead({ scale, base }) {
    const bare = await baselineApp('live');
    try {
      const call = () => ({ method: 'GET', path: '/health/live' });
      await warm(base, call);
      await warm(bare.base, call);
      const run = (to: string, label: string) => async () =>
        figures(checked(label, await closedLoop(to, { connections: CONNECTIONS, seconds: scale.seconds, next: call })));
      const { project, baseline } = await sideBySide(scale.rounds, run(base, 'GET /health/live'), run(bare.base, 'bare Fastify'));
      return {
        ratio: round(project.rps / baseline.rps),
        project_rps: project.rps,
        baseline_rps: baseline.rps,
        baseline: 'bare Fastify answering the same JSON',
      };
    } finally {
      await bare.close();
    }
  },

  async auth_read({ scale, base, url, token, ds }) {
    const [district] = await readDistricts(ds);
    const bare = await baselineApp('units', { url, secret: SECRET });
    try {
      const headers = { authorization: `Bearer ${await token(district)}` };
      const call = () => ({ method: 'GET', path: `/api/v1/districts/${district}/units`, headers });
      await warm(base, call);
      await warm(bare.base, call);
      const run = (to: string, label: string) => async () =>
        figures(checked(label, await closedLoop(to, { connections: CONNECTIONS, seconds: scale.seconds, next: call })));
      const { project, baseline } = await sideBySide(
        scale.rounds,
        run(base, 'GET /api/v1/districts/{code}/units'),
        run(bare.base, 'bare Fastify + jose + pg'),
      );
      return {
        ratio: round(project.rps / baseline.rps),
        project_rps: project.rps,
        baseline_rps: baseline.rps,
        p99_ms: project.p99,
        baseline_p99_ms: baseline.p99,
        baseline: 'bare Fastify + jose (same token check) + the same SQL through pg',
      };
    } finally {
      await bare.close();
    }
  },

  async intake({ scale, base, url, intake, app }) {
    const ten = intake.districts.slice(0, 10);
    const one = intake.districts[10];
    await warm(base, intake.next(ten));
    const pool = new Pool({ connectionString: url, max: CONNECTIONS });
    try {
      const { project, baseline } = await sideBySide(
        scale.rounds,
        async () =>
          figures(
            checked(
              'POST /notifications, closed loop',
              await closedLoop(base, { connections: CONNECTIONS, seconds: scale.seconds, next: intake.next(ten) }),
            ),
          ),
        async () =>
          figures(
            checked('same rows through pg', await intakeBaseline(pool, app.get(PersonalData), intake, ten, CONNECTIONS, scale.seconds)),
          ),
      );
      const at200 = checked(
        '200 req/s over 10 districts',
        await openLoop(base, { rate: 200, seconds: scale.seconds * 2, next: intake.next(ten) }),
      );
      const at100 = checked(
        '100 req/s in one district',
        await openLoop(base, { rate: 100, seconds: scale.seconds * 2, next: intake.next([one]) }),
      );
      return {
        ratio: round(project.rps / baseline.rps),
        max_rps: project.rps,
        baseline_rps: baseline.rps,
        p99_ms: at200.p99_ms,
        achieved_rps_at_200: at200.achieved_rps,
        dropped_at_200: at200.dropped,
        p99_one_district_ms: at100.p99_ms,
        achieved_rps_at_100: at100.achieved_rps,
        dropped_at_100: at100.dropped,
        baseline: 'the same rows (case, tenant, notification, deadline, event) inserted through pg, one transaction per notice',
      };
    } finally {
      await pool.end();
    }
  },

  async cross_district({ scale, base, ds, token, intake }) {
    const [, districtA] = await readDistricts(ds);
    const ids = await caseIds(ds, districtA);
    const headers = { authorization: `Bearer ${await token(districtA)}` };
    const read = (i: number) => ({ method: 'GET', path: `/api/v1/cases/${ids[i % ids.length]}`, headers });
    await warm(base, read);
    const reads = () => closedLoop(base, { connections: CONNECTIONS / 2, seconds: scale.seconds, next: read });
    const { project, baseline } = await sideBySide(
      scale.rounds,
      async () => {
        const [a, b] = await Promise.all([
          reads(),
          closedLoop(base, { connections: CONNECTIONS, seconds: scale.seconds, next: intake.next([intake.districts[11]]) }),
        ]);
        checked(`district B intake`, b);
        return { ...figures(checked(`case reads in ${districtA}, B busy`, a)), intake_rps: b.rps };
      },
      async () => ({ ...figures(checked(`case reads in ${districtA}, B idle`, await reads())), intake_rps: 0 }),
    );
    return {
      ratio: round(project.rps / baseline.rps),
      busy_rps: project.rps,
      idle_rps: baseline.rps,
      intake_rps_in_b: project.intake_rps,
      baseline: 'the same audited case reads in district A while district B is idle',
    };
  },

  async audit_overhead({ scale, base, ds, env, token }) {
    const [, , district] = await readDistricts(ds);
    const ids = await caseIds(ds, district);
    const headers = { authorization: `Bearer ${await token(district)}` };
    const read = (i: number) => ({ method: 'GET', path: `/api/v1/cases/${ids[i % ids.length]}`, headers });
    await warm(base, read);
    const run = (to: string, label: string) => async () =>
      figures(checked(label, await closedLoop(to, { connections: CONNECTIONS, seconds: scale.seconds, next: read })));
    const { project, baseline } = await sideBySide(scale.rounds, run(base, 'GET /cases/{id}, audited'), () =>
      withoutAuditWrites(env, ds, async (unaudited) => {
        await warm(unaudited, read);
        return run(unaudited, 'GET /cases/{id}, audit write skipped (BOSAM_BENCH_SKIP_AUDIT)')();
      }),
    );
    return {
      ratio: round(project.rps / baseline.rps),
      audited_rps: project.rps,
      unaudited_rps: baseline.rps,
      baseline: 'the same read with its audit write skipped (bench-only switch)',
    };
  },

  async agenda({ scale, ds, url, app }) {
    const [{ district }] = await ds.query(
      `SELECT district_code AS district FROM household_case WHERE status = 'open' GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1`,
    );
    const meeting = await ds.getRepository(Meeting).findOneByOrFail({ districtCode: district, heldOn: TODAY });
    const agendas = new AgendaService(ds, app.get(PersonalData));
    const pool = new Pool({ connectionString: url, max: 1 });
    const time = async (work: () => Promise<unknown>) => {
      for (let i = 0; i < Math.min(5, scale.agendaRuns); i += 1) await work();
      const ms: number[] = [];
      for (let i = 0; i < scale.agendaRuns; i += 1) {
        const t0 = process.hrtime.bigint();
        await work();
        ms.push(Number(process.hrtime.bigint() - t0) / 1e6);
      }
      ms.sort((a, b) => a - b);
      return { p50: percentile(ms, 50), p95: percentile(ms, 95) };
    };
    try {
      const items = (await agendas.compute(meeting)).sections.reduce((n, s) => n + s.items.length, 0);
      const { project, baseline } = await sideBySide(
        scale.rounds,
        () => time(() => agendas.compute(meeting)),
        () => time(() => pool.query(AGENDA_SQL, agendaParams(meeting))),
      );
      say(`  ${district}, ${items} items: AgendaService p95 ${round(project.p95)} ms, SQL through pg p95 ${round(baseline.p95)} ms`);
      return {
        ratio: round(project.p95 / baseline.p95),
        p95_ms: round(project.p95),
        p50_ms: round(project.p50),
        baseline_p95_ms: round(baseline.p95),
        district,
        items,
        runs: scale.agendaRuns,
        baseline: 'the same agenda SQL through pg',
      };
    } finally {
      await pool.end();
    }
  },

  async import({ scale, url }) {
    const name = `bosam_bench_import_${databaseSuffix(url)}`.slice(0, 60);
    const f = await measureImport(scale.importRows, name);
    return {
      ratio: round(f.rowsPerSecond / f.copyRowsPerSecond, 4),
      rows: f.rows,
      rows_per_s: Math.round(f.rowsPerSecond),
      copy_rows_per_s: Math.round(f.copyRowsPerSecond),
      peak_rss_mb: Math.round(f.peakRssMb),
      baseline: 'COPY of the same file into a staging table of text columns',
    };
  },

  async evaluation_export({ scale, ds, app }) {
    const [{ district }] = await ds.query(
      `SELECT district_code AS district FROM household_case GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1`,
    );
    const indicators = app.get(IndicatorsService, { strict: false });
    const exports = app.get(EvaluationExportsService, { strict: false });
    const indicatorMs: number[] = [];
    const seconds: number[] = [];
    for (let i = 0; i < scale.rounds; i += 1) {
      const t0 = process.hrtime.bigint();
      await indicators.compute(district, TERM);
      indicatorMs.push(Number(process.hrtime.bigint() - t0) / 1e6);
      const [{ id }] = await ds.query(
        `INSERT INTO evaluation_export (district_code, term, format, requested_by) VALUES ($1, $2, 'xlsx', 'bench') RETURNING id`,
        [district, TERM],
      );
      const t1 = process.hrtime.bigint();
      await exports.build(id);
      seconds.push(Number(process.hrtime.bigint() - t1) / 1e9);
      const [{ status, bytes }] = await ds.query('SELECT status, octet_length(content) AS bytes FROM evaluation_export WHERE id = $1', [
        id,
      ]);
      if (status !== 'done') throw new Error(`export ended ${status}`);
      say(`  ${district} ${TERM} xlsx: ${round(seconds[i])} s (${bytes} bytes), indicators ${round(indicatorMs[i])} ms`);
    }
    return {
      ratio: null,
      seconds: round(median(seconds)),
      indicators_ms: round(median(indicatorMs)),
      district,
      term: TERM,
      baseline: 'none (an absolute goal)',
    };
  },

  // The meeting page (GET /moten/:id, rendered to HTML with a session cookie) beside the agenda API
  // (GET /api/v1/meetings/:id/agenda) for the largest district's next meeting, one request at a time.
  async web_meeting_page({ scale, app, ds, base, token }) {
    if (!app.getHttpAdapter().getInstance().hasRoute({ method: 'GET', url: '/moten/:id' }))
      return { skipped: 'no meeting page (GET /moten/:id) in this build' };
    const [{ district }] = await ds.query(
      `SELECT district_code AS district FROM household_case WHERE status = 'open' GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1`,
    );
    const meeting = await ds.getRepository(Meeting).findOneByOrFail({ districtCode: district, heldOn: TODAY });
    const actor = { sub: `bench-${district}`, name: 'Bench', role: 'coordinator' as const, district };
    const cookie = `${SESSION_COOKIE}=${await app.get(SessionService, { strict: false }).create(actor)}`;
    const api = {
      method: 'GET',
      path: `/api/v1/meetings/${meeting.id}/agenda`,
      headers: { authorization: `Bearer ${await token(district)}` },
    };
    const page = { method: 'GET', path: `/moten/${meeting.id}`, headers: { cookie } };
    const time = (call: Call, label: string) => async () => {
      await warm(base, () => call);
      const r = checked(label, await closedLoop(base, { connections: 1, seconds: 60, maxRequests: scale.agendaRuns, next: () => call }));
      return { p95: r.p95_ms, p50: r.p50_ms };
    };
    const { project, baseline } = await sideBySide(
      scale.rounds,
      time(page, 'GET /moten/{id}'),
      time(api, 'GET /api/v1/meetings/{id}/agenda'),
    );
    return {
      ratio: round(project.p95 / baseline.p95),
      p95_ms: project.p95,
      api_p95_ms: baseline.p95,
      district,
      baseline: 'the agenda API (GET /api/v1/meetings/{id}/agenda) for the same meeting',
    };
  },
};

/** The server's database name, reduced to what a bench database name may contain. */
function databaseSuffix(url: string): string {
  const name = new URL(url).pathname.slice(1) || 'postgres';
  return name.toLowerCase().replace(/[^a-z_]/g, '_');
}

export async function runSuite(options: {
  scale: string;
  only?: string[];
  outDir?: string;
  seconds?: number;
  rounds?: number;
}): Promise<SuiteReport> {
  const preset = SCALES[options.scale];
  if (!preset) throw new Error(`--scale must be one of ${Object.keys(SCALES).join(', ')}, not ${options.scale}`);
  // --seconds and --rounds lengthen the measurements of a scale (a busy machine needs more than small's 1.5 s).
  const scale: Scale = { ...preset, seconds: options.seconds || preset.seconds, rounds: options.rounds || preset.rounds };
  const began = Date.now();
  const names = SUITE_NAMES.filter((n) => !options.only?.length || options.only.includes(n));
  // One database per server database name, so runs against different test databases do not collide.
  const database = `bosam_bench_suite_${databaseSuffix(benchServerUrl())}`.slice(0, 60);
  const results = new Map<string, BenchResult>();
  const run = async (name: (typeof SUITE_NAMES)[number], context: Context) => {
    say(`\n== ${name} ==`);
    const t0 = Date.now();
    try {
      results.set(name, { name, ...(await BENCHES[name](context)) });
    } catch (error) {
      results.set(name, { name, error: (error as Error).message });
      say(`  failed: ${(error as Error).stack ?? (error as Error).message}`);
    }
    say(`  (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  };

  // The import measures the process's peak RSS: it runs first, before the other benchmarks have grown the heap.
  const url = await freshBenchDatabase(database);
  if (names.includes('import')) await run('import', { scale, url } as Context);

  // No per-user write limit: intake is driven far past it on purpose.
  const env = {
    DATABASE_URL: url,
    LOG_LEVEL: 'error',
    AUTH_LOCAL_SECRET: SECRET,
    BOSAM_DATA_DIR: mkdtempSync(join(tmpdir(), 'bosam-bench-')),
    PORT: '0',
    WRITES_PER_MINUTE: '1000000',
  };
  const config = loadConfig(env);
  const app = await createApiApp(config);
  let postgres = 'unknown';
  try {
    await app.listen(0, '127.0.0.1');
    const ds = app.get(DataSource);
    postgres = (await ds.query('SHOW server_version'))[0].server_version;
    const t0 = Date.now();
    await generate(ds, scale.data, app.get(PersonalData));
    await ds.query(`INSERT INTO landlord (org_number, name, municipal) VALUES ($1, 'Bostadsbolaget', true) ON CONFLICT DO NOTHING`, [
      LANDLORD,
    ]);
    const [counts] = await ds.query(
      `SELECT (SELECT count(*)::int FROM household_case) AS cases, (SELECT count(*)::int FROM notification) AS notifications`,
    );
    say(
      `data (scale ${options.scale}): ${counts.cases} cases, ${counts.notifications} notifications in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
    );
    const tokens = new Map<string, Promise<string>>();
    const context: Context = {
      scale,
      url,
      app,
      config,
      env,
      ds,
      base: `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`,
      token: (district) => {
        if (!tokens.has(district))
          tokens.set(district, signLocalToken(config, { sub: `bench-${district}`, name: 'Bench', role: 'coordinator', district }));
        return tokens.get(district)!;
      },
      intake: new IntakeCalls(LANDLORD, await intakeDistricts(ds), (district) =>
        signLocalToken(config, { sub: `bench-${district}`, name: 'Bench', role: 'coordinator', district }),
      ),
    };
    await context.intake.ready();
    for (const name of names) if (name !== 'import') await run(name, context);
  } finally {
    await app.close();
    await dropBenchDatabase(database).catch(() => undefined);
  }

  const report: SuiteReport = {
    scale: options.scale,
    startedAt: new Date(began).toISOString(),
    seconds: round((Date.now() - began) / 1000, 1),
    machine: { cpus: cpus().length, memoryGb: round(totalmem() / 2 ** 30, 1), node: process.version, postgres },
    results: names.map((n) => results.get(n) ?? { name: n, error: 'did not run' }),
  };
  const dir = options.outDir ?? join(process.cwd(), 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const text = `${JSON.stringify(report, null, 2)}\n`;
  writeFileSync(join(dir, 'latest.json'), text);
  writeFileSync(join(dir, `${report.startedAt.replace(/[:.]/g, '-')}-${options.scale}.json`), text);
  say(`\n${summary(report)}\nwritten to ${join(dir, 'latest.json')}`);
  return report;
}

/** Eleven districts for intake (ten spread, one alone) and a twelfth as the busy district B: not the read districts. */
async function intakeDistricts(ds: DataSource): Promise<string[]> {
  const rows = await ds.query(`SELECT code FROM district WHERE code <> ALL($1) ORDER BY code OFFSET 10 LIMIT 12`, [
    await readDistricts(ds),
  ]);
  return rows.map((r: { code: string }) => r.code);
}

export function summary(report: SuiteReport): string {
  const lines = report.results.map((r) => {
    if (r.skipped) return `${r.name.padEnd(18)} skipped: ${r.skipped}`;
    if (r.error) return `${r.name.padEnd(18)} ERROR: ${r.error}`;
    const { name, ratio, baseline: _baseline, ...rest } = r;
    return `${name.padEnd(18)} ratio ${ratio ?? '—'}  ${Object.entries(rest)
      .filter(([, v]) => typeof v === 'number')
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`;
  });
  return [
    `scale ${report.scale}, ${report.seconds} s, ${report.machine.cpus} cpus, node ${report.machine.node}, PostgreSQL ${report.machine.postgres}`,
    ...lines,
  ].join('\n');
}
