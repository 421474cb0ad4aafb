import { randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { JobName, loadConfig, queueClasses, Role, signLocalToken } from '@bosam/platform';
import { TEST_SECRET } from './support/app';
import { createTestDatabase } from './support/database';
import { cleanEnv, ensureBuilt, freePort, ROOT, spawnGroup, Spawned } from './support/processes';
import { PENDING_IN_OUTBOX, whenSettled } from './support/queues';
import { waitFor } from './support/wait';
import { csvFile, goodRow } from './fixtures/imports/csv';

// Several instances, each job once: two API processes and two worker processes (the compiled
// `start:api` and `start:worker`, as docker-compose.yml runs them) against one database, on
// each queue backend.
// Slow (four processes per backend): CI's reliability step runs it (BOSAM_SLOW_TESTS=1), the suite skips it.
const backends: Array<'postgres' | 'redis'> = process.env.REDIS_URL ? ['postgres', 'redis'] : ['postgres'];
const describeSlow = process.env.BOSAM_SLOW_TESTS === '1' ? describe : describe.skip;
const DISTRICT = 'MULTI';
const LANDLORD = '556035-9555';
// Low limits, so that the test of limits shared by both APIs stays short.
const AUTH_FAILURES_PER_MINUTE = 6;
const WRITES_PER_MINUTE = 20;

/** A request sent from another loopback address (so that its failed authentications block no other test). */
function statusFrom(localAddress: string, url: string, method: string, authorization: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method, localAddress, headers: { authorization, 'content-type': 'application/json' } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode!));
    });
    req.on('error', reject);
    req.end(method === 'GET' ? undefined : '{}');
  });
}

