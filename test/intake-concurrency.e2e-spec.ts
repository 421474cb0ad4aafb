import { IntakeService } from '@bosam/intake';
import { createTestApp, TestApp } from './support/app';
import { indexOf } from './support/personal-data';
import { waitFor } from './support/wait';
import { notificationBody, setupDistrict, TEST_LANDLORD, testPersonnummer } from './support/factories';
import { csvFile, goodRow } from './fixtures/imports/csv';

// Intake holds no district lock: notices serialize only when they name the same person (a
// transaction lock per person), and what still races is run again. Many notices at once must
// still end in one case per household, and never in an error.

describe('intake under concurrency', () => {
  let t: TestApp;
  let coordinator: string;

  beforeAll(async () => {
    t = await createTestApp({ worker: true });
    await setupDistrict(t, 'TEST');
    coordinator = await t.auth('coordinator', 'TEST');
  });
  afterAll(() => t.close());

  const post = (body: Record<string, unknown>) => t.http().post('/api/v1/notifications').set('Authorization', coordinator).send(body);
  const tenant = (n: number) => ({ personnummer: testPersonnummer(n), name: `Person ${n}` });
  /** The cases that name a person (by the blind index the database matches on). */
  const casesOf = async (personnummer: string): Promise<string[]> =>
    (await t.dataSource.query('SELECT DISTINCT case_id FROM case_tenant WHERE personnummer_index = $1', [indexOf(t, personnummer)])).map(
      (r: { case_id: string }) => r.case_id,
    );

  it('ends many notices at once for one household in one case, each notice stored once', async () => {
    const household = [tenant(40001), tenant(40002)];
    // Some name both persons, some one of them (in either order): every one of them is this household.
    const bodies = Array.from({ length: 16 }, (_, i) =>
      notificationBody({ tenants: i % 3 === 0 ? household : i % 3 === 1 ? [...household].reverse() : [household[0]] }),
    );
    const results = await Promise.all(bodies.map((body) => post(body)));
    expect(results.map((r) => r.status)).toEqual(bodies.map(() => 201));
    const caseIds = new Set(results.map((r) => r.body.caseId));
    expect(caseIds.size).toBe(1);
    expect(results.filter((r) => r.body.newCase)).toHaveLength(1);
    expect(await casesOf(household[0].personnummer)).toEqual([...caseIds]);
    expect(await casesOf(household[1].personnummer)).toEqual([...caseIds]);
    const [{ n }] = await t.dataSource.query('SELECT count(*)::int AS n FROM notification WHERE case_id = $1', [[...caseIds][0]]);
    expect(n).toBe(bodies.length);
    const [{ tenants }] = await t.dataSource.query('SELECT count(*)::int AS tenants FROM case_tenant WHERE case_id = $1', [
      [...caseIds][0],
    ]);
    expect(tenants).toBe(2);
  });

  it('stores the same notice sent many times at once once, and answers every repeat with its receipt', async () => {
    const body = notificationBody({ tenants: [tenant(40011)] });
    const results = await Promise.all(Array.from({ length: 8 }, () => post(body)));
    expect(results.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 201]);
    expect(new Set(results.map((r) => JSON.stringify(r.body))).size).toBe(1);
    expect(await casesOf(testPersonnummer(40011))).toHaveLength(1);
  });

  it('answers one reference sent at once for different households once with 201 and else with a conflict, never an error', async () => {
    // Different persons take different locks: the unique reference decides, and the transaction runs again.
    const externalReference = `RACE-${Date.now()}`;
    const results = await Promise.all(
      [0, 1, 2, 3, 4, 5].map((i) => post(notificationBody({ externalReference, tenants: [tenant(40020 + i)] }))),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
    for (const r of results.filter((x) => x.status === 409)) expect(r.body.code).toBe('NOTIFICATION_CONFLICT');
    const [{ n }] = await t.dataSource.query('SELECT count(*)::int AS n FROM notification WHERE external_reference = $1', [
      externalReference,
    ]);
    expect(n).toBe(1);
  });

  it('lets notices for different households of one district all through at once, each its own case', async () => {
    const bodies = Array.from({ length: 30 }, (_, i) => notificationBody({ tenants: [tenant(40100 + i)] }));
    const results = await Promise.all(bodies.map((body) => post(body)));
    expect(results.map((r) => r.status)).toEqual(bodies.map(() => 201));
    expect(results.every((r) => r.body.newCase)).toBe(true);
    expect(new Set(results.map((r) => r.body.caseId)).size).toBe(bodies.length);
  });

  it('makes a notice wait only for the persons it names, not for its district', async () => {
    const held = tenant(40201);
    const runner = t.dataSource.createQueryRunner();
    await runner.connect();
    try {
      // A notice received in a transaction still open: its person is locked until it ends.
      await runner.startTransaction();
      await t.app
        .get(IntakeService)
        .receive(t.actor('coordinator', 'TEST'), notificationBody({ tenants: [held] }), { manager: runner.manager });
      // Another household of the same district goes through meanwhile…
      const other = await post(notificationBody({ tenants: [tenant(40202)] }));
      expect(other.status).toBe(201);
      // …a notice naming the same person waits for the first one, then joins its case.
      let settled = false;
      const waiting = post(notificationBody({ tenants: [tenant(40203), held] })).then((r) => {
        settled = true;
        return r;
      });
      // It is seen waiting on a person's lock (an advisory lock) before the first one ends.
      await waitFor(
        async () =>
          (await t.dataSource.query(`SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event = 'advisory'`))
            .length > 0,
        10000,
        'the notice to wait for its person',
      );
      expect(settled).toBe(false);
      await runner.commitTransaction();
      const joined = await waiting;
      expect(joined.status).toBe(201);
      expect(joined.body.newCase).toBe(false);
      expect(await casesOf(held.personnummer)).toEqual([joined.body.caseId]);
    } finally {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      await runner.release();
    }
  });

  it('ends a file import and notices received meanwhile for the same persons in one case per household', async () => {
    const ROWS = 1200;
    const personOf = (i: number) => testPersonnummer(41000 + i);
    const rows = Array.from({ length: ROWS }, (_, i) =>
      goodRow(41000 + i, {
        externalReference: `FILE-${i}`,
        landlordOrgNumber: TEST_LANDLORD.orgNumber,
        personnummer1: personOf(i),
        receivedOn: '2026-03-02',
      }),
    );
    const upload = await t
      .http()
      .post('/api/v1/notification-imports')
      .set('Authorization', coordinator)
      .field('district', 'TEST')
      .attach('file', csvFile(rows), 'underrattelser.csv')
      .expect(202);
    const importId: string = upload.body.id;

    // Notices for persons of every batch of the file, in waves, while the import runs.
    const picked = [
      ...Array.from({ length: 20 }, (_, i) => i),
      ...Array.from({ length: 20 }, (_, i) => 590 + i),
      ...Array.from({ length: 20 }, (_, i) => 1180 + i),
    ];
    const sent: Array<{ status: number; caseId: string; person: number }> = [];
    let wave = 0;
    let done = false;
    while (!done || wave < 2) {
      const results = await Promise.all(
        picked.map(async (i) => {
          const res = await post(
            notificationBody({ externalReference: `JSON-${wave}-${i}`, tenants: [{ personnummer: personOf(i), name: `Testperson ${i}` }] }),
          );
          return { status: res.status, caseId: res.body.caseId as string, person: i };
        }),
      );
      sent.push(...results);
      wave += 1;
      const [{ status }] = await t.dataSource.query('SELECT status FROM notification_import WHERE id = $1', [importId]);
      done = status === 'done' || status === 'failed';
      if (wave > 20) break;
    }
    const report = await waitFor(
      async () => {
        const r = (await t.http().get(`/api/v1/notification-imports/${importId}`).set('Authorization', coordinator).expect(200)).body;
        return r.status === 'done' || r.status === 'failed' ? r : undefined;
      },
      60000,
      'the import',
    );

    expect(report).toMatchObject({ status: 'done', total: ROWS, processed: ROWS, imported: ROWS, duplicates: 0, rejected: [] });
    expect(sent.every((s) => s.status === 201)).toBe(true);
    for (const i of picked) {
      const cases = await casesOf(personOf(i));
      expect(cases).toHaveLength(1);
      expect(sent.filter((s) => s.person === i).every((s) => s.caseId === cases[0])).toBe(true);
    }
    const [{ opened }] = await t.dataSource.query(
      "SELECT count(*)::int AS opened FROM household_case c WHERE EXISTS (SELECT 1 FROM notification n WHERE n.case_id = c.id AND n.external_reference LIKE 'FILE-%')",
    );
    expect(opened).toBe(ROWS);
    const [{ n }] = await t.dataSource.query(
      "SELECT count(*)::int AS n FROM notification WHERE external_reference LIKE 'FILE-%' OR external_reference LIKE 'JSON-%'",
    );
    expect(n).toBe(ROWS + sent.length);
  });
});
