import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import { JobName } from '@bosam/platform';
import { createTestApp, TestApp } from './support/app';
import { notificationBody, setupDistrict } from './support/factories';
import { OwnPostgres, OwnRedis } from './support/own-servers';
import { queuesSettled } from './support/queues';
import { waitFor } from './support/wait';
import { csvFile, goodRow } from './fixtures/imports/csv';

interface Outcome {
  status: number;
  ms: number;
  contentType: string;
  code?: string;
  ref?: string;
  body: string;
}

/** Checks that the database holds only whole changes: no case without its notification, no notification without its deadlines' case, a sound audit chain. */
async function assertWhole(t: TestApp): Promise<void> {
  const [orphans] = await t.dataSource.query(`
    SELECT (SELECT count(*)::int FROM household_case c WHERE NOT EXISTS (SELECT 1 FROM notification n WHERE n.case_id = c.id)) AS cases_without_notification,
           (SELECT count(*)::int FROM notification n WHERE NOT EXISTS (SELECT 1 FROM household_case c WHERE c.id = n.case_id)) AS notifications_without_case`);
  expect(orphans).toEqual({ cases_without_notification: 0, notifications_without_case: 0 });
  const verify = await t
    .http()
    .get('/api/v1/audit/verify')
    .set('Authorization', await t.auth('auditor'));
  expect(verify.status).toBe(200);
  expect(verify.body.valid).toBe(true);
}

/** Closes the app, but never waits long for it: the servers behind it must be stopped and removed after. */
const closeWithin = (t: TestApp | undefined, ms = 15000) =>
  Promise.race([t?.close().catch(() => undefined), new Promise((r) => setTimeout(r, ms).unref())]);

