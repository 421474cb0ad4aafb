import { addDays, todayInStockholm } from '@bosam/calendar';
import { createTestApp, TestApp } from './support/app';
import { orgNumber, postNotification, setupDistrict, TEST_LANDLORD, testPersonnummer } from './support/factories';

describe('cases: list, detail, units, contacts, close', () => {
  let t: TestApp;
  let coordinator: string;
  let rep: string;
  const today = todayInStockholm();
  const other = orgNumber(4242);

  // The district's cases, made through the intake.
  const made: Record<string, { caseId: string; pnr: string }> = {};

  beforeAll(async () => {
    t = await createTestApp();
    await setupDistrict(t, 'TEST');
    await setupDistrict(t, 'OTHER', ['EKB']);
    coordinator = await t.auth('coordinator', 'TEST');
    rep = await t.auth('unit_rep', 'TEST', 'EKB');
    const admin = await t.auth('admin');
    await t.http().post('/api/v1/landlords').set('Authorization', admin).send({ orgNumber: other, name: 'Privatvärden AB' }).expect(201);

    const make = async (key: string, n: number, overrides: Record<string, unknown>) => {
      const pnr = testPersonnummer(n);
      const res = await postNotification(t, { tenants: [{ personnummer: pnr, name: `Person ${key}` }], ...overrides });
      if (res.status !== 201) throw new Error(`${key}: ${res.status} ${res.text}`);
      made[key] = { caseId: res.body.caseId, pnr };
    };
    // Opened on different days, so the list order (newest first) is known: f, e, d, c, b, a.
    await make('a', 1, {
      receivedOn: addDays(today, -60),
      tenantServedOn: addDays(today, -64),
      boardNotifiedOn: addDays(today, -63),
      childrenInHousehold: 0,
    });
    await make('b', 2, {
      receivedOn: addDays(today, -50),
      tenantServedOn: addDays(today, -52),
      boardNotifiedOn: addDays(today, -51),
      childrenInHousehold: 3,
    });
    await make('c', 3, {
      receivedOn: addDays(today, -40),
      source: 'enforcement_eviction_date',
      landlordOrgNumber: other,
      arrearsSek: null,
      tenantServedOn: null,
      boardNotifiedOn: null,
      evictionOn: addDays(today, 12),
      childrenInHousehold: 1,
    });
    await make('d', 4, {
      receivedOn: addDays(today, -30),
      protectedIdentity: true,
      childrenInHousehold: 0,
      tenantServedOn: addDays(today, -33),
      boardNotifiedOn: addDays(today, -32),
    });
    await make('e', 5, {
      receivedOn: addDays(today, -20),
      source: 'landlord_disturbance',
      arrearsSek: null,
      tenantServedOn: null,
      boardNotifiedOn: null,
      childrenInHousehold: 0,
    });
    await make('f', 6, { receivedOn: addDays(today, -2), childrenInHousehold: 2 });
    // One in another district, which must never show.
    await postNotification(t, { district: 'OTHER', tenants: [{ personnummer: testPersonnummer(7), name: 'Annan' }] });
  });
  afterAll(() => t.close());

  const get = (path: string, auth = coordinator) => t.http().get(`/api/v1${path}`).set('Authorization', auth);
  const ids = (body: { items: Array<{ id: string }> }) => body.items.map((i) => i.id);
  const keys = (...names: string[]) => names.map((n) => made[n].caseId);

  describe('list', () => {
    it("lists the district's cases, newest first, with names and masked numbers only", async () => {
      const res = await get('/cases').expect(200);
      expect(res.body).toMatchObject({ total: 6, limit: 50, offset: 0 });
      expect(ids(res.body)).toEqual(keys('f', 'e', 'd', 'c', 'b', 'a'));
      const f = res.body.items[0];
      expect(f).toMatchObject({
        status: 'open',
        openedOn: addDays(today, -2),
        recurrence: false,
        tenants: [{ name: 'Person f', personnummer: `${made.f.pnr.slice(0, 8)}-****` }],
        address: { street: 'Exempelgatan 1', postalCode: '123 45', city: 'Stockholm', apartment: '1102' },
        childrenInHousehold: 2,
        arrearsSek: 12345.5,
        landlord: { orgNumber: TEST_LANDLORD.orgNumber, name: TEST_LANDLORD.name },
        nextDeadline: { kind: 'recovery_window', estimated: false, rule: expect.stringContaining('JB 12:44') },
        units: [],
        notifications: 1,
      });
      // Ids and dates may hold any four digits by chance: look for the numbers in the rest.
      const text = res.text.replace(/[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}|\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-][\d:]+))?/g, '');
      for (const { pnr } of Object.values(made)) {
        expect(text).not.toContain(pnr);
        expect(text).not.toContain(pnr.slice(8));
      }
    });

    it('never shows the address of a protected identity in the list', async () => {
      const res = await get('/cases').expect(200);
      const d = res.body.items.find((i: { id: string }) => i.id === made.d.caseId);
      expect(d).toMatchObject({ protectedIdentity: true, address: null });
    });

    it('filters by children, deadline, landlord and status', async () => {
      expect(ids((await get('/cases?children=true').expect(200)).body)).toEqual(keys('f', 'c', 'b'));
      expect(ids((await get('/cases?children=false').expect(200)).body)).toEqual(keys('e', 'd', 'a'));
      // Eviction of c in 12 days; f's recovery window ends about three weeks from now; the rest have passed.
      expect(ids((await get(`/cases?deadlineBefore=${addDays(today, 14)}&deadlineFrom=${today}`).expect(200)).body)).toEqual(keys('c'));
      expect(ids((await get(`/cases?deadlineBefore=${addDays(today, 60)}&deadlineFrom=${today}`).expect(200)).body)).toEqual(
        keys('f', 'c'),
      );
      expect(ids((await get(`/cases?deadlineBefore=${today}`).expect(200)).body)).toEqual(keys('d', 'b', 'a'));
      expect(ids((await get(`/cases?landlord=${other.replace('-', '')}`).expect(200)).body)).toEqual(keys('c'));
      expect(ids((await get('/cases?status=closed').expect(200)).body)).toEqual([]);
      expect(ids((await get('/cases?status=open&children=true&district=TEST').expect(200)).body)).toEqual(keys('f', 'c', 'b'));
    });

    it('pages with limit and offset, and says how many there are', async () => {
      const first = await get('/cases?limit=4').expect(200);
      expect(first.body).toMatchObject({ total: 6, limit: 4, offset: 0 });
      expect(ids(first.body)).toEqual(keys('f', 'e', 'd', 'c'));
      const second = await get('/cases?limit=4&offset=4').expect(200);
      expect(ids(second.body)).toEqual(keys('b', 'a'));
      const beyond = await get('/cases?limit=4&offset=40').expect(200);
      expect(beyond.body).toMatchObject({ items: [], total: 6 });
    });

    it('refuses bad filters by name', async () => {
      for (const [query, field] of [
        ['limit=0', 'limit'],
        ['limit=201', 'limit'],
        ['offset=-1', 'offset'],
        ['status=pending', 'status'],
        ['children=yes', 'children'],
        ['deadlineBefore=tomorrow', 'deadlineBefore'],
        ['landlord=123', 'landlord'],
        ['unit=ekb', 'unit'],
        ['sort=name', 'sort'],
      ]) {
        const res = await get(`/cases?${query}`);
        expect(res.status).toBe(400);
        expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
      }
    });

    it("answers 404 for another district's list", async () => {
      const res = await get('/cases?district=OTHER');
      expect(res.status).toBe(404);
    });
  });

  describe('units the client is known to', () => {
    it('replaces the list, writes what changed on the timeline, and filters the list by unit', async () => {
      const path = `/api/v1/cases/${made.b.caseId}/units`;
      const put = (units: string[]) => t.http().put(path).set('Authorization', coordinator).send({ units });
      const res = await put(['VUX', 'EKB', 'EKB']).expect(200);
      expect(res.body).toEqual({
        caseId: made.b.caseId,
        units: [
          { code: 'EKB', name: 'Enhet EKB' },
          { code: 'VUX', name: 'Enhet VUX' },
        ],
      });
      await put(['EKB', 'BOF']).expect(200);
      await put(['EKB', 'BOF']).expect(200); // no change, no event
      expect(ids((await get('/cases?unit=BOF').expect(200)).body)).toEqual(keys('b'));
      expect(ids((await get('/cases?unit=VUX').expect(200)).body)).toEqual([]);
      const detail = await get(`/cases/${made.b.caseId}`).expect(200);
      expect(detail.body.units).toEqual([
        { code: 'BOF', name: 'Enhet BOF' },
        { code: 'EKB', name: 'Enhet EKB' },
      ]);
      const changes = detail.body.timeline.filter((e: { kind: string }) => e.kind === 'units_changed');
      expect(changes.map((e: { data: unknown }) => e.data)).toEqual([
        { added: ['EKB', 'VUX'], removed: [], units: ['EKB', 'VUX'] },
        { added: ['BOF'], removed: ['VUX'], units: ['BOF', 'EKB'] },
      ]);
    });

    it('refuses a unit of another district, naming it', async () => {
      const res = await t
        .http()
        .put(`/api/v1/cases/${made.c.caseId}/units`)
        .set('Authorization', coordinator)
        .send({ units: ['EKB', 'NOPE'] });
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([{ field: 'units[1]', message: 'is not a unit of this district' }]);
    });

    it('lets a case be known to several units, and shows them in the list', async () => {
      await t
        .http()
        .put(`/api/v1/cases/${made.c.caseId}/units`)
        .set('Authorization', coordinator)
        .send({ units: ['EKB', 'VUX', 'BOF'] })
        .expect(200);
      const res = await get('/cases?unit=EKB').expect(200);
      expect(res.body.items.find((i: { id: string }) => i.id === made.c.caseId).units).toEqual(['BOF', 'EKB', 'VUX']);
    });
  });

  describe('contacts', () => {
    it('records outreach by a coordinator and a unit rep, with whether the person was reached', async () => {
      const path = `/api/v1/cases/${made.f.caseId}/contacts`;
      const letter = await t
        .http()
        .post(path)
        .set('Authorization', coordinator)
        .send({ on: addDays(today, -1), channel: 'letter', reached: false })
        .expect(201);
      expect(letter.body).toMatchObject({
        id: expect.any(String),
        on: addDays(today, -1),
        channel: 'letter',
        reached: false,
        createdBy: 'coordinator-test',
      });
      await t.http().post(path).set('Authorization', rep).send({ on: today, channel: 'home_visit', reached: true }).expect(201);
      const detail = await get(`/cases/${made.f.caseId}`).expect(200);
      expect(detail.body.contacts.map((c: { channel: string; reached: boolean }) => [c.channel, c.reached])).toEqual([
        ['letter', false],
        ['home_visit', true],
      ]);
      const events = detail.body.timeline.filter((e: { kind: string }) => e.kind === 'contact_recorded');
      expect(events[1]).toMatchObject({ actor: 'unit_rep-test-ekb', data: { channel: 'home_visit', reached: true, unit: 'EKB' } });
    });

    it('refuses a contact in the future, before the case opened, or by an unknown channel', async () => {
      const path = `/api/v1/cases/${made.f.caseId}/contacts`;
      const post = (body: object) => t.http().post(path).set('Authorization', coordinator).send(body);
      expect((await post({ on: addDays(today, 1), channel: 'phone', reached: true })).body.errors).toEqual([
        { field: 'on', message: 'must not be in the future' },
      ]);
      expect((await post({ on: addDays(today, -30), channel: 'phone', reached: true })).body.errors[0]).toMatchObject({
        field: 'on',
        message: expect.stringContaining('before the case was opened'),
      });
      expect((await post({ on: today, channel: 'pigeon', reached: true })).body.errors[0]).toMatchObject({ field: 'channel' });
      expect((await post({ on: today, channel: 'phone' })).body.errors[0]).toMatchObject({ field: 'reached' });
    });
  });

  describe('detail', () => {
    it('shows tenants, address, household, notifications, deadlines, units, contacts, next steps, consents and the timeline', async () => {
      const unit = (await t.dataSource.query("SELECT id FROM unit WHERE district_code = 'TEST' AND code = 'BOF'"))[0].id;
      await t.dataSource.query(
        `INSERT INTO next_step (district_code, case_id, unit_id, action, due_on, created_by) VALUES ('TEST', $1, $2, 'Hembesök med familjen', $3, 'coordinator-test')`,
        [made.c.caseId, unit, addDays(today, 7)],
      );
      const res = await get(`/cases/${made.c.caseId}`).expect(200);
      expect(res.body).toMatchObject({
        id: made.c.caseId,
        district: 'TEST',
        status: 'open',
        openedOn: addDays(today, -40),
        recurrence: false,
        previousCaseId: null,
        tenants: [{ name: 'Person c', personnummer: `${made.c.pnr.slice(0, 8)}-${made.c.pnr.slice(8)}`, coordinationNumber: false }],
        address: { street: 'Exempelgatan 1', postalCode: '123 45', city: 'Stockholm', apartment: '1102' },
        household: { childrenInHousehold: 1, protectedIdentity: false },
        arrearsSek: 0,
        ongoingDisturbance: false,
        notifications: [
          {
            source: 'enforcement_eviction_date',
            landlord: { orgNumber: other, name: 'Privatvärden AB' },
            receivedOn: addDays(today, -40),
            evictionOn: addDays(today, 12),
            arrearsSek: null,
            flags: [],
          },
        ],
        deadlines: [
          { kind: 'eviction', dueOn: addDays(today, 12), estimated: false, rule: expect.any(String), notificationId: expect.any(String) },
        ],
        units: [{ code: 'BOF' }, { code: 'EKB' }, { code: 'VUX' }],
        contacts: [],
        nextSteps: [{ unit: 'BOF', action: 'Hembesök med familjen', dueOn: addDays(today, 7), status: 'open', doneOn: null }],
        consents: [],
      });
      expect(res.body.timeline.map((e: { kind: string }) => e.kind)).toEqual(['case_opened', 'notification_received', 'units_changed']);
      expect(res.body.timeline[0]).toMatchObject({ id: expect.any(Number), at: expect.any(String), actor: 'coordinator-test' });
    });

    it('shows the address of a protected identity to the case workers', async () => {
      const res = await get(`/cases/${made.d.caseId}`, rep).expect(200);
      expect(res.body.household.protectedIdentity).toBe(true);
      expect(res.body.address.street).toBe('Exempelgatan 1');
    });

    it('answers 404 for an unknown id, a malformed id, and a case of another district', async () => {
      await get('/cases/00000000-0000-4000-8000-000000000000').expect(404);
      await get('/cases/not-a-uuid').expect(404);
      const otherCoordinator = await t.auth('coordinator', 'OTHER');
      const res = await get(`/cases/${made.a.caseId}`, otherCoordinator);
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('NOT_FOUND');
      await t
        .http()
        .put(`/api/v1/cases/${made.a.caseId}/units`)
        .set('Authorization', otherCoordinator)
        .send({ units: ['EKB'] })
        .expect(404);
      await t
        .http()
        .post(`/api/v1/cases/${made.a.caseId}/contacts`)
        .set('Authorization', otherCoordinator)
        .send({ on: today, channel: 'phone', reached: true })
        .expect(404);
      await t
        .http()
        .post(`/api/v1/cases/${made.a.caseId}/close`)
        .set('Authorization', otherCoordinator)
        .send({ on: today, outcome: 'moved' })
        .expect(404);
      expect(ids((await get('/cases', otherCoordinator).expect(200)).body)).not.toContain(made.a.caseId);
    });
  });

  describe('close', () => {
    it('closes with an outcome; a closed case takes no more changes and shows under status=closed', async () => {
      const path = `/api/v1/cases/${made.a.caseId}`;
      const res = await t
        .http()
        .post(`${path}/close`)
        .set('Authorization', coordinator)
        .send({ on: today, outcome: 'agreement' })
        .expect(200);
      expect(res.body).toEqual({ id: made.a.caseId, status: 'closed', closedOn: today, outcome: 'agreement', cancelledNextSteps: [] });
      const again = await t.http().post(`${path}/close`).set('Authorization', coordinator).send({ on: today, outcome: 'moved' });
      expect(again.status).toBe(409);
      await t
        .http()
        .post(`${path}/contacts`)
        .set('Authorization', coordinator)
        .send({ on: today, channel: 'phone', reached: true })
        .expect(409);
      await t
        .http()
        .put(`${path}/units`)
        .set('Authorization', coordinator)
        .send({ units: ['EKB'] })
        .expect(409);
      expect(ids((await get('/cases?status=closed').expect(200)).body)).toEqual(keys('a'));
      const detail = await get(`/cases/${made.a.caseId}`).expect(200);
      expect(detail.body).toMatchObject({ status: 'closed', closedOn: today, outcome: 'agreement' });
      expect(detail.body.timeline.at(-1)).toMatchObject({ kind: 'case_closed', data: { on: today, outcome: 'agreement' } });
    });

    it('refuses an unknown outcome and a date in the future', async () => {
      const path = `/api/v1/cases/${made.e.caseId}/close`;
      expect(
        (await t.http().post(path).set('Authorization', coordinator).send({ on: today, outcome: 'vanished' })).body.errors[0].field,
      ).toBe('outcome');
      expect(
        (
          await t
            .http()
            .post(path)
            .set('Authorization', coordinator)
            .send({ on: addDays(today, 1), outcome: 'moved' })
        ).body.errors[0].field,
      ).toBe('on');
    });
  });

  describe('roles', () => {
    it.each(['admin', 'evaluator', 'auditor'] as const)('shows %s no case data', async (role) => {
      const auth = await t.auth(role, 'TEST');
      expect((await get('/cases', auth)).status).toBe(403);
      expect((await get(`/cases/${made.b.caseId}`, auth)).status).toBe(403);
      expect(
        (
          await t
            .http()
            .post(`/api/v1/cases/${made.b.caseId}/contacts`)
            .set('Authorization', auth)
            .send({ on: today, channel: 'phone', reached: true })
        ).status,
      ).toBe(403);
    });

    it('lets a unit rep read and record contacts, but not set units or close', async () => {
      await get('/cases', rep).expect(200);
      await get(`/cases/${made.b.caseId}`, rep).expect(200);
      expect(
        (
          await t
            .http()
            .put(`/api/v1/cases/${made.b.caseId}/units`)
            .set('Authorization', rep)
            .send({ units: ['EKB'] })
        ).status,
      ).toBe(403);
      expect(
        (await t.http().post(`/api/v1/cases/${made.b.caseId}/close`).set('Authorization', rep).send({ on: today, outcome: 'moved' }))
          .status,
      ).toBe(403);
    });
  });

  describe('audit', () => {
    it('records every read and change of a case, which the auditor can follow', async () => {
      const caseId = made.e.caseId;
      await get(`/cases/${caseId}`, rep).expect(200);
      await t
        .http()
        .put(`/api/v1/cases/${caseId}/units`)
        .set('Authorization', coordinator)
        .send({ units: ['MOTT'] })
        .expect(200);
      await t
        .http()
        .post(`/api/v1/cases/${caseId}/contacts`)
        .set('Authorization', coordinator)
        .send({ on: today, channel: 'phone', reached: true })
        .expect(201);
      await get('/cases?children=false').expect(200);
      const auditor = await t.auth('auditor', 'TEST');
      const res = await t.http().get(`/api/v1/audit?caseId=${caseId}`).set('Authorization', auditor).expect(200);
      const trail = res.body
        .map((e: { action: string; entityType: string; role: string }) => `${e.role} ${e.action} ${e.entityType}`)
        .reverse();
      expect(trail).toEqual(
        expect.arrayContaining([
          'coordinator create household_case',
          'coordinator create notification',
          'unit_rep read household_case',
          'coordinator update case_unit',
          'coordinator create case_contact',
        ]),
      );
      // The list read names every case it showed.
      const [listRead] = await t.dataSource.query(
        "SELECT case_ids FROM audit_log WHERE route = 'GET /api/v1/cases' AND $1 = ANY(case_ids) ORDER BY id DESC LIMIT 1",
        [caseId],
      );
      expect(listRead.case_ids).toEqual(expect.arrayContaining(keys('e', 'd')));
      // Every entry names its route one way, as the request it was made in: method and the router's pattern.
      const [detailRead] = await t.dataSource.query(
        "SELECT route FROM audit_log WHERE entity_type = 'household_case' AND action = 'read' AND entity_ids = ARRAY[$1::text] ORDER BY id DESC LIMIT 1",
        [caseId],
      );
      expect(detailRead.route).toBe('GET /api/v1/cases/:id');
      const routes: Array<{ route: string }> = await t.dataSource.query('SELECT DISTINCT route FROM audit_log WHERE route IS NOT NULL');
      expect(routes.map((r) => r.route).filter((route) => !/^(GET|POST|PUT|PATCH|DELETE) \/[^{}\s]*$/.test(route))).toEqual([]);
      const verify = await t.http().get('/api/v1/audit/verify').set('Authorization', auditor).expect(200);
      expect(verify.body.valid).toBe(true);
    });

    it('keeps the timeline append-only: events are only ever added', async () => {
      const before = await t.dataSource.query('SELECT id, kind FROM case_event WHERE case_id = $1 ORDER BY id', [made.b.caseId]);
      await t
        .http()
        .post(`/api/v1/cases/${made.b.caseId}/contacts`)
        .set('Authorization', coordinator)
        .send({ on: today, channel: 'meeting', reached: true })
        .expect(201);
      const after = await t.dataSource.query('SELECT id, kind FROM case_event WHERE case_id = $1 ORDER BY id', [made.b.caseId]);
      expect(after.slice(0, before.length)).toEqual(before);
      expect(after.at(-1).kind).toBe('contact_recorded');
      await expect(t.dataSource.query("UPDATE case_event SET kind = 'rewritten' WHERE case_id = $1", [made.b.caseId])).rejects.toThrow(
        /append-only/,
      );
    });
  });
});
