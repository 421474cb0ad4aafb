import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createTestApp, TestApp } from './support/app';
import { waitFor } from './support/wait';
import { csvFile, goodRow, LANDLORD_ORG } from './fixtures/imports/csv';

const ROWS = 4000;
const DISTRICT = 'RESUME';

interface Report {
  status: string;
  total: number | null;
  processed: number;
  imported: number;
  duplicates: number;
  rejected: unknown[];
}

describe('notification files: a worker killed mid-file', () => {
  let t: TestApp;
  const children: ChildProcess[] = [];

  // A worker in another process, on the test's database, with a short job lock so that the
  // killed worker's job is taken up again within seconds.
  const startWorker = (): ChildProcess => {
    const child = spawn(process.execPath, ['-r', '@swc-node/register', join(__dirname, 'fixtures/imports/worker-process.ts')], {
      cwd: join(__dirname, '..'),
      env: {
        ...process.env,
        DATABASE_URL: t.config.databaseUrl,
        AUTH_LOCAL_SECRET: t.config.authLocalSecret,
        PERSONAL_DATA_KEYS: t.config.personalDataKeys,
        QUEUE_PREFIX: t.config.queuePrefix,
        BOSAM_DATA_DIR: t.config.dataDir,
        LOG_LEVEL: 'error',
        IMPORT_LOCK_MS: '1500',
        // The same queue backend as the API under test (PostgreSQL), whatever the suite runs with.
        REDIS_URL: t.config.redisUrl ?? '',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stderr?.on('data', (chunk: Buffer) => process.stderr.write(chunk));
    children.push(child);
    return child;
  };

  beforeAll(async () => {
    t = await createTestApp();
    const admin = await t.auth('admin', DISTRICT);
    await t.http().post('/api/v1/districts').set('Authorization', admin).send({ code: DISTRICT, name: 'Återupptagna' }).expect(201);
    await t
      .http()
      .post('/api/v1/landlords')
      .set('Authorization', admin)
      .send({ orgNumber: LANDLORD_ORG, name: 'Hyresvärden', municipal: false })
      .expect(201);
  });
  afterAll(async () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await t.close();
  });

  it('resumes after the last committed batch: every row imported exactly once', async () => {
    const coordinator = await t.auth('coordinator', DISTRICT);
    const file = csvFile(
      Array.from({ length: ROWS }, (_, i) => goodRow(i + 1)),
      { bom: true },
    );
    const res = await t
      .http()
      .post('/api/v1/notification-imports')
      .set('Authorization', coordinator)
      .field('district', DISTRICT)
      .attach('file', file, 'stor-fil.csv')
      .expect(202);
    const id: string = res.body.id;
    const report = async (): Promise<Report> =>
      (await t.http().get(`/api/v1/notification-imports/${id}`).set('Authorization', coordinator).expect(200)).body;

    const first = startWorker();
    const midway = await waitFor(
      async () => {
        const r = await report();
        return r.total !== null && r.processed > 0 && r.processed < r.total ? r : undefined;
      },
      120000,
      'the first batches',
    );
    first.kill('SIGKILL');
    await new Promise((resolve) => first.once('exit', resolve));
    const atKill = await report();
    expect(atKill.status).toBe('running');
    expect(atKill.processed).toBeGreaterThanOrEqual(midway.processed);
    expect(atKill.processed).toBeLessThan(ROWS);

    startWorker();
    const done = await waitFor(
      async () => {
        const r = await report();
        return r.status === 'done' || r.status === 'failed' ? r : undefined;
      },
      180000,
      'the resumed import',
    );

    expect(done).toMatchObject({ status: 'done', total: ROWS, processed: ROWS, imported: ROWS, duplicates: 0, rejected: [] });
    const [counts] = await t.dataSource.query(
      `SELECT count(*)::int AS notifications, count(DISTINCT external_reference)::int AS refs FROM notification WHERE import_id = $1`,
      [id],
    );
    expect(counts).toEqual({ notifications: ROWS, refs: ROWS });
    const [imp] = await t.dataSource.query('SELECT attempts, checkpoint FROM notification_import WHERE id = $1', [id]);
    expect(imp.attempts).toBeGreaterThanOrEqual(2);
    expect(imp.checkpoint).toBe(ROWS);
  }, 300000);
});
