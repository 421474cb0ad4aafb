import { createTestApp, TestApp } from './support/app';
import { waitFor } from './support/wait';
import { csvFile, csvText, goodRow, LANDLORD_ORG, personnummerFor, Row } from './fixtures/imports/csv';

interface Report {
  id: string;
  status: 'queued' | 'running' | 'done' | 'failed';
  total: number | null;
  imported: number;
  rejected: Array<{ row: number; field: string; message: string }>;
  rejectedCount: number;
  failureReason: string | null;
  filename: string;
  finishedAt: string | null;
}

// Imports cannot be turned against the service: bad rows cost linear time and a bounded status,
// hostile shapes are refused at once, one district's file does not hold up another's.
describe('notification files that try to hurt the service', () => {
  let t: TestApp;
  let coordinatorA: string;
  let coordinatorB: string;
  let serial = 500_000;
  const rows = (count: number, overrides: (i: number) => Row = () => ({})): Row[] =>
    Array.from({ length: count }, (_, i) => goodRow((serial += 1), overrides(i)));

  const upload = (file: Buffer, auth = coordinatorA, district = 'ABUA', filename = 'underrattelser.csv') =>
    t.http().post('/api/v1/notification-imports').set('Authorization', auth).field('district', district).attach('file', file, filename);
  const report = async (id: string, auth = coordinatorA): Promise<Report> =>
    (await t.http().get(`/api/v1/notification-imports/${id}`).set('Authorization', auth).expect(200)).body;
  const finished = (id: string, auth = coordinatorA): Promise<Report> =>
    waitFor(
      async () => {
        const r = await report(id, auth);
        return r.status === 'done' || r.status === 'failed' ? r : undefined;
      },
      60000,
      `import ${id}`,
    );

  beforeAll(async () => {
    t = await createTestApp({ worker: true, env: { IMPORT_SLICE_MS: '1' } });
    coordinatorA = await t.auth('coordinator', 'ABUA');
    coordinatorB = await t.auth('coordinator', 'ABUB');
    const admin = await t.auth('admin', 'ABUA');
    for (const code of ['ABUA', 'ABUB']) {
      await t
        .http()
        .post('/api/v1/districts')
        .set('Authorization', admin)
        .send({ code, name: `Distrikt ${code}` })
        .expect(201);
    }
    await t
      .http()
      .post('/api/v1/landlords')
      .set('Authorization', admin)
      .send({ orgNumber: LANDLORD_ORG, name: 'Bostadsbolaget', municipal: true })
      .expect(201);
  });
  afterAll(() => t.close());

  it('stores rejections as rows: the status holds the count and the first ones, the rest are paged', async () => {
    const bad = rows(130, () => ({ receivedOn: 'igår' }));
    const res = await upload(csvFile([...rows(2), ...bad])).expect(202);
    const r = await finished(res.body.id);
    expect(r.status).toBe('done');
    expect(r.imported).toBe(2);
    expect(r.rejectedCount).toBe(130);
    expect(r.rejected).toHaveLength(100);
    expect(r.rejected[0]).toEqual({ row: 3, field: 'receivedOn', message: expect.any(String) });

    const page = await t
      .http()
      .get(`/api/v1/notification-imports/${res.body.id}/rejections?offset=100&limit=50`)
      .set('Authorization', coordinatorA)
      .expect(200);
    expect(page.body.total).toBe(130);
    expect(page.body.offset).toBe(100);
    expect(page.body.limit).toBe(50);
    expect(page.body.items).toHaveLength(30);
    expect(page.body.items[0].row).toBe(103);
    expect(page.body.items.at(-1).row).toBe(132);
    const first = await t
      .http()
      .get(`/api/v1/notification-imports/${res.body.id}/rejections`)
      .set('Authorization', coordinatorA)
      .expect(200);
    expect(first.body.items.map((i: { row: number }) => i.row).slice(0, 3)).toEqual([3, 4, 5]);

    // Another district's import is not found; bad paging is a 400.
    await t.http().get(`/api/v1/notification-imports/${res.body.id}/rejections`).set('Authorization', coordinatorB).expect(404);
    await t
      .http()
      .get(`/api/v1/notification-imports/${res.body.id}/rejections?limit=100000`)
      .set('Authorization', coordinatorA)
      .expect(400);
    await t.http().get(`/api/v1/notification-imports/${res.body.id}/rejections?offset=-1`).set('Authorization', coordinatorA).expect(400);
  });

  it('a header of a million columns is refused at once, with one error', async () => {
    const header = Array.from({ length: 1_000_000 }, (_, i) => `x${i % 10}`).join(';');
    const res = await upload(Buffer.from(`${header}\r\n`)).expect(400);
    expect(res.body.errors).toHaveLength(1);
    expect(JSON.stringify(res.body).length).toBeLessThan(2000);
  });

  it('a header of many unknown columns is refused with one error, not one per column', async () => {
    const header = Array.from({ length: 500 }, (_, i) => `kolumn${i}`).join(';');
    const res = await upload(Buffer.from(`${header}\r\n1;2;3\r\n`)).expect(400);
    expect(res.body.errors).toHaveLength(1);
    expect(res.body.errors[0].field).toBe('file');
  });

  it('a line longer than the limit is refused at once, naming the line', async () => {
    const text = csvText(rows(3, (i) => (i === 1 ? { name1: 'A'.repeat(100_000) } : {})));
    const res = await upload(Buffer.from(text)).expect(400);
    expect(res.body.errors).toHaveLength(1);
    expect(res.body.detail).toMatch(/line 3/);
  });

  it('a NUL byte in a cell rejects that row, not the file', async () => {
    const list = rows(3, (i) => (i === 1 ? { name1: 'Nul\u0000Person' } : {}));
    const res = await upload(csvFile(list)).expect(202);
    const r = await finished(res.body.id);
    expect(r.status).toBe('done');
    expect(r.imported).toBe(2);
    expect(r.rejected).toEqual([{ row: 2, field: 'name1', message: expect.stringMatching(/NUL/) }]);
  });

  it('never echoes an identity number in a file name', async () => {
    const number = personnummerFor(777);
    const res = await upload(csvFile(rows(1)), coordinatorA, 'ABUA', `underrattelser ${number}.csv`).expect(202);
    const r = await finished(res.body.id);
    expect(r.filename).not.toContain(number);
    expect(r.filename).not.toContain(number.replace('-', ''));
    expect(r.filename).toMatch(/^underrattelser .*\.csv$/);
    const [stored] = await t.dataSource.query('SELECT filename FROM notification_import WHERE id = $1', [res.body.id]);
    expect(stored.filename).not.toContain(number);
  });

  it('one district’s big file does not hold up another district’s small one', async () => {
    const big = await upload(csvFile(rows(2500)), coordinatorA, 'ABUA').expect(202);
    const small = await upload(csvFile(rows(1)), coordinatorB, 'ABUB').expect(202);
    const smallDone = await finished(small.body.id, coordinatorB);
    const bigNow = await report(big.body.id);
    expect(smallDone.status).toBe('done');
    expect(bigNow.status).not.toBe('done');
    const bigDone = await finished(big.body.id);
    expect(bigDone.imported).toBe(2500);
    expect(new Date(smallDone.finishedAt!).getTime()).toBeLessThan(new Date(bigDone.finishedAt!).getTime());
  }, 180000);
});