describe('faults are answered, not hidden: PostgreSQL restarting under load', () => {
  let pg: OwnPostgres;
  let t: TestApp;

  beforeAll(async () => {
    pg = await OwnPostgres.start();
    t = await createTestApp({ databaseUrl: pg.url, worker: true });
    await setupDistrict(t);
  }, 120000);
  afterAll(async () => {
    await closeWithin(t);
    await pg?.destroy();
  });

  it('fails requests fast with a 503 problem, says so on /health/ready, comes back by itself and writes nothing by halves', async () => {
    const coordinator = await t.auth('coordinator');
    const outcomes: Outcome[] = [];
    let load = true;
    const client = async () => {
      while (load) {
        const body = notificationBody();
        const t0 = Date.now();
        const res = await t.http().post('/api/v1/notifications').set('Authorization', coordinator).send(body).timeout(30000);
        outcomes.push({
          status: res.status,
          ms: Date.now() - t0,
          contentType: String(res.headers['content-type']),
          code: res.body?.code,
          ref: String(body.externalReference),
          body: res.text.slice(0, 300),
        });
        const list = await t
          .http()
          .get('/api/v1/cases?district=TEST&status=open&limit=20')
          .set('Authorization', coordinator)
          .timeout(30000);
        outcomes.push({
          status: list.status,
          ms: Date.now() - t0,
          contentType: String(list.headers['content-type']),
          code: list.body?.code,
          body: list.text.slice(0, 300),
        });
      }
    };
    const clients = [client(), client(), client(), client()];
    await waitFor(async () => outcomes.filter((o) => o.status < 300).length >= 8, 15000, 'the load to run');

    await pg.down(); // a restart: the server goes away…
    const downAt = Date.now();
    const ready = await t.http().get('/health/ready').timeout(10000);
    const readyMs = Date.now() - downAt;
    expect(ready.status).toBe(503);
    expect(ready.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(ready.body.code).toBe('SERVICE_UNAVAILABLE');
    expect(readyMs).toBeLessThan(5000);
    await new Promise((r) => setTimeout(r, 2000));
    await pg.up(); // …and comes back on the same port and data folder
    const upAt = Date.now();
    await waitFor(async () => (await t.http().get('/health/ready')).status === 200, 20000, 'ready again');
    const recoveredMs = Date.now() - upAt;
    // Requests succeed again, without any restart of ours.
    await waitFor(async () => outcomes.slice(-4).every((o) => o.status < 300), 20000, 'requests to succeed again');
    load = false;
    await Promise.all(clients);

    const failures = outcomes.filter((o) => o.status >= 300);
    process.stdout.write(
      `postgres restart: ${outcomes.length} requests, ${failures.length} answered 503, /health/ready said 503 after ${readyMs} ms, ready again ${recoveredMs} ms after the server was back, slowest answer ${Math.max(...outcomes.map((o) => o.ms))} ms\n`,
    );
    expect(failures.length).toBeGreaterThan(0); // the restart was felt…
    for (const failure of failures) {
      // …as a 503 problem, never a 500 or a hang
      expect(failure).toMatchObject({ status: 503, code: 'SERVICE_UNAVAILABLE' });
      expect(failure.contentType).toMatch(/application\/problem\+json/);
      expect(failure.body).not.toMatch(/ECONNREFUSED|at .*\.js|terminat/i);
    }
    expect(Math.max(...outcomes.map((o) => o.ms))).toBeLessThan(15000);
    // Every accepted notification is stored; none stored by halves.
    const accepted = outcomes.filter((o) => o.status === 201).map((o) => o.ref);
    const stored = await t.dataSource.query('SELECT count(*)::int AS n FROM notification WHERE external_reference = ANY($1)', [accepted]);
    expect(stored[0].n).toBe(accepted.length);
    await assertWhole(t);

    // Jobs requested after the restart still run (outbox and queue back too).
    const pingId = randomUUID();
    await t.dataSource.transaction((m) => t.queues.enqueue(m, JobName.Ping, { pingId }, { jobId: `ping-${pingId}` }));
    await waitFor(
      async () => (await t.dataSource.query('SELECT 1 FROM job_ping WHERE id = $1', [pingId])).length > 0,
      30000,
      'a job after the restart',
    );
  }, 180000);
});

describe('faults are answered, not hidden: Redis restarting', () => {
  let redis: OwnRedis;
  let t: TestApp;

  beforeAll(async () => {
    redis = await OwnRedis.start();
    // Our own Redis (set through env; `queue: 'redis'` would mean the suite's shared one).
    t = await createTestApp({ worker: true, env: { REDIS_URL: redis.url } });
  }, 60000);
  afterAll(async () => {
    await closeWithin(t);
    await redis?.destroy();
  });

  it('resumes queued jobs after a restart: none lost, none doubled', async () => {
    expect(t.queues.backend).toBe('redis');
    const ids = Array.from({ length: 300 }, () => randomUUID());
    const handled = async () =>
      (
        await t.dataSource.query(
          'SELECT count(*)::int AS n, coalesce(max(handled_count), 0)::int AS most FROM job_ping WHERE id = ANY($1)',
          [ids],
        )
      )[0] as { n: number; most: number };
    // Requested in batches, some before, some while and some after Redis is away.
    const request = async (batch: string[]) => {
      await t.dataSource.transaction(async (m) => {
        for (const pingId of batch) await t.queues.enqueue(m, JobName.Ping, { pingId }, { jobId: `ping-${pingId}` });
      });
      t.queues.dispatchSoon();
    };
    await request(ids.slice(0, 150));
    await redis.down();
    const readyWhileDown = await t.http().get('/health/ready').timeout(10000);
    expect(readyWhileDown.status).toBe(503);
    expect(readyWhileDown.body.code).toBe('SERVICE_UNAVAILABLE');
    await request(ids.slice(150, 250)); // the outbox keeps them
    await new Promise((r) => setTimeout(r, 1500));
    await redis.up();
    await request(ids.slice(250));
    const done = await waitFor(
      async () => {
        const h = await handled();
        return h.n === ids.length ? h : undefined;
      },
      60000,
      'every job after the restart',
    );
    await queuesSettled(t);
    expect(await handled()).toEqual({ n: ids.length, most: 1 });
    expect(done.most).toBe(1);
    expect((await t.http().get('/health/ready')).status).toBe(200);
  }, 120000);
});

/** A tmpfs of `mb` megabytes at a new folder, or undefined when this system does not let us mount one. */
function smallDisk(mb: number): string | undefined {
  const dir = mkdtempSync(join(tmpdir(), 'bosam-small-disk-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${mb}m,mode=0755`, 'tmpfs', dir], { stdio: 'ignore' });
    return dir;
  } catch {
    rmSync(dir, { recursive: true, force: true });
    return undefined;
  }
}

describe('faults are answered, not hidden: a full data folder while a file is uploaded', () => {
  const disk = smallDisk(160);
  let pg: OwnPostgres | undefined;
  let t: TestApp | undefined;
  const ballast = disk ? join(disk, 'ballast') : '';

  beforeAll(async () => {
    if (!disk) return;
    pg = await OwnPostgres.start(join(disk, 'pg'));
    t = await createTestApp({ databaseUrl: pg.url, worker: false, env: { IMPORT_MAX_BYTES: String(64 * 1024 * 1024) } });
    await setupDistrict(t);
  }, 120000);
  afterAll(async () => {
    await t?.close().catch(() => undefined);
    await pg?.down();
    if (disk) {
      execFileSync('umount', ['-l', disk]);
      rmSync(disk, { recursive: true, force: true });
    }
  });

  const upload = async (file: Buffer) =>
    t!
      .http()
      .post('/api/v1/notification-imports')
      .set('Authorization', await t!.auth('coordinator'))
      .field('district', 'TEST')
      .attach('file', file, 'stor.csv')
      .timeout(60000);

  (disk ? it : it.skip)(
    'answers with a clear problem, keeps nothing of the file and works again once there is space',
    async () => {
      // Leave about 12 MB free, then upload a file of about 30 MB that compresses badly.
      const free = Number(execFileSync('df', ['--output=avail', '-B1', disk!], { encoding: 'utf8' }).split('\n')[1]);
      mkdirSync(disk!, { recursive: true });
      writeFileSync(ballast, Buffer.alloc(Math.max(0, free - 12 * 1024 * 1024)));
      const rows = Array.from({ length: 60000 }, (_, i) => goodRow(i + 1, { name1: randomBytes(300).toString('base64') }));
      const big = csvFile(rows);
      expect(big.length).toBeGreaterThan(25 * 1024 * 1024);

      const res = await upload(big);
      process.stdout.write(`full data folder: upload of ${big.length} bytes answered ${res.status} ${res.body?.code}\n`);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect([507, 503]).toContain(res.status);
      if (res.status === 507) expect(res.body.code).toBe('STORAGE_FULL');
      expect(res.text).not.toMatch(/No space left on device|could not extend|ENOSPC|at .*\.js/i);

      rmSync(ballast);
      // When the disk filled under the write-ahead log, PostgreSQL stops itself (PANIC) rather than
      // risk anything committed; then the operator, having freed space, starts it again.
      const ready = async () => (await t!.http().get('/health/ready')).status === 200;
      const back = await waitFor(ready, 15000, 'ready').catch(() => false);
      if (!back) {
        process.stdout.write('full data folder: PostgreSQL had stopped itself; started again after space was freed\n');
        await pg!.down();
        await pg!.up();
      }
      await waitFor(ready, 60000, 'ready once there is space');
      // Nothing of the file became an import: at most an unfinished upload (status `receiving`, never
      // shown, no job), which the failed request could not delete on a full disk and a later upload removes.
      const [kept] = await t!.dataSource.query(
        `SELECT (SELECT count(*)::int FROM notification_import WHERE status <> 'receiving') AS imports,
              (SELECT count(*)::int FROM notification_import_chunk c JOIN notification_import i ON i.id = c.import_id WHERE i.status <> 'receiving') AS chunks,
              (SELECT count(*)::int FROM outbox_job) AS jobs`,
      );
      expect(kept).toEqual({ imports: 0, chunks: 0, jobs: 0 });
      const again = await upload(csvFile(rows.slice(0, 50)));
      expect(again.status).toBe(202);
      await assertWhole(t!);
    },
    240000,
  );
});
