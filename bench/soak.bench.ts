import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { addDays, todayInStockholm } from '@bosam/calendar';
import { withLuhnDigit } from '@bosam/identity';
import { loadConfig, Role, signLocalToken } from '@bosam/platform';
import { createApiApp } from '../apps/api/src';
import { createWorker } from '../apps/worker/src';
import { dropBenchDatabase, freshBenchDatabase } from './support';

// A soak: the API and the worker (one process, as npm start runs them) under a steady load for
// `--minutes` (default 10): intake, case reads, agendas and file imports at the national peak
// rate, over real HTTP. Reports the errors (there must be none), the RSS slope after the first
// minute and the database connections at start and end.
//
// "National peak rate" (BOSAM.md: ~50,000 notifications a year, hundreds of districts): a
// year's notices in a working week would be about 1.3 a minute; we run several times that:
// 2 notices a second, 10 case reads a second, an agenda a second and a 500-row file a minute.
const DATABASE = 'bosam_bench_soak';
const DISTRICTS = ['S01', 'S02', 'S03', 'S04', 'S05'];
const LANDLORD = '556035-9555';
const RATE = { intakePerSecond: 2, readsPerSecond: 10, agendasPerSecond: 1, importEverySeconds: 60, importRows: 500 };
const SECRET = 'bench-secret-bench-secret-bench-secret-0123';

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  const raw = at >= 0 ? process.argv[at + 1] : process.env[`BENCH_SOAK_${name.toUpperCase()}`];
  const value = Number(raw);
  return raw !== undefined && Number.isFinite(value) && value > 0 ? value : fallback;
}

let seq = 0;
function personnummer(): string {
  seq += 1;
  const n = seq + 5000 * Math.floor(Math.random() * 10);
  const nine = `${40 + (Math.floor(n / 336) % 50)}${String(1 + (Math.floor(n / 28) % 12)).padStart(2, '0')}${String(1 + (n % 28)).padStart(2, '0')}${200 + Math.floor(n / 16800)}`;
  const ten = withLuhnDigit(nine);
  return `${ten.slice(0, 6)}-${ten.slice(6)}`;
}

/** A full garbage collection, so that heap samples show what is kept, not what awaits collection. */
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** The problem type an error answer names (its last path segment), or the first characters of a body that is not a problem. */
function problemType(text: string): string {
  try {
    const problem = JSON.parse(text) as { type?: string; detail?: string };
    return problem.type
      ? `${problem.type.split('/').pop()}${problem.detail ? ` (${problem.detail.slice(0, 80)})` : ''}`
      : text.slice(0, 80);
  } catch {
    return text.slice(0, 80);
  }
}

/** Why a request got no answer: fetch says only "fetch failed"; the reason is in its cause (and sometimes the cause's cause). */
function fetchCause(error: unknown): string {
  const parts: string[] = [];
  let at: unknown = error;
  for (let depth = 0; at && depth < 4; depth += 1) {
    const e = at as { name?: string; code?: string; message?: string; cause?: unknown };
    parts.push([e.code ?? e.name, e.message].filter(Boolean).join(' '));
    at = e.cause;
  }
  return parts.join(' ← ');
}

/** Least-squares slope of (minute, MiB) samples. */
function slope(points: Array<[number, number]>): number {
  const n = points.length;
  if (n < 2) return 0;
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  const num = points.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0);
  const den = points.reduce((s, [x]) => s + (x - mx) ** 2, 0);
  return den === 0 ? 0 : num / den;
}