describeSlow.each(backends)('two APIs and two workers on %s', (backend) => {
  let database: { url: string; name: string; drop(): Promise<void> };
  let db: Client;
  const procs: Spawned[] = [];
  const apis: string[] = [];
  let env: NodeJS.ProcessEnv;

  const token = (role: Role, district = DISTRICT) =>
    signLocalToken(loadConfig({ AUTH_LOCAL_SECRET: TEST_SECRET }), { sub: `${role}-multi`, name: 'Multi', role, district });
  const call = async (api: number, method: string, path: string, role: Role, body?: unknown, form?: FormData) => {
    const res = await fetch(`${apis[api]}${path}`, {
      method,
      headers: { authorization: `Bearer ${await token(role)}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: form ?? (body ? JSON.stringify(body) : undefined),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };
  const worker = (extra: Record<string, string> = {}) => {
    const p = spawnGroup(process.execPath, [join(ROOT, 'dist/apps/worker/src/main.js')], { ...env, ...extra });
    procs.push(p);
    return p;
  };

  beforeAll(async () => {
    ensureBuilt();
    database = await createTestDatabase();
    db = new Client({ connectionString: database.url });
    await db.connect();
    env = cleanEnv({
      DATABASE_URL: database.url,
      AUTH_LOCAL_SECRET: TEST_SECRET,
      QUEUE_PREFIX: `${database.name}_${backend}`,
      LOG_LEVEL: 'error',
      // An import runs as one job, however slow the machine: a slice requeued after IMPORT_SLICE_MS
      // would count as a second attempt, and attempts are what tells a doubled job here.
      IMPORT_SLICE_MS: '3600000',
      ...(backend === 'redis' ? { REDIS_URL: process.env.REDIS_URL! } : {}),
    });
    for (let i = 0; i < 2; i += 1) {
      const port = await freePort();
      const p = spawnGroup(process.execPath, [join(ROOT, 'dist/apps/api/src/main.js')], {
        ...env,
        PORT: String(port),
        AUTH_FAILURES_PER_MINUTE: String(AUTH_FAILURES_PER_MINUTE),
        WRITES_PER_MINUTE: String(WRITES_PER_MINUTE),
      });
      procs.push(p);
      apis.push(`http://127.0.0.1:${port}`);
    }
    worker();
    worker();
    for (const base of apis) {
      await waitFor(async () => (await fetch(`${base}/health/ready`).catch(() => undefined))?.status === 200, 90000, `${base} ready`);
    }
    expect((await call(0, 'POST', '/api/v1/districts', 'admin', { code: DISTRICT, name: 'Flera instanser' })).status).toBe(201);
    for (const unit of ['EKB', 'BOF'])
      expect((await call(1, 'POST', `/api/v1/districts/${DISTRICT}/units`, 'admin', { code: unit, name: unit })).status).toBe(201);
    expect(
      (await call(0, 'POST', '/api/v1/landlords', 'admin', { orgNumber: LANDLORD, name: 'Hyresvärden', municipal: true })).status,
    ).toBe(201);
  }, 240000);
  afterAll(async () => {
    for (const p of procs) p.signalGroup('SIGKILL');
    await db?.end();
    await database?.drop();
  });

  it('dispatches every outbox job once and runs it once, whichever worker takes it', async () => {
    const ids = Array.from({ length: 200 }, () => randomUUID());
    // Requested as the app requests them: committed outbox rows; both workers' dispatchers race for them.
    await db.query('BEGIN');
    for (const id of ids) {
      await db.query(`INSERT INTO outbox_job (name, queue, job_id, payload, delay_ms) VALUES ($1, 'bosam-default', $2, $3, 0)`, [
        JobName.Ping,
        `ping-${id}`,
        { pingId: id },
      ]);
    }
    await db.query('COMMIT');
    await db.query(`NOTIFY bosam_outbox`);
    await waitFor(
      async () => (await db.query('SELECT count(*)::int AS n FROM job_ping WHERE id = ANY($1)', [ids])).rows[0].n === ids.length,
      60000,
      'every ping',
    );
    const classes = queueClasses({
      databaseUrl: database.url,
      redisUrl: backend === 'redis' ? process.env.REDIS_URL : undefined,
      queuePrefix: env.QUEUE_PREFIX!,
    });
    const queue = new classes.Queue('bosam-default', {
      connection: classes.connection as never,
      ...(classes.prefix ? { prefix: classes.prefix } : {}),
    });
    try {
      await whenSettled(async () => (await db.query(PENDING_IN_OUTBOX)).rows[0].n, [queue]);
    } finally {
      await queue.close();
    }
    const [counts] = (await db.query('SELECT count(*)::int AS n, max(handled_count)::int AS most FROM job_ping WHERE id = ANY($1)', [ids]))
      .rows;
    expect(counts).toEqual({ n: ids.length, most: 1 });
    const [outbox] = (
      await db.query(`SELECT count(*)::int AS n, count(dispatched_at)::int AS dispatched FROM outbox_job WHERE job_id = ANY($1)`, [
        ids.map((id) => `ping-${id}`),
      ])
    ).rows;
    expect(outbox).toEqual({ n: ids.length, dispatched: ids.length });
  }, 120000);

  it('runs an import once: every row once, one attempt', async () => {
    const rows = Array.from({ length: 1500 }, (_, i) =>
      goodRow(i + 1, { externalReference: `MULTI-${backend}-${i + 1}`, landlordOrgNumber: LANDLORD }),
    );
    const form = new FormData();
    form.set('district', DISTRICT);
    form.set('file', new Blob([new Uint8Array(csvFile(rows))]), 'multi.csv');
    const upload = await call(0, 'POST', '/api/v1/notification-imports', 'coordinator', undefined, form);
    expect(upload.status).toBe(202);
    const report = await waitFor(
      async () => {
        const r = await call(1, 'GET', `/api/v1/notification-imports/${upload.body.id}`, 'coordinator');
        return r.body.status === 'done' || r.body.status === 'failed' ? r.body : undefined;
      },
      120000,
      'the import',
    );
    expect(report).toMatchObject({ status: 'done', processed: 1500, imported: 1500, duplicates: 0 });
    const [imp] = (await db.query('SELECT attempts FROM notification_import WHERE id = $1', [upload.body.id])).rows;
    expect(imp.attempts).toBe(1);
    const [n] = (await db.query('SELECT count(*)::int AS n FROM notification WHERE import_id = $1', [upload.body.id])).rows;
    expect(n.n).toBe(1500);
  }, 180000);

  it('keeps the rate limits across both APIs: failed authentications per address, writes per user', async () => {
    // Alternating between the APIs: each sees only half the attempts, the limit holds for all of them.
    const address = backend === 'postgres' ? '127.0.0.2' : '127.0.0.3';
    for (let i = 0; i < AUTH_FAILURES_PER_MINUTE; i += 1) {
      expect(await statusFrom(address, `${apis[i % 2]}/api/v1/districts`, 'GET', 'Bearer a.b.c')).toBe(401);
    }
    for (const base of apis) expect(await statusFrom(address, `${base}/api/v1/districts`, 'GET', 'Bearer a.b.c')).toBe(429);
    const writer = `Bearer ${await signLocalToken(loadConfig({ AUTH_LOCAL_SECRET: TEST_SECRET }), { sub: 'rate-writer', name: 'Skrivare', role: 'coordinator', district: DISTRICT })}`;
    // A write the role may not make still counts (the limit is checked before the role).
    for (let i = 0; i < WRITES_PER_MINUTE; i += 1) {
      expect(await statusFrom('127.0.0.1', `${apis[i % 2]}/api/v1/districts`, 'POST', writer)).toBe(403);
    }
    for (const base of apis) expect(await statusFrom('127.0.0.1', `${base}/api/v1/districts`, 'POST', writer)).toBe(429);
    // Reads and other users go on.
    expect(await statusFrom('127.0.0.1', `${apis[1]}/api/v1/districts/${DISTRICT}/units`, 'GET', writer)).toBe(200);
    expect((await call(1, 'GET', `/api/v1/districts/${DISTRICT}/units`, 'coordinator')).status).toBe(200);
  }, 60000);

  it('freezes a meeting once when both APIs are asked to start it at the same moment', async () => {
    const meeting = await call(0, 'POST', '/api/v1/meetings', 'coordinator', { district: DISTRICT, startsAt: '2026-12-15T09:00:00+01:00' });
    expect(meeting.status).toBe(201);
    const [a, b] = await Promise.all([0, 1].map((api) => call(api, 'POST', `/api/v1/meetings/${meeting.body.id}/start`, 'coordinator')));
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const [audit] = (
      await db.query(`SELECT count(*)::int AS n FROM audit_log WHERE reason = 'meeting started: agenda frozen' AND $1 = ANY(entity_ids)`, [
        meeting.body.id,
      ])
    ).rows;
    expect(audit.n).toBe(1);
  }, 60000);

  it('runs an export once, and schedules the nightly jobs once', async () => {
    const exportOnce = await call(1, 'POST', '/api/v1/evaluation-exports', 'coordinator', {
      district: DISTRICT,
      term: '2026-HT',
      format: 'xlsx',
    });
    expect(exportOnce.status).toBe(202);
    const id = exportOnce.body.id;
    await waitFor(
      async () => {
        const r = await call(0, 'GET', `/api/v1/evaluation-exports/${id}`, 'coordinator');
        return r.body.status === 'done' ? r.body : undefined;
      },
      120000,
      'the export',
    );
    const classes = queueClasses({
      databaseUrl: database.url,
      redisUrl: backend === 'redis' ? process.env.REDIS_URL : undefined,
      queuePrefix: env.QUEUE_PREFIX!,
    });
    const queue = new classes.Queue('bosam-default', {
      connection: classes.connection as never,
      ...(classes.prefix ? { prefix: classes.prefix } : {}),
    });
    try {
      const job = await queue.getJob(`evaluation-export-${id}`);
      expect(job?.attemptsMade ?? 1).toBe(1);
      // The nightly jobs are scheduled once, however many workers start.
      const schedulers = await queue.getJobSchedulers();
      expect(schedulers.map((s) => s.key ?? s.id).sort()).toEqual(
        [
          `scheduled-${JobName.MarkOverdueNextSteps}`,
          `scheduled-${JobName.EnforceRetention}`,
          `scheduled-${JobName.AuditCheckpoint}`,
        ].sort(),
      );
      const delayed = await queue.getDelayed();
      expect(delayed.filter((j) => j.name === JobName.EnforceRetention).length).toBe(1);
      expect(delayed.filter((j) => j.name === JobName.MarkOverdueNextSteps).length).toBe(1);
    } finally {
      await queue.close();
    }
  }, 180000);

  it('finishes the job of a worker killed mid-import on the other worker, every row once', async () => {
    // The two workers so far stop (in order); then one worker with a short job lock takes the
    // import, is killed in the middle, and a second one finishes it.
    const running = procs.filter((p) => p.running && p.child.spawnargs.some((a) => a.includes('worker')));
    for (const p of running) p.signalGroup('SIGTERM');
    for (const p of running) expect(await p.waitForExit(30000)).toBe(true);
    const first = worker({ IMPORT_LOCK_MS: '2000' });
    const rows = Array.from({ length: 3000 }, (_, i) =>
      goodRow(50000 + i, { externalReference: `KILL-${backend}-${i + 1}`, landlordOrgNumber: LANDLORD }),
    );
    const form = new FormData();
    form.set('district', DISTRICT);
    form.set('file', new Blob([new Uint8Array(csvFile(rows))]), 'kill.csv');
    const upload = await call(1, 'POST', '/api/v1/notification-imports', 'coordinator', undefined, form);
    expect(upload.status).toBe(202);
    const id: string = upload.body.id;
    await waitFor(
      async () => {
        const r = await call(0, 'GET', `/api/v1/notification-imports/${id}`, 'coordinator');
        return r.body.processed > 0 && r.body.processed < 3000 ? r.body : undefined;
      },
      120000,
      'the first batches',
    );
    worker({ IMPORT_LOCK_MS: '2000' });
    first.signalGroup('SIGKILL');
    expect(await first.waitForExit(10000)).toBe(true);
    const report = await waitFor(
      async () => {
        const r = await call(0, 'GET', `/api/v1/notification-imports/${id}`, 'coordinator');
        return r.body.status === 'done' || r.body.status === 'failed' ? r.body : undefined;
      },
      120000,
      'the import on the other worker',
    );
    expect(report).toMatchObject({ status: 'done', processed: 3000, imported: 3000, duplicates: 0 });
    const [imp] = (await db.query('SELECT attempts FROM notification_import WHERE id = $1', [id])).rows;
    expect(imp.attempts).toBeGreaterThanOrEqual(2);
    const [n] = (
      await db.query('SELECT count(*)::int AS n, count(DISTINCT external_reference)::int AS refs FROM notification WHERE import_id = $1', [
        id,
      ])
    ).rows;
    expect(n).toEqual({ n: 3000, refs: 3000 });
  }, 240000);

  it('finishes the export of a worker killed mid-build on the other worker, once, with the whole file', async () => {
    const running = procs.filter((p) => p.running && p.child.spawnargs.some((a) => a.includes('worker')));
    for (const p of running) p.signalGroup('SIGTERM');
    for (const p of running) expect(await p.waitForExit(30000)).toBe(true);
    const first = worker({ JOB_LOCK_MS: '2000' });
    let second: Spawned | undefined;
    // The build is held up where it reads the district's targets, after it has marked the export
    // running: this lock makes that read wait until the worker has been killed.
    const holder = new Client({ connectionString: database.url });
    await holder.connect();
    let id: string;
    try {
      await holder.query('BEGIN');
      await holder.query('LOCK TABLE evaluation_target IN ACCESS EXCLUSIVE MODE');
      const requested = await call(1, 'POST', '/api/v1/evaluation-exports', 'coordinator', {
        district: DISTRICT,
        term: '2026-HT',
        format: 'csv',
      });
      expect(requested.status).toBe(202);
      id = requested.body.id;
      await waitFor(
        async () => {
          const [row] = (await db.query('SELECT status FROM evaluation_export WHERE id = $1', [id])).rows;
          const [waiting] = (
            await db.query(
              `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query ILIKE '%evaluation_target%'`,
            )
          ).rows;
          return row.status === 'running' && waiting.n > 0;
        },
        120000,
        'the build held up mid-way',
      );
      second = worker({ JOB_LOCK_MS: '2000' });
      first.signalGroup('SIGKILL');
      expect(await first.waitForExit(10000)).toBe(true);
    } finally {
      await holder.query('COMMIT').catch(() => undefined);
      await holder.end();
    }
    const view = await waitFor(
      async () => {
        const r = await call(0, 'GET', `/api/v1/evaluation-exports/${id}`, 'coordinator');
        return r.body.status === 'done' || r.body.status === 'failed' ? r.body : undefined;
      },
      120000,
      'the export on the other worker',
    );
    expect(view.status).toBe('done');

    // One export, one job, finished by the second worker after one stall; nothing ran it twice.
    const classes = queueClasses({
      databaseUrl: database.url,
      redisUrl: backend === 'redis' ? process.env.REDIS_URL : undefined,
      queuePrefix: env.QUEUE_PREFIX!,
    });
    const queue = new classes.Queue('bosam-default', {
      connection: classes.connection as never,
      ...(classes.prefix ? { prefix: classes.prefix } : {}),
    });
    try {
      const job = await queue.getJob(`evaluation-export-${id}`);
      expect(await job!.getState()).toBe('completed');
      expect(job!.processedBy).toBe(`${hostname()}:${second!.pid}`);
      expect({ stalled: job!.stalledCounter, failedAttempts: job!.attemptsMade > 1 }).toEqual({ stalled: 1, failedAttempts: false });
    } finally {
      await queue.close();
    }
    const [rows] = (
      await db.query(`SELECT count(*)::int AS n FROM evaluation_export WHERE district_code = $1 AND term = '2026-HT' AND format = 'csv'`, [
        DISTRICT,
      ])
    ).rows;
    expect(rows.n).toBe(1);
    const [outbox] = (await db.query('SELECT count(*)::int AS n FROM outbox_job WHERE job_id = $1', [`evaluation-export-${id}`])).rows;
    expect(outbox.n).toBe(1);

    // The file is whole: the same, byte for byte, as an export built without interruption.
    const download = async (exportId: string) =>
      Buffer.from(
        await (
          await fetch(`${apis[0]}/api/v1/evaluation-exports/${exportId}/file`, {
            headers: { authorization: `Bearer ${await token('coordinator')}` },
          })
        ).arrayBuffer(),
      );
    const resumed = await download(id);
    const again = await call(0, 'POST', '/api/v1/evaluation-exports', 'coordinator', {
      district: DISTRICT,
      term: '2026-HT',
      format: 'csv',
    });
    expect(again.status).toBe(202);
    expect(again.body.id).not.toBe(id);
    await waitFor(
      async () => (await call(1, 'GET', `/api/v1/evaluation-exports/${again.body.id}`, 'coordinator')).body.status === 'done',
      120000,
      'the export built whole',
    );
    const whole = await download(again.body.id);
    expect(resumed.toString('utf8')).toContain('terminsutvärdering 2026-HT');
    expect(resumed.toString('utf8')).toBe(whole.toString('utf8'));
  }, 240000);
});
