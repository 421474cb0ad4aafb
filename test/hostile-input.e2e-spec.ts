import { createTestApp, TestApp } from './support/app';
import { notificationBody, setupDistrict } from './support/factories';

/** Input that passes format checks but once reached the database or a job: a clear 400, never a 500. */
describe('hostile input that passes format checks', () => {
  let t: TestApp;
  let coordinator: string;
  let admin: string;
  let caseId: string;

  beforeAll(async () => {
    t = await createTestApp();
    await setupDistrict(t, 'TEST', ['EKB']);
    coordinator = await t.auth('coordinator', 'TEST');
    admin = await t.auth('admin', 'TEST');
    caseId = (await t.http().post('/api/v1/notifications').set('Authorization', coordinator).send(notificationBody()).expect(201)).body
      .caseId;
  });
  afterAll(() => t.close());

  const expect400 = (res: { status: number; body: { code?: string; errors?: Array<{ field: string }> } }, field?: string) => {
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    if (field) expect(res.body.errors?.map((e) => e.field)).toContain(field);
  };

  it.each(['0000-01-01', '9999-12-31', '0001-01-01'])('refuses the date %s in a body and in a query', async (date) => {
    expect400(
      await t
        .http()
        .post(`/api/v1/cases/${caseId}/contacts`)
        .set('Authorization', coordinator)
        .send({ on: date, channel: 'phone', reached: true }),
      'on',
    );
    expect400(
      await t
        .http()
        .post('/api/v1/districts/TEST/terms/2026-HT/decisions')
        .set('Authorization', coordinator)
        .send({ text: 'x', owner: 'y', dueOn: date }),
      'dueOn',
    );
    expect400(
      await t
        .http()
        .post('/api/v1/notifications')
        .set('Authorization', coordinator)
        .send(notificationBody({ receivedOn: date })),
      'receivedOn',
    );
    expect400(await t.http().get(`/api/v1/cases?deadlineBefore=${date}`).set('Authorization', coordinator), 'deadlineBefore');
    expect400(
      await t
        .http()
        .post('/api/v1/meetings')
        .set('Authorization', coordinator)
        .send({ district: 'TEST', startsAt: `${date}T09:00:00+01:00` }),
      'startsAt',
    );
  });

  it('refuses the terms 0000-VT and 9999-HT at once, so no export job is left to fail every retry', async () => {
    for (const term of ['0000-VT', '9999-HT']) {
      expect400(
        await t.http().post('/api/v1/evaluation-exports').set('Authorization', coordinator).send({ district: 'TEST', term, format: 'csv' }),
        'term',
      );
      expect400(await t.http().get(`/api/v1/districts/TEST/terms/${term}/indicators`).set('Authorization', coordinator), 'term');
    }
    expect((await t.dataSource.query('SELECT count(*)::int AS n FROM outbox_job'))[0].n).toBeGreaterThanOrEqual(0);
    expect(
      (await t.dataSource.query("SELECT count(*)::int AS n FROM evaluation_export WHERE term LIKE '0000%' OR term LIKE '9999%'"))[0].n,
    ).toBe(0);
  });

  it('answers a huge offset or limit without a 500', async () => {
    for (const query of ['offset=99999999999999999999', 'offset=2147483648', 'limit=1e-320', 'offset=-1', 'limit=99999999999']) {
      const res = await t.http().get(`/api/v1/cases?${query}`).set('Authorization', coordinator);
      expect(res.status).toBeLessThan(500);
    }
    const big = await t.http().get('/api/v1/cases?offset=2000000000').set('Authorization', coordinator);
    expect([200, 400]).toContain(big.status);
  });

  it('refuses a NUL byte in any text: body, query and path', async () => {
    expect400(
      await t.http().post('/api/v1/districts').set('Authorization', admin).send({ code: 'NUL', name: 'Nul\u0000distrikt' }),
      'name',
    );
    expect400(
      await t
        .http()
        .post(`/api/v1/cases/${caseId}/contacts`)
        .set('Authorization', coordinator)
        .send({ on: '2026-01-01', channel: 'phone', reached: true, note: 'a\u0000' }),
    );
    expect400(await t.http().get('/api/v1/cases?status=open%00').set('Authorization', coordinator), 'status');
    expect400(await t.http().get('/api/v1/districts/TE%00ST/units').set('Authorization', admin), 'code');
    const raw = await t
      .http()
      .post('/api/v1/districts')
      .set('Authorization', admin)
      .set('Content-Type', 'application/json')
      .send('{"code":"NUL2","name":"a\\u0000b"}');
    expect400(raw, 'name');
  });

  it('refuses numbers like 1e-320 where an amount or a count belongs', async () => {
    const res = await t
      .http()
      .post('/api/v1/notifications')
      .set('Authorization', coordinator)
      .set('Content-Type', 'application/json')
      .send(JSON.stringify(notificationBody()).replace(/"childrenInHousehold":\d+/, '"childrenInHousehold":1e-320'));
    expect400(res, 'childrenInHousehold');
    const amount = await t
      .http()
      .post('/api/v1/notifications')
      .set('Authorization', coordinator)
      .send(notificationBody({ arrearsSek: 1e-320 }));
    expect(amount.status).toBeLessThan(500);
  });

  it.each([
    ['only invisible characters', '\u200B\u200B\u2060'],
    ['a right-to-left override', 'Anna \u202Eardnas'],
    ['an isolate', '\u2067Anna'],
    ['a Hangul filler', '\u3164'],
  ])('refuses a name made of %s', async (_, name) => {
    expect400(await t.http().post('/api/v1/districts').set('Authorization', admin).send({ code: 'INV', name }), 'name');
    expect400(
      await t
        .http()
        .post('/api/v1/notifications')
        .set('Authorization', coordinator)
        .send(notificationBody({ tenants: [{ personnummer: '19121212-1212', name }] })),
      'tenants[0].name',
    );
  });

  it('still takes names with letters from everywhere', async () => {
    await t
      .http()
      .post('/api/v1/districts')
      .set('Authorization', admin)
      .send({ code: 'INT', name: 'Förvaltning Åsa–Zoë 東 نور' })
      .expect(201);
  });
});
