import { addDays, todayInStockholm } from '@bosam/calendar';
import { createTestApp, TestApp } from './support/app';
import { notificationBody, setupDistrict, testPersonnummer, TEST_LANDLORD } from './support/factories';
import { waitFor } from './support/wait';
import { csvFile, goodRow } from './fixtures/imports/csv';

/**
 * Skyddade personuppgifter follow the person, never the case: once a notice (or a coordinator) says
 * a person lives under protected identity, every case of theirs — open or closed, now or later, by
 * JSON or by file — and every household they are in is protected, until a coordinator lifts it with
 * a stated reason.
 */

const today = todayInStockholm();
const ALL = ['arrears_status', 'repayment_plan', 'social_services_contact', 'support_measures', 'household'];
const display = (canonical: string) => `${canonical.slice(0, 8)}-${canonical.slice(8)}`;

describe('protected identity follows the person', () => {
  let t: TestApp;
  let coordinator: string;
  let seed = 7000;
  const person = () => testPersonnummer(++seed);
  const tenant = (personnummer: string, name = 'Skyddad Person') => ({ personnummer: display(personnummer), name });
  const address = (street: string) => ({ street, postalCode: '123 45', city: 'Stockholm', apartment: '1201' });

  const notify = async (overrides: Record<string, unknown>, auth = coordinator) => {
    const body = notificationBody({
      receivedOn: addDays(today, -1),
      tenantServedOn: addDays(today, -3),
      boardNotifiedOn: addDays(today, -2),
      ...overrides,
    });
    const res = await t.http().post('/api/v1/notifications').set('Authorization', auth).send(body);
    expect(res.status).toBe(201);
    return res.body as { caseId: string; newCase: boolean; recurrence: boolean };
  };
  const close = (caseId: string) =>
    t.http().post(`/api/v1/cases/${caseId}/close`).set('Authorization', coordinator).send({ on: today, outcome: 'lease_kept' }).expect(200);
  const listItem = async (caseId: string, auth = coordinator) => {
    const res = await t.http().get('/api/v1/cases?limit=200').set('Authorization', auth).expect(200);
    return (res.body.items as Array<{ id: string; protectedIdentity: boolean; address: unknown }>).find((c) => c.id === caseId);
  };
  const flagOf = async (caseId: string): Promise<boolean> =>
    (await t.dataSource.query('SELECT protected_identity FROM household_case WHERE id = $1', [caseId]))[0].protected_identity;
  const setProtection = (caseId: string, body: Record<string, unknown>, auth = coordinator) =>
    t.http().post(`/api/v1/cases/${caseId}/protected-identity`).set('Authorization', auth).send(body);

  beforeAll(async () => {
    t = await createTestApp({ worker: true });
    await setupDistrict(t, 'TEST');
    await setupDistrict(t, 'ANNAN');
    coordinator = await t.auth('coordinator', 'TEST');
  });
  afterAll(() => t?.close());

  describe('a household notified again without the flag', () => {
    const p = person();
    let first: string;
    let second: string;
    let meetingId: string;
    let sessionId: string;

    beforeAll(async () => {
      first = (await notify({ tenants: [tenant(p)], protectedIdentity: true, address: address('Gamla gatan 1') })).caseId;
      await close(first);
      const again = await notify({ tenants: [tenant(p)], protectedIdentity: false, address: address('Nya hemliga gatan 5') });
      expect(again).toMatchObject({ newCase: true, recurrence: true });
      second = again.caseId;
      await t
        .http()
        .post(`/api/v1/cases/${second}/consents`)
        .set('Authorization', coordinator)
        .send({
          landlordOrgNumber: TEST_LANDLORD.orgNumber,
          categories: ALL,
          givenOn: addDays(today, -1),
          form: 'written',
          documentedBy: 'Handläggare',
        })
        .expect(201);
      const meeting = await t
        .http()
        .post('/api/v1/meetings')
        .set('Authorization', coordinator)
        .send({ district: 'TEST', startsAt: `${addDays(today, 1)}T09:00:00+01:00` })
        .expect(201);
      meetingId = meeting.body.id;
      const session = await t
        .http()
        .post('/api/v1/liaison-sessions')
        .set('Authorization', coordinator)
        .send({ district: 'TEST', on: today, landlordOrgNumbers: [TEST_LANDLORD.orgNumber] })
        .expect(201);
      sessionId = session.body.id;
    });

    it('gets a protected case: no address in the case list', async () => {
      expect(await listItem(second)).toMatchObject({ protectedIdentity: true, address: null });
    });

    it('shows the address in the case detail, marked protected, as for any protected case', async () => {
      const res = await t.http().get(`/api/v1/cases/${second}`).set('Authorization', coordinator).expect(200);
      expect(res.body.household.protectedIdentity).toBe(true);
      expect(res.body.address.street).toBe('Nya hemliga gatan 5');
    });

    it('shows no address on the agenda, printed or not', async () => {
      const agenda = await t.http().get(`/api/v1/meetings/${meetingId}/agenda`).set('Authorization', coordinator).expect(200);
      const items = agenda.body.sections
        .flatMap((s: { items: Array<{ caseId: string }> }) => s.items)
        .filter((i: { caseId: string }) => i.caseId === second);
      expect(items.length).toBeGreaterThan(0);
      for (const item of items) expect(item).toMatchObject({ protectedIdentity: true, address: null });
      const html = await t.http().get(`/api/v1/meetings/${meetingId}/agenda.html`).set('Authorization', coordinator).expect(200);
      expect(html.text).not.toContain('Nya hemliga gatan');
    });

    it('is never on the landlord’s liaison agenda, even with consent', async () => {
      const res = await t
        .http()
        .get(`/api/v1/liaison-sessions/${sessionId}/agenda?landlord=${encodeURIComponent(TEST_LANDLORD.orgNumber)}`)
        .set('Authorization', coordinator)
        .expect(200);
      expect(JSON.stringify(res.body)).not.toContain('Nya hemliga gatan');
      expect(res.body.cases.map((c: { caseId?: string; id?: string }) => c.caseId ?? c.id)).not.toContain(second);
    });

    it('gets a protected case from a notification file too', async () => {
      await close(second);
      const row = goodRow(424242, {
        personnummer1: display(p).slice(2),
        name1: 'Skyddad Person',
        street: 'Filgatan 7',
        receivedOn: addDays(today, -1),
        tenantServedOn: addDays(today, -3),
        boardNotifiedOn: addDays(today, -2),
        landlordOrgNumber: TEST_LANDLORD.orgNumber,
      });
      const upload = await t
        .http()
        .post('/api/v1/notification-imports')
        .set('Authorization', coordinator)
        .field('district', 'TEST')
        .attach('file', csvFile([row]), 'underrattelser.csv')
        .expect(202);
      const report = await waitFor(
        async () => {
          const r = (await t.http().get(`/api/v1/notification-imports/${upload.body.id}`).set('Authorization', coordinator).expect(200))
            .body;
          return r.status === 'done' || r.status === 'failed' ? r : undefined;
        },
        30000,
        'import',
      );
      expect(report).toMatchObject({ status: 'done', imported: 1 });
      const [imported] = await t.dataSource.query(
        `SELECT c.id FROM household_case c JOIN notification n ON n.case_id = c.id WHERE n.external_reference = $1`,
        [row.externalReference],
      );
      expect(await flagOf(imported.id)).toBe(true);
      expect(await listItem(imported.id)).toMatchObject({ protectedIdentity: true, address: null });
    });
  });

  it('protects a whole household with one protected person, in another district too', async () => {
    const p = person();
    const other = person();
    await notify({ tenants: [tenant(p)], protectedIdentity: true });
    const annan = await t.auth('coordinator', 'ANNAN');
    const household = await notify(
      {
        district: 'ANNAN',
        tenants: [tenant(other, 'Sambo Person'), tenant(p)],
        protectedIdentity: false,
        address: address('Annangatan 3'),
      },
      annan,
    );
    expect(await listItem(household.caseId, annan)).toMatchObject({ protectedIdentity: true, address: null });
  });

  it('protects the person’s earlier cases, closed ones too, when a later notice says so', async () => {
    const p = person();
    const before = (await notify({ tenants: [tenant(p)], protectedIdentity: false })).caseId;
    await close(before);
    expect(await flagOf(before)).toBe(false);
    const after = (await notify({ tenants: [tenant(p)], protectedIdentity: true })).caseId;
    expect(await flagOf(after)).toBe(true);
    expect(await flagOf(before)).toBe(true);
    expect(await listItem(before)).toMatchObject({ protectedIdentity: true, address: null });
  });

  describe('the coordinator’s action', () => {
    it('sets protection on every case of the case’s persons, and the next notice stays protected', async () => {
      const p = person();
      const earlier = (await notify({ tenants: [tenant(p)] })).caseId;
      await close(earlier);
      const current = (await notify({ tenants: [tenant(p)] })).caseId;
      const res = await setProtection(current, { protected: true, reason: 'Skyddade personuppgifter enligt Skatteverket' }).expect(200);
      expect(res.body).toMatchObject({ caseId: current, protectedIdentity: true });
      expect(await flagOf(current)).toBe(true);
      expect(await flagOf(earlier)).toBe(true);
      await close(current);
      const next = (await notify({ tenants: [tenant(p)], protectedIdentity: false })).caseId;
      expect(await flagOf(next)).toBe(true);
    });

    it('lifts protection only with a stated reason, audited, on every case of the persons', async () => {
      const p = person();
      const earlier = (await notify({ tenants: [tenant(p)], protectedIdentity: true })).caseId;
      await close(earlier);
      const current = (await notify({ tenants: [tenant(p)] })).caseId;
      expect(await flagOf(current)).toBe(true);

      const missing = await setProtection(current, { protected: false }).expect(400);
      expect(missing.body.errors.map((e: { field: string }) => e.field)).toContain('reason');
      await setProtection(current, { protected: false, reason: '  ' }).expect(400);
      expect(await flagOf(current)).toBe(true);

      const res = await setProtection(current, { protected: false, reason: 'Sekretessmarkeringen upphävd' }).expect(200);
      expect(res.body).toMatchObject({ caseId: current, protectedIdentity: false });
      expect(await flagOf(current)).toBe(false);
      expect(await flagOf(earlier)).toBe(false);
      expect(await listItem(current)).toMatchObject({
        protectedIdentity: false,
        address: expect.objectContaining({ street: 'Exempelgatan 1' }),
      });

      const [entry] = await t.dataSource.query(
        `SELECT reason, case_ids FROM audit_log WHERE entity_type = 'protected_identity' AND $1 = ANY(case_ids) ORDER BY id DESC LIMIT 1`,
        [current],
      );
      expect(entry.reason).toContain('Sekretessmarkeringen upphävd');
      expect(entry.case_ids).toEqual(expect.arrayContaining([current, earlier]));
      const detail = await t.http().get(`/api/v1/cases/${current}`).set('Authorization', coordinator).expect(200);
      expect(detail.body.timeline.map((e: { kind: string }) => e.kind)).toContain('protected_identity_lifted');
    });

    it('is the coordinator’s alone, and another district’s case is not found', async () => {
      const current = (await notify({ tenants: [tenant(person())] })).caseId;
      await setProtection(current, { protected: true, reason: 'x' }, await t.auth('unit_rep', 'TEST')).expect(403);
      await setProtection(current, { protected: true, reason: 'x' }, await t.auth('coordinator', 'ANNAN')).expect(404);
    });
  });

  it('removes the address from a frozen agenda when the case becomes protected', async () => {
    const p = person();
    const caseId = (await notify({ tenants: [tenant(p)], address: address('Frusna gatan 2') })).caseId;
    const meeting = await t
      .http()
      .post('/api/v1/meetings')
      .set('Authorization', coordinator)
      .send({ district: 'TEST', startsAt: `${addDays(today, 2)}T09:00:00+01:00` })
      .expect(201);
    await t.http().post(`/api/v1/meetings/${meeting.body.id}/start`).set('Authorization', coordinator).expect(200);
    await setProtection(caseId, { protected: true, reason: 'Skyddade personuppgifter' }).expect(200);
    const agenda = await t.http().get(`/api/v1/meetings/${meeting.body.id}/agenda`).set('Authorization', coordinator).expect(200);
    expect(JSON.stringify(agenda.body)).not.toContain('Frusna gatan');
    const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM agenda_item WHERE item::text LIKE '%Frusna gatan%'`);
    expect(n).toBe(0);
  });
});
