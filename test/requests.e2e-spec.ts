import { AddressInfo, connect, Socket } from 'node:net';
import request from 'supertest';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { createTestApp, TestApp } from './support/app';
import { waitFor } from './support/wait';
import { csvFile, goodRow, LANDLORD_ORG } from './fixtures/imports/csv';

const DISTRICT = 'REQS';
const BOUNDARY = 'bosamstalledupload';

/** Opens a socket and sends a multipart upload's headers and its `district` part, then nothing more. */
function stalledUpload(port: number, token: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => {
      const head =
        `--${BOUNDARY}\r\nContent-Disposition: form-data; name="district"\r\n\r\n${DISTRICT}\r\n` +
        `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\nContent-Type: text/csv\r\n\r\n`;
      socket.write(
        'POST /api/v1/notification-imports HTTP/1.1\r\n' +
          'Host: 127.0.0.1\r\n' +
          `Authorization: Bearer ${token}\r\n` +
          `Content-Type: multipart/form-data; boundary=${BOUNDARY}\r\n` +
          'Content-Length: 10000000\r\n\r\n' +
          head,
        () => resolve(socket),
      );
    });
    socket.on('error', () => undefined);
    socket.once('error', reject);
  });
}

/** Resolves when the server closes the socket (or after `ms`, with false). */
const closedWithin = (socket: Socket, ms: number): Promise<boolean> =>
  new Promise((resolve) => {
    if (socket.destroyed || socket.readableEnded) return resolve(true);
    const timer = setTimeout(() => resolve(false), ms);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });

/** Uploads the server has begun to receive (their rows wait in status `receiving`) from users whose sub starts with `sub`. */
const receiving = async (dataSource: DataSource, sub: string): Promise<number> =>
  (
    await dataSource.query(
      `SELECT count(*)::int AS n FROM notification_import WHERE status = 'receiving' AND starts_with(created_by, $1)`,
      [sub],
    )
  )[0].n;