export async function run(): Promise<void> {
  const minutes = option('minutes', 10);
  const url = await freshBenchDatabase(DATABASE);
  const dataDir = mkdtempSync(join(tmpdir(), 'bosam-soak-'));
  const config = loadConfig({
    DATABASE_URL: url,
    LOG_LEVEL: 'error',
    AUTH_LOCAL_SECRET: SECRET,
    BOSAM_DATA_DIR: dataDir,
    PORT: '0',
  });
  const app = await createApiApp(config);
  const worker = await createWorker(config);
  await app.listen(0, '127.0.0.1');
  const base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  const ds = app.get(DataSource);
  // One token per user, kept as a client keeps it (not a new one per request): one user per role and district.
  const tokens = new Map<string, Promise<string>>();
  const token = (role: Role, district: string): Promise<string> => {
    const key = `${role}:${district}`;
    if (!tokens.has(key)) tokens.set(key, signLocalToken(config, { sub: `soak-${role}-${district}`, name: 'Soak', role, district }));
    return tokens.get(key)!;
  };

  // Every error with its cause, grouped by route and cause in the report: for a request that got no
  // answer the client's own reason (undici puts it in error.cause: a code such as ECONNRESET or
  // UND_ERR_SOCKET and its message), for an answer the status and the problem's type.
  const errors: Array<{ route: string; cause: string; seconds?: number }> = [];
  const latencies = new Map<string, number[]>();
  let requests = 0;
  const routeOf = (method: string, path: string) =>
    `${method} ${path
      .replace(/[0-9a-f-]{36}/g, ':id')
      .replace(/\/districts\/[A-Z0-9]+/, '/districts/:code')
      .replace(/=[^&]*/g, '=…')}`;
  const call = async (method: string, path: string, role: Role, district: string, body?: unknown, form?: FormData): Promise<unknown> => {
    requests += 1;
    const route = routeOf(method, path);
    const started = performance.now();
    try {
      const res = await fetch(`${base}${path}`, {
        method,
        headers: { authorization: `Bearer ${await token(role, district)}`, ...(body ? { 'content-type': 'application/json' } : {}) },
        body: form ?? (body ? JSON.stringify(body) : undefined),
      });
      const text = await res.text();
      const ms = performance.now() - started;
      if (!latencies.has(route)) latencies.set(route, []);
      latencies.get(route)!.push(ms);
      if (res.status >= 300) errors.push({ route, cause: `${res.status} ${problemType(text)}` });
      return text ? JSON.parse(text) : undefined;
    } catch (error) {
      errors.push({ route, cause: fetchCause(error), seconds: (performance.now() - started) / 1000 });
      return undefined;
    }
  };

  // Set-up: districts with units, a landlord, a meeting each.
  for (const code of DISTRICTS) {
    await call('POST', '/api/v1/districts', 'admin', code, { code, name: `Distrikt ${code}` });
    for (const unit of ['EKB', 'BOF'])
      await call('POST', `/api/v1/districts/${code}/units`, 'admin', code, { code: unit, name: `Enhet ${unit}` });
  }
  await call('POST', '/api/v1/landlords', 'admin', DISTRICTS[0], { orgNumber: LANDLORD, name: 'Familjebostäder', municipal: true });
  const meetings: Record<string, string> = {};
  for (const code of DISTRICTS) {
    const meeting = (await call('POST', '/api/v1/meetings', 'coordinator', code, {
      district: code,
      startsAt: `${addDays(todayInStockholm(), 14)}T09:00:00+01:00`,
    })) as { id?: string };
    if (meeting?.id) meetings[code] = meeting.id;
  }
  const setupErrors = errors.splice(0);
  for (const e of setupErrors) process.stdout.write(`set-up error: ${e.route}: ${e.cause}\n`);

  // Sessions on the soak's database, and per application name, to tell a pool filling up to its size from a leak.
  const connections = async () => {
    const rows: Array<{ name: string; n: number }> = await ds.query(
      `SELECT coalesce(nullif(application_name, ''), '?') AS name, count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() GROUP BY 1 ORDER BY 1`,
    );
    return { total: rows.reduce((sum, r) => sum + r.n, 0), by: rows.map((r) => `${r.name} ${r.n}`).join(', ') };
  };
  const today = todayInStockholm();
  const notice = (district: string) => ({
    district,
    source: 'landlord_arrears',
    externalReference: `SOAK-${randomBytes(6).toString('hex')}`,
    landlordOrgNumber: LANDLORD,
    receivedOn: addDays(today, -2),
    tenantServedOn: addDays(today, -6),
    boardNotifiedOn: addDays(today, -5),
    evictionOn: null,
    arrearsSek: 8000 + Math.round(Math.random() * 20000),
    monthsInArrears: 2,
    address: { street: `Soakgatan ${seq % 300}`, postalCode: '123 45', city: 'Stockholm', apartment: String(1000 + (seq % 900)) },
    tenants: [{ personnummer: personnummer(), name: 'Förnamn Efternamn' }],
    childrenInHousehold: seq % 3,
    protectedIdentity: false,
  });
  const importFile = () => {
    const header =
      'source;externalReference;landlordOrgNumber;receivedOn;street;postalCode;city;childrenInHousehold;personnummer1;name1;arrearsSek';
    const rows = Array.from({ length: RATE.importRows }, () =>
      [
        'landlord_arrears',
        `SOAKFIL-${randomBytes(6).toString('hex')}`,
        LANDLORD,
        addDays(today, -3),
        `Filgatan ${seq % 99}`,
        '123 45',
        'Stockholm',
        '1',
        personnummer(),
        'Fil Person',
        '9 000',
      ].join(';'),
    );
    return `${header}\r\n${rows.join('\r\n')}\r\n`;
  };

  const startedAt = Date.now();
  const endAt = startedAt + minutes * 60_000;
  const samples: Array<[number, number]> = [];
  const heapSamples: Array<[number, number]> = [];
  // Memory V8 counts outside its heap (Buffers, sockets' and the pg driver's native memory): RSS can grow with it while the heap stays flat.
  const externalSamples: Array<[number, number]> = [];
  const externalAt = () => process.memoryUsage().external / 2 ** 20;
  const rssAt = () => process.memoryUsage().rss / 2 ** 20;
  const heapAt = () => {
    gc();
    return process.memoryUsage().heapUsed / 2 ** 20;
  };
  let maxInflight = 0;
  const connectionsAtStart = await connections();
  const rssAtStart = rssAt();
  const committedAt = () => process.memoryUsage().heapTotal / 2 ** 20;
  const committedAtStart = committedAt();
  const importIds: string[] = [];
  const inflight = new Set<Promise<unknown>>();
  const fire = (work: () => Promise<unknown>) => {
    const p = work().finally(() => inflight.delete(p));
    inflight.add(p);
  };
  let tick = 0;
  while (Date.now() < endAt) {
    const district = DISTRICTS[tick % DISTRICTS.length];
    for (let i = 0; i < RATE.intakePerSecond; i += 1)
      fire(() => call('POST', '/api/v1/notifications', 'coordinator', district, notice(district)));
    for (let i = 0; i < RATE.readsPerSecond; i += 1) {
      fire(async () => {
        const list = (await call('GET', `/api/v1/cases?district=${district}&status=open&limit=20`, 'coordinator', district)) as {
          items?: Array<{ id: string }>;
        };
        const item = list?.items?.[Math.floor(Math.random() * (list.items.length || 1))];
        if (item) await call('GET', `/api/v1/cases/${item.id}`, 'coordinator', district);
      });
    }
    for (let i = 0; i < RATE.agendasPerSecond; i += 1) {
      if (meetings[district]) fire(() => call('GET', `/api/v1/meetings/${meetings[district]}/agenda`, 'coordinator', district));
    }
    if (tick % RATE.importEverySeconds === 0) {
      fire(async () => {
        const form = new FormData();
        form.set('district', district);
        form.set('file', new Blob([importFile()]), 'soak.csv');
        const res = (await call('POST', '/api/v1/notification-imports', 'coordinator', district, undefined, form)) as { id?: string };
        if (res?.id) importIds.push(`${district}:${res.id}`);
      });
    }
    if (tick % 10 === 0) {
      const minute = (Date.now() - startedAt) / 60_000;
      samples.push([minute, rssAt()]);
      heapSamples.push([minute, heapAt()]);
      externalSamples.push([minute, externalAt()]);
    }
    maxInflight = Math.max(maxInflight, inflight.size);
    tick += 1;
    await new Promise((r) => setTimeout(r, Math.max(0, startedAt + tick * 1000 - Date.now())));
  }
  await Promise.all([...inflight]);

  // Every import finished, none failed.
  const deadline = Date.now() + 120_000;
  for (const entry of importIds) {
    const [district, id] = entry.split(':');
    for (;;) {
      const report = (await call('GET', `/api/v1/notification-imports/${id}`, 'coordinator', district)) as { status?: string };
      if (report?.status === 'done') break;
      if (report?.status === 'failed' || Date.now() > deadline) {
        errors.push({ route: 'import job', cause: report?.status ?? 'no report within 120 s' });
        break;
      }
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  const connectionsAtEnd = await connections();
  const rssAtEnd = rssAt();
  const committedAtEnd = committedAt();
  const steady = samples.filter(([m]) => m >= Math.min(1, minutes / 2));
  const steadyHeap = heapSamples.filter(([m]) => m >= Math.min(1, minutes / 2));
  const heapAtEnd = heapAt();
  const externalAtEnd = externalAt();
  const steadyExternal = externalSamples.filter(([m]) => m >= Math.min(1, minutes / 2));
  const [notifications] = await ds.query('SELECT count(*)::int AS n FROM notification');
  await worker.close();
  await app.close();
  await dropBenchDatabase(DATABASE).catch(() => undefined);
  rmSync(dataDir, { recursive: true, force: true });

  // Grouped by route and cause; for requests that got no answer, how long they had waited (fewest and most seconds).
  const grouped = new Map<string, { n: number; waited: number[] }>();
  for (const e of errors) {
    const key = `${e.route}: ${e.cause}`;
    const group = grouped.get(key) ?? { n: 0, waited: [] };
    group.n += 1;
    if (e.seconds !== undefined) group.waited.push(e.seconds);
    grouped.set(key, group);
  }
  process.stdout.write(
    `soak: ${minutes} min at ${RATE.intakePerSecond} notices/s, ${RATE.readsPerSecond} case reads/s, ${RATE.agendasPerSecond} agenda/s, ` +
      `a ${RATE.importRows}-row file every ${RATE.importEverySeconds} s\n` +
      `requests ${requests}, errors ${errors.length} (set-up errors ${setupErrors.length}), notifications stored ${notifications.n}, imports ${importIds.length}\n` +
      `RSS ${rssAtStart.toFixed(0)} MiB at start, ${rssAtEnd.toFixed(0)} MiB at end, slope ${slope(steady).toFixed(2)} MiB/min after the first minute (${steady.length} samples); ` +
      `of it the heap V8 has reserved: ${committedAtStart.toFixed(0)} MiB at start, ${committedAtEnd.toFixed(0)} MiB at end\n` +
      `heap after a full GC: ${heapSamples[0]?.[1].toFixed(0)} MiB at start, ${heapAtEnd.toFixed(0)} MiB at end, slope ${slope(steadyHeap).toFixed(2)} MiB/min after the first minute; at most ${maxInflight} requests in flight\n` +
      `outside the heap after a full GC: ${externalSamples[0]?.[1].toFixed(0)} MiB at start, ${externalAtEnd.toFixed(0)} MiB at end, slope ${slope(steadyExternal).toFixed(2)} MiB/min after the first minute\n` +
      `database connections ${connectionsAtStart.total} at start (${connectionsAtStart.by}), ${connectionsAtEnd.total} at end (${connectionsAtEnd.by}); ` +
      `the pools allow ${config.dbPoolApi} (API) and ${config.dbPoolWorker} (worker)\n`,
  );
  for (const [route, ms] of [...latencies].sort()) {
    const sorted = [...ms].sort((a, b) => a - b);
    const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)].toFixed(0);
    process.stdout.write(`  ${route}: ${sorted.length} answered, p50 ${at(50)} ms, p99 ${at(99)} ms, max ${at(100)} ms\n`);
  }
  if (errors.length > 0) process.stdout.write('errors by route and cause:\n');
  for (const [e, { n, waited }] of [...grouped].sort((a, b) => b[1].n - a[1].n)) {
    const after = waited.length ? ` (after ${Math.min(...waited).toFixed(1)}–${Math.max(...waited).toFixed(1)} s)` : '';
    process.stdout.write(`  ${n} × ${e}${after}\n`);
  }
  if (errors.length > 0) process.exitCode = 1;
}
