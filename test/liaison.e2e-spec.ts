import { addDays, previousTermCode, termOf, todayInStockholm } from '@bosam/calendar';
import { createTestApp, TestApp } from './support/app';
import { notificationBody, orgNumber, TEST_LANDLORD } from './support/factories';
import { DistrictFixture, newDistrict, newNextStep } from './support/meeting-factories';

/**
 * Liaison sessions (hyresvärdsmöten) and their landlord-facing agenda: the general part in counts
 * (1–4 as "<5"), and only the cases with a consent for that landlord valid on the session date, with
 * only the consented categories; never a protected identity, an identity number or a unit.
 */

const today = todayInStockholm();
const OTHER_LANDLORD = { orgNumber: orgNumber(654322), name: 'Grannbostäder AB', municipal: true };
const NOT_INVITED = { orgNumber: orgNumber(654323), name: 'Privatvärd AB', municipal: false };
const ALL = ['arrears_status', 'repayment_plan', 'social_services_contact', 'support_measures', 'household'];

describe('liaison sessions', () => {
  let t: TestApp;
  let d: DistrictFixture;
  let sessionId: string;
  const personnummer: string[] = [];
  const cases: Record<string, string> = {};

  /** A case through the intake API (so it has its landlord), received today. */
  async function newCase(name: string, overrides: Record<string, unknown> = {}): Promise<string> {
    const body = notificationBody({
      district: 'LIA',
      receivedOn: today,
      tenantServedOn: addDays(today, -2),
      boardNotifiedOn: addDays(today, -1),
      ...overrides,
    });
    const tenants = body.tenants as Array<{ personnummer: string; name: string }>;
    tenants[0].name = name;
    personnummer.push(tenants[0].personnummer);
    const res = await t.http().post('/api/v1/notifications').set('Authorization', d.coordinator).send(body).expect(201);
    return res.body.caseId;
  }
  const consent = (caseId: string, body: Record<string, unknown>) =>
    t
      .http()
      .post(`/api/v1/cases/${caseId}/consents`)
      .set('Authorization', d.coordinator)
      .send({
        landlordOrgNumber: TEST_LANDLORD.orgNumber,
        categories: ALL,
        givenOn: addDays(today, -10),
        form: 'written',
        documentedBy: 'Handläggare',
        ...body,
      })
      .expect(201);
  const agenda = (id: string, landlord: string, auth = d.coordinator) =>
    t
      .http()
      .get(`/api/v1/liaison-sessions/${id}/agenda?landlord=${encodeURIComponent(landlord)}`)
      .set('Authorization', auth);

  beforeAll(async () => {
    t = await createTestApp();
    d = await newDistrict(t, 'LIA', ['EKB', 'VUX']);
    await newDistrict(t, 'OTL', ['EKB']);
    const admin = await t.auth('admin', 'LIA');
    for (const landlord of [TEST_LANDLORD, OTHER_LANDLORD, NOT_INVITED]) {
      await t.http().post('/api/v1/landlords').set('Authorization', admin).send(landlord).expect(201);
    }
    // Consented: arrears and household only; all categories, with contact, support and units; and an exchange about a repayment plan.
    cases.partial = await newCase('Anna Delvis', { childrenInHousehold: 2, arrearsSek: 8000.5, monthsInArrears: 2 });
    await consent(cases.partial, { categories: ['household', 'arrears_status'] });
    cases.full = await newCase('Bo Fullständig', {
      childrenInHousehold: 0,
      address: { street: 'Storgatan 2', postalCode: '123 45', city: 'Stockholm', apartment: '1001' },
    });
    await consent(cases.full, {});
    await t
      .http()
      .put(`/api/v1/cases/${cases.full}/units`)
      .set('Authorization', d.coordinator)
      .send({ units: ['EKB', 'VUX'] })
      .expect(200);
    await t
      .http()
      .post(`/api/v1/cases/${cases.full}/contacts`)
      .set('Authorization', d.coordinator)
      .send({ on: today, channel: 'phone', reached: false })
      .expect(201);
    await t
      .http()
      .post(`/api/v1/cases/${cases.full}/contacts`)
      .set('Authorization', d.coordinator)
      .send({ on: today, channel: 'home_visit', reached: true })
      .expect(201);
    await newNextStep(t, d, cases.full, { unit: 'VUX', dueOn: addDays(today, 7) });
    await newNextStep(t, d, cases.full, { unit: 'EKB', dueOn: addDays(today, 7), status: 'done' });
    await t
      .http()
      .post('/api/v1/landlord-exchanges')
      .set('Authorization', d.coordinator)
      .send({
        caseId: cases.full,
        landlordOrgNumber: TEST_LANDLORD.orgNumber,
        on: addDays(today, -2),
        direction: 'from_landlord',
        categories: ['repayment_plan'],
        summary: 'Avbetalningsplan diskuterad.',
      })
      .expect(201);
    // Never shown: protected identity (even with consent), no consent, another landlord's consent, withdrawn, expired, not yet valid.
    cases.protected = await newCase('Hemlig Person', {
      protectedIdentity: true,
      address: { street: 'Skyddad väg 9', postalCode: '123 45', city: 'Stockholm', apartment: '9' },
    });
    await consent(cases.protected, {});
    cases.none = await newCase('Utan Samtycke');
    cases.otherLandlord = await newCase('Annan Värd');
    await consent(cases.otherLandlord, { landlordOrgNumber: OTHER_LANDLORD.orgNumber });
    cases.withdrawn = await newCase('Återkallad Samtycke');
    const withdrawn = await consent(cases.withdrawn, {});
    await t
      .http()
      .post(`/api/v1/consents/${withdrawn.body.id}/withdraw`)
      .set('Authorization', d.coordinator)
      .send({ on: today })
      .expect(200);
    cases.expired = await newCase('Utgånget Samtycke');
    await consent(cases.expired, { givenOn: addDays(today, -30), validUntil: addDays(today, -1) });
    cases.future = await newCase('Framtida Samtycke');
    await consent(cases.future, { givenOn: addDays(today, 1) });
    // One disturbance notice this term: a count of 1 that the agenda must show as "<5".
    await newCase('Störning Person', {
      source: 'landlord_disturbance',
      arrearsSek: 0,
      monthsInArrears: null,
      tenantServedOn: null,
      boardNotifiedOn: null,
    });

    const session = await t
      .http()
      .post('/api/v1/liaison-sessions')
      .set('Authorization', d.coordinator)
      .send({ district: 'LIA', on: today, landlordOrgNumbers: [TEST_LANDLORD.orgNumber, OTHER_LANDLORD.orgNumber.replace('-', '')] })
      .expect(201);
    sessionId = session.body.id;
  });
  afterAll(() => t.close());

  describe('planning', () => {
    it('answers 201 with the session and its landlords, and lists the district’s sessions', async () => {
      const list = await t.http().get('/api/v1/liaison-sessions').set('Authorization', d.coordinator).expect(200);
      expect(list.body).toEqual([
        {
          id: sessionId,
          district: 'LIA',
          on: today,
          status: 'planned',
          cancelReason: null,
          landlords: [
            { id: expect.any(String), orgNumber: OTHER_LANDLORD.orgNumber, name: OTHER_LANDLORD.name, attendees: null },
            { id: expect.any(String), orgNumber: TEST_LANDLORD.orgNumber, name: TEST_LANDLORD.name, attendees: null },
          ],
        },
      ]);
      expect(
        (
          await t
            .http()
            .get('/api/v1/liaison-sessions?district=LIA')
            .set('Authorization', await t.auth('unit_rep', 'LIA', 'EKB'))
            .expect(200)
        ).body,
      ).toHaveLength(1);
      expect(
        (
          await t
            .http()
            .get('/api/v1/liaison-sessions')
            .set('Authorization', await t.auth('coordinator', 'OTL'))
            .expect(200)
        ).body,
      ).toEqual([]);
      expect(
        (
          await t
            .http()
            .get('/api/v1/liaison-sessions?district=LIA')
            .set('Authorization', await t.auth('coordinator', 'OTL'))
        ).status,
      ).toBe(404);
    });

    it('answers 400 naming the field for no landlords or an unregistered one, 404 for another district, 403 for other roles', async () => {
      const post = (body: Record<string, unknown>, auth = d.coordinator) =>
        t
          .http()
          .post('/api/v1/liaison-sessions')
          .set('Authorization', auth)
          .send({ district: 'LIA', on: today, landlordOrgNumbers: [TEST_LANDLORD.orgNumber], ...body });
      const bad: Array<[Record<string, unknown>, string]> = [
        [{ landlordOrgNumbers: [] }, 'landlordOrgNumbers'],
        [{ landlordOrgNumbers: [TEST_LANDLORD.orgNumber, orgNumber(999999)] }, 'landlordOrgNumbers[1]'],
        [{ landlordOrgNumbers: ['556677-8890'] }, 'landlordOrgNumbers'],
        [{ on: '2026-13-01' }, 'on'],
      ];
      for (const [body, field] of bad) {
        const res = await post(body);
        expect([field, res.status, res.body.errors?.[0]?.field]).toEqual([field, 400, field]);
      }
      expect((await post({ district: 'OTL' })).status).toBe(404);
      expect((await post({}, await t.auth('unit_rep', 'LIA', 'EKB'))).status).toBe(403);
    });
  });

  describe('the landlord agenda', () => {
    let body: Record<string, any>;

    beforeAll(async () => {
      body = (await agenda(sessionId, TEST_LANDLORD.orgNumber).expect(200)).body;
    });

    it('shows only the cases with a consent for this landlord valid on the session date, never a protected identity', () => {
      expect(body).toMatchObject({ sessionId, on: today, landlord: { orgNumber: TEST_LANDLORD.orgNumber, name: TEST_LANDLORD.name } });
      expect(body.cases.map((c: { caseId: string }) => c.caseId).sort()).toEqual([cases.partial, cases.full].sort());
    });

    it('shows only the consented categories, from the data Bosam has', () => {
      const partial = body.cases.find((c: { caseId: string }) => c.caseId === cases.partial);
      expect(partial).toEqual({
        number: expect.any(Number),
        caseId: cases.partial,
        tenantNames: ['Anna Delvis'],
        address: { street: 'Exempelgatan 1', postalCode: '123 45', city: 'Stockholm', apartment: '1102' },
        consentedCategories: ['arrears_status', 'household'],
        categories: {
          arrears_status: {
            arrearsSek: 8000.5,
            monthsInArrears: 2,
            deadlines: [expect.objectContaining({ kind: 'recovery_window', estimated: false, rule: expect.any(String) })],
          },
          household: { childrenInHousehold: 2 },
        },
      });
      const full = body.cases.find((c: { caseId: string }) => c.caseId === cases.full);
      expect(full.consentedCategories).toEqual(ALL);
      expect(full.categories).toMatchObject({
        repayment_plan: { recorded: false, lastExchangeOn: addDays(today, -2) },
        social_services_contact: { established: true, since: today },
        support_measures: { inPlace: true, openNextSteps: 1 },
        household: { childrenInHousehold: 0 },
      });
    });

    it('never carries identity numbers, units or the excluded households', () => {
      const text = JSON.stringify(body);
      for (const number of personnummer) {
        expect(text).not.toContain(number.slice(2, 8));
        expect(text).not.toContain(number.slice(8));
      }
      for (const word of [
        'EKB',
        'VUX',
        'Enhet',
        'Hemlig',
        'Skyddad',
        'Utan Samtycke',
        'Annan Värd',
        'Återkallad',
        'Utgånget',
        'Framtida',
        'Avbetalningsplan',
      ]) {
        expect([word, text.includes(word)]).toEqual([word, false]);
      }
    });

    it('gives the general part in counts, 1–4 shown as "<5"', () => {
      expect(body.general).toEqual({
        term: termOf(today),
        previousTerm: previousTermCode(termOf(today)),
        openCases: '9',
        householdsWithChildren: '8',
        noticesThisTerm: '9',
        noticesThisTermBySource: {
          landlord_arrears: '8',
          landlord_disturbance: '<5',
          enforcement_application: '0',
          enforcement_eviction_date: '0',
          other: '0',
        },
        noticesPreviousTerm: '0',
        noticesPreviousTermBySource: {
          landlord_arrears: '0',
          landlord_disturbance: '0',
          enforcement_application: '0',
          enforcement_eviction_date: '0',
          other: '0',
        },
        evictionsThisTerm: '0',
        evictionsPreviousTerm: '0',
      });
    });

    it('shows another landlord of the session only its own consented cases', async () => {
      const other = (await agenda(sessionId, OTHER_LANDLORD.orgNumber).expect(200)).body;
      expect(other.cases).toEqual([]);
      // Its notices were all sent by the test landlord: nothing to count.
      expect(other.general.openCases).toBe('0');
    });

    it('audits the read as an export naming the cases shown', async () => {
      const rows = await t.dataSource.query(
        `SELECT action, case_ids, entity_ids FROM audit_log WHERE entity_type = 'liaison_agenda' AND $1 = ANY(entity_ids) ORDER BY id LIMIT 1`,
        [sessionId],
      );
      expect(rows).toHaveLength(1);
      expect(rows[0].action).toBe('export');
      expect([...rows[0].case_ids].sort()).toEqual([cases.partial, cases.full].sort());
    });

    it('answers 404 for a landlord not in the session or another district, 400 for a bad landlord, 403 for other roles', async () => {
      expect((await agenda(sessionId, NOT_INVITED.orgNumber)).status).toBe(404);
      expect((await agenda(sessionId, TEST_LANDLORD.orgNumber, await t.auth('coordinator', 'OTL'))).status).toBe(404);
      const bad = await agenda(sessionId, 'nope');
      expect([bad.status, bad.body.errors?.[0]?.field]).toEqual([400, 'landlord']);
      const none = await t.http().get(`/api/v1/liaison-sessions/${sessionId}/agenda`).set('Authorization', d.coordinator);
      expect([none.status, none.body.errors?.[0]?.field]).toEqual([400, 'landlord']);
      for (const role of ['unit_rep', 'admin', 'evaluator', 'auditor'] as const) {
        expect([role, (await agenda(sessionId, TEST_LANDLORD.orgNumber, await t.auth(role, 'LIA'))).status]).toEqual([role, 403]);
      }
    });

    it('follows the session date: a consent withdrawn later still shows a session before the withdrawal', async () => {
      const earlier = await t
        .http()
        .post('/api/v1/liaison-sessions')
        .set('Authorization', d.coordinator)
        .send({ district: 'LIA', on: addDays(today, -1), landlordOrgNumbers: [TEST_LANDLORD.orgNumber] })
        .expect(201);
      const res = (await agenda(earlier.body.id, TEST_LANDLORD.orgNumber).expect(200)).body;
      expect(res.cases.map((c: { caseId: string }) => c.caseId).sort()).toEqual(
        [cases.partial, cases.full, cases.withdrawn, cases.expired].sort(),
      );
    });
  });
});