const idleInTransaction = async (dataSource: DataSource): Promise<number> =>
  (
    await dataSource.query(
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND state LIKE 'idle in transaction%'`,
    )
  )[0].n;

describe('no request can hold the database', () => {
  let t: TestApp;
  let port: number;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    t = await createTestApp({ env: { HTTP_IDLE_TIMEOUT_MS: '4000', HTTP_HEADERS_TIMEOUT_MS: '1500', IMPORT_UPLOADS_PER_USER: '2' } });
    const admin = await t.auth('admin', DISTRICT);
    await t.http().post('/api/v1/districts').set('Authorization', admin).send({ code: DISTRICT, name: 'Distrikt' }).expect(201);
    await t
      .http()
      .post('/api/v1/landlords')
      .set('Authorization', admin)
      .send({ orgNumber: LANDLORD_ORG, name: 'Bostadsbolaget', municipal: true });
    await t.app.listen(0, '127.0.0.1');
    port = (t.app.getHttpServer().address() as AddressInfo).port;
  });
  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.destroy();
  });
  afterAll(() => t.close());

  it('twelve stalled uploads hold no connection: health, reads and a whole upload still answer at once', async () => {
    for (let i = 0; i < 12; i += 1) {
      sockets.push(await stalledUpload(port, await t.token('coordinator', DISTRICT, undefined, `stalled-${i}`)));
    }
    await waitFor(async () => (await receiving(t.dataSource, 'stalled-')) === 12, 10000, 'every stalled upload to be received');
    expect(await idleInTransaction(t.dataSource)).toBe(0);

    const http = request(`http://127.0.0.1:${port}`);
    await http.get('/health/ready').timeout(3000).expect(200);
    const coordinator = await t.auth('coordinator', DISTRICT);
    await http.get(`/api/v1/cases?district=${DISTRICT}&status=open`).set('Authorization', coordinator).timeout(3000).expect(200);
    const file = csvFile([goodRow(900_001)]);
    await http
      .post('/api/v1/notification-imports')
      .set('Authorization', coordinator)
      .field('district', DISTRICT)
      .attach('file', file, 'a.csv')
      .timeout(5000)
      .expect(202);
  });

  it('a stalled upload is cut off after the idle timeout, and leaves nothing behind', async () => {
    const socket = await stalledUpload(port, await t.token('coordinator', DISTRICT, undefined, 'cut-off'));
    sockets.push(socket);
    expect(await closedWithin(socket, 8000)).toBe(true);
    await waitFor(
      async () => (await t.dataSource.query(`SELECT count(*)::int AS n FROM notification_import WHERE status = 'receiving'`))[0].n === 0,
      5000,
      'the partial upload to be removed',
    );
  });

  it('a request the server works on longer than the idle timeout is answered, not cut off', async () => {
    // Another session holds the cases' table, so the list waits past the idle timeout (4 s) with nothing
    // on the wire: the silence is the server's, not the client's, and the answer must still come.
    const holder = new Client({ connectionString: t.ownerUrl });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('LOCK TABLE household_case IN ACCESS EXCLUSIVE MODE');
      const coordinator = await t.auth('coordinator', DISTRICT);
      const answer = request(`http://127.0.0.1:${port}`)
        .get(`/api/v1/cases?district=${DISTRICT}&status=open`)
        .set('Authorization', coordinator)
        .timeout(20000)
        .then(
          (res) => res.status,
          (error: Error & { code?: string }) => error.code ?? error.message,
        );
      await new Promise((resolve) => setTimeout(resolve, 5500));
      await holder.query('COMMIT');
      expect(await answer).toBe(200);
    } finally {
      await holder.end();
    }
  });

  it('an idle keep-alive connection is closed after the idle timeout, as its Keep-Alive header says', async () => {
    const socket = await new Promise<Socket>((resolve) => {
      const s = connect(port, '127.0.0.1', () => resolve(s));
      s.on('error', () => undefined);
    });
    sockets.push(socket);
    const head = new Promise<string>((resolve) => {
      let text = '';
      socket.on('data', (chunk: Buffer) => {
        text += chunk.toString('latin1');
        if (text.includes('\r\n\r\n')) resolve(text);
      });
    });
    socket.write('GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n');
    expect((await head).toLowerCase()).toMatch(/\r\nkeep-alive: timeout=4\r\n/);
    expect(await closedWithin(socket, 7000)).toBe(true);
  });

  it('a request whose headers never end is cut off after the headers timeout, before the idle timeout', async () => {
    const socket = await new Promise<Socket>((resolve) => {
      const s = connect(port, '127.0.0.1', () => s.write('GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n', () => resolve(s)));
      s.on('error', () => undefined);
    });
    sockets.push(socket);
    // Bytes keep trickling in, so the idle timeout never fires; the headers timeout does.
    const trickle = setInterval(() => socket.write('X-Slow: 1\r\n'), 500);
    try {
      expect(await closedWithin(socket, 3500)).toBe(true);
    } finally {
      clearInterval(trickle);
    }
  });

  it('limits concurrent uploads per user: 429 with Retry-After', async () => {
    const token = await t.token('coordinator', DISTRICT, undefined, 'busy-user');
    sockets.push(await stalledUpload(port, token), await stalledUpload(port, token));
    await waitFor(async () => (await receiving(t.dataSource, 'busy-user')) === 2, 10000, 'both uploads to be received');
    const res = await request(`http://127.0.0.1:${port}`)
      .post('/api/v1/notification-imports')
      .set('Authorization', `Bearer ${token}`)
      .field('district', DISTRICT)
      .attach('file', csvFile([goodRow(900_002)]), 'a.csv')
      .timeout(5000);
    expect(res.status).toBe(429);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.code).toBe('RATE_LIMITED');
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    // Another user is not affected.
    await request(`http://127.0.0.1:${port}`)
      .post('/api/v1/notification-imports')
      .set('Authorization', await t.auth('coordinator', DISTRICT))
      .field('district', DISTRICT)
      .attach('file', csvFile([goodRow(900_003)]), 'a.csv')
      .timeout(5000)
      .expect(202);
  });

  it('sets statement_timeout and idle_in_transaction_session_timeout on the application’s sessions', async () => {
    const [statement] = await t.dataSource.query('SHOW statement_timeout');
    const [idle] = await t.dataSource.query('SHOW idle_in_transaction_session_timeout');
    expect(statement.statement_timeout).not.toBe('0');
    expect(idle.idle_in_transaction_session_timeout).not.toBe('0');
    await expect(t.dataSource.query('SELECT pg_sleep(0.1)')).resolves.toBeDefined();
  });
});

describe('session limits are configurable', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({
      env: { DB_STATEMENT_TIMEOUT_MS: '300', DB_IDLE_IN_TRANSACTION_TIMEOUT_MS: '400', DB_POOL_API: '7', DB_POOL_WORKER: '3' },
      worker: { consume: false, dispatch: false },
    });
  });
  afterAll(() => t.close());

  it('the API and the worker each have a pool of their own', async () => {
    const workerDataSource = t.worker!.get(DataSource);
    expect(workerDataSource).not.toBe(t.dataSource);
    const name = async (ds: DataSource) => (await ds.query(`SELECT current_setting('application_name') AS n`))[0].n;
    expect(await name(t.dataSource)).toBe('bosam-api');
    expect(await name(workerDataSource)).toBe('bosam-worker');
    const max = (ds: DataSource) => (ds.driver as unknown as { master: { options: { max: number } } }).master.options.max;
    expect([max(t.dataSource), max(workerDataSource)]).toEqual([7, 3]);
  });

  it('a statement that runs too long is cancelled; a transaction left idle is ended', async () => {
    await expect(t.dataSource.query('SELECT pg_sleep(2)')).rejects.toThrow(/statement timeout/);
    const runner = t.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      const [{ pid }] = await runner.query('SELECT pg_backend_pid() AS pid');
      await runner.query('SELECT 1');
      // The server ends the session once it has sat idle in its transaction for 400 ms.
      await waitFor(
        async () => (await t.dataSource.query('SELECT 1 FROM pg_stat_activity WHERE pid = $1', [pid])).length === 0,
        10000,
        'the idle session to end',
      );
      await expect(runner.query('SELECT 1')).rejects.toThrow();
    } finally {
      await runner.release();
    }
  });
});
