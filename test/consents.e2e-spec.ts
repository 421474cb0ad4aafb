import { addDays, todayInStockholm } from '@bosam/calendar';
import { ConsentsService, CreateConsentDto } from '@bosam/landlords';
import { createTestApp, TestApp } from './support/app';
import { notificationBody, orgNumber, TEST_LANDLORD } from './support/factories';
import { DistrictFixture, newDistrict } from './support/meeting-factories';

/**
 * Consents (BOSAM.md, "Landlords and consent"): recorded per landlord and categories, valid from givenOn
 * through validUntil, withdrawn with effect at once; an exchange with a landlord is recorded only when
 * consents cover the landlord and every category on its date, else 403 CONSENT_MISSING saying what is missing.
 */

const today = todayInStockholm();
const OTHER_LANDLORD = { orgNumber: orgNumber(654321), name: 'Andra Bostäder AB', municipal: true };

describe('consents and exchanges', () => {
  let t: TestApp;
  let d: DistrictFixture;
  let rep: string;

  const newCaseId = async (): Promise<string> => {
    const res = await t
      .http()
      .post('/api/v1/notifications')
      .set('Authorization', d.coordinator)
      .send(notificationBody({ district: 'CNS' }))
      .expect(201);
    return res.body.caseId;
  };
  const consentBody = (overrides: Record<string, unknown> = {}) => ({
    landlordOrgNumber: TEST_LANDLORD.orgNumber,
    categories: ['arrears_status', 'social_services_contact'],
    givenOn: addDays(today, -10),
    validUntil: addDays(today, 30),
    form: 'written',
    documentedBy: 'Anna Andersson, journalanteckning',
    ...overrides,
  });
  const giveConsent = (caseId: string, overrides: Record<string, unknown> = {}, auth = d.coordinator) =>
    t.http().post(`/api/v1/cases/${caseId}/consents`).set('Authorization', auth).send(consentBody(overrides));
  const exchangeBody = (caseId: string, overrides: Record<string, unknown> = {}) => ({
    caseId,
    landlordOrgNumber: TEST_LANDLORD.orgNumber,
    on: today,
    direction: 'to_landlord',
    categories: ['arrears_status'],
    summary: 'Informerade om att kontakt är etablerad.',
    ...overrides,
  });
  const exchange = (caseId: string, overrides: Record<string, unknown> = {}, auth = d.coordinator) =>
    t.http().post('/api/v1/landlord-exchanges').set('Authorization', auth).send(exchangeBody(caseId, overrides));
  const detail = async (caseId: string) =>
    (await t.http().get(`/api/v1/cases/${caseId}`).set('Authorization', d.coordinator).expect(200)).body;

  beforeAll(async () => {
    t = await createTestApp();
    d = await newDistrict(t, 'CNS', ['EKB', 'VUX']);
    await newDistrict(t, 'OTH', ['EKB']);
    rep = await t.auth('unit_rep', 'CNS', 'EKB');
    const admin = await t.auth('admin', 'CNS');
    for (const landlord of [TEST_LANDLORD, OTHER_LANDLORD]) {
      await t.http().post('/api/v1/landlords').set('Authorization', admin).send(landlord).expect(201);
    }
  });
  afterAll(() => t.close());

  describe('recording a consent', () => {
    it('answers 201 with the consent and its status, and the case detail lists it the same way, with a timeline line', async () => {
      const caseId = await newCaseId();
      const res = await giveConsent(caseId).expect(201);
      expect(res.body).toEqual({
        id: expect.any(String),
        caseId,
        landlord: { orgNumber: TEST_LANDLORD.orgNumber, name: TEST_LANDLORD.name },
        categories: ['arrears_status', 'social_services_contact'],
        givenOn: addDays(today, -10),
        validUntil: addDays(today, 30),
        form: 'written',
        documentedBy: 'Anna Andersson, journalanteckning',
        withdrawnOn: null,
        status: 'valid',
      });
      const body = await detail(caseId);
      expect(body.consents).toEqual([res.body]);
      expect(body.timeline).toContainEqual(
        expect.objectContaining({
          kind: 'consent_given',
          data: expect.objectContaining({ consentId: res.body.id, landlordOrgNumber: TEST_LANDLORD.orgNumber }),
        }),
      );
      const [audit] = await t.dataSource.query(
        `SELECT action, case_ids FROM audit_log WHERE entity_type = 'consent' AND $1 = ANY(entity_ids)`,
        [res.body.id],
      );
      expect(audit).toEqual({ action: 'create', case_ids: [caseId] });
    });

    it('tells expired, not yet valid and open-ended consents apart', async () => {
      const caseId = await newCaseId();
      const expired = await giveConsent(caseId, { givenOn: addDays(today, -60), validUntil: addDays(today, -1) }).expect(201);
      const future = await giveConsent(caseId, { givenOn: addDays(today, 5), validUntil: null }).expect(201);
      const lastDay = await giveConsent(caseId, { givenOn: today, validUntil: today, form: 'oral' }).expect(201);
      const open = await giveConsent(caseId, { validUntil: undefined }).expect(201);
      expect([expired.body.status, future.body.status, lastDay.body.status, open.body.status]).toEqual([
        'expired',
        'not_yet_valid',
        'valid',
        'valid',
      ]);
      expect(open.body.validUntil).toBeNull();
      expect((await detail(caseId)).consents.map((c: { status: string }) => c.status).sort()).toEqual([
        'expired',
        'not_yet_valid',
        'valid',
        'valid',
      ]);
    });

    it('is open to unit reps (the unit meeting the client documents it), not to other roles', async () => {
      const caseId = await newCaseId();
      await giveConsent(caseId, {}, rep).expect(201);
      for (const role of ['admin', 'evaluator', 'auditor'] as const) {
        const res = await giveConsent(caseId, {}, await t.auth(role, 'CNS')).expect(403);
        expect(res.body.code).toBe('FORBIDDEN');
      }
    });

    it('answers 400 naming the field for an unregistered landlord, bad categories, dates or form', async () => {
      const caseId = await newCaseId();
      const cases: Array<[Record<string, unknown>, string]> = [
        [{ landlordOrgNumber: orgNumber(777777) }, 'landlordOrgNumber'],
        [{ landlordOrgNumber: '556677-8890' }, 'landlordOrgNumber'],
        [{ categories: [] }, 'categories'],
        [{ categories: ['arrears_status', 'arrears_status'] }, 'categories'],
        [{ categories: ['medical_records'] }, 'categories'],
        [{ givenOn: '2026-02-30' }, 'givenOn'],
        [{ validUntil: addDays(today, -11) }, 'validUntil'],
        [{ form: 'email' }, 'form'],
        [{ documentedBy: '   ' }, 'documentedBy'],
      ];
      for (const [overrides, field] of cases) {
        const res = await giveConsent(caseId, overrides);
        expect([JSON.stringify(overrides), res.status, res.body.errors?.map((e: { field: string }) => e.field)]).toEqual([
          JSON.stringify(overrides),
          400,
          [field],
        ]);
      }
      expect((await detail(caseId)).consents).toEqual([]);
    });

    it('refuses a closed case (409) and a case of another district (404)', async () => {
      const caseId = await newCaseId();
      await t
        .http()
        .post(`/api/v1/cases/${caseId}/close`)
        .set('Authorization', d.coordinator)
        .send({ on: today, outcome: 'lease_kept' })
        .expect(200);
      expect((await giveConsent(caseId)).status).toBe(409);
      const open = await newCaseId();
      const res = await giveConsent(open, {}, await t.auth('coordinator', 'OTH'));
      expect([res.status, res.body.code]).toEqual([404, 'NOT_FOUND']);
      expect((await detail(open)).consents).toEqual([]);
    });
    it('stores several consents of one form together or not at all (the web form ticks one per landlord)', async () => {
      const caseId = await newCaseId();
      const consents = t.app.get(ConsentsService);
      const actor = t.actor('coordinator', 'CNS');
      const base = consentBody() as unknown as CreateConsentDto;
      const unregistered = { ...base, landlordOrgNumber: orgNumber(777777) };
      await expect(consents.createEach(actor, caseId, [base, unregistered])).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
      expect((await detail(caseId)).consents).toEqual([]);
      const both = await consents.createEach(actor, caseId, [base, { ...base, landlordOrgNumber: OTHER_LANDLORD.orgNumber }]);
      expect(both.map((c) => c.landlord.name).sort()).toEqual([OTHER_LANDLORD.name, TEST_LANDLORD.name].sort());
      expect((await detail(caseId)).consents).toHaveLength(2);
    });
  });

  describe('withdrawing a consent', () => {
    it('takes effect at once, lands on the timeline, and a second withdrawal is a conflict', async () => {
      const caseId = await newCaseId();
      const consent = await giveConsent(caseId).expect(201);
      const res = await t
        .http()
        .post(`/api/v1/consents/${consent.body.id}/withdraw`)
        .set('Authorization', rep)
        .send({ on: today })
        .expect(200);
      expect(res.body).toMatchObject({ id: consent.body.id, withdrawnOn: today, status: 'withdrawn' });
      const again = await t
        .http()
        .post(`/api/v1/consents/${consent.body.id}/withdraw`)
        .set('Authorization', d.coordinator)
        .send({ on: today });
      expect([again.status, again.body.code]).toEqual([409, 'CONFLICT']);
      const body = await detail(caseId);
      expect(body.consents[0]).toMatchObject({ withdrawnOn: today, status: 'withdrawn' });
      expect(body.timeline).toContainEqual(
        expect.objectContaining({ kind: 'consent_withdrawn', data: { consentId: consent.body.id, on: today } }),
      );
      // From the day of the withdrawal on it covers nothing; the day before it still did.
      const refused = await exchange(caseId).expect(403);
      expect(refused.body).toMatchObject({ code: 'CONSENT_MISSING', reason: 'consent_withdrawn', missing: ['arrears_status'] });
      await exchange(caseId, { on: addDays(today, -1) }).expect(201);
    });

    it('answers 400 for a day before the consent was given or in the future, 404 for another district or no consent', async () => {
      const caseId = await newCaseId();
      const consent = await giveConsent(caseId).expect(201);
      const withdraw = (body: unknown, auth = d.coordinator, id = consent.body.id) =>
        t
          .http()
          .post(`/api/v1/consents/${id}/withdraw`)
          .set('Authorization', auth)
          .send(body as object);
      for (const on of [addDays(today, -11), addDays(today, 1), 'tomorrow']) {
        const res = await withdraw({ on });
        expect([on, res.status, res.body.errors?.[0]?.field]).toEqual([on, 400, 'on']);
      }
      expect((await withdraw({ on: today }, await t.auth('coordinator', 'OTH'))).status).toBe(404);
      expect((await withdraw({ on: today }, d.coordinator, '00000000-0000-4000-8000-000000000000')).status).toBe(404);
      expect((await withdraw({ on: today }, await t.auth('evaluator', 'CNS'))).status).toBe(403);
      expect((await detail(caseId)).consents[0].withdrawnOn).toBeNull();
    });

    it('lets a consent that is not valid yet be withdrawn on its first day', async () => {
      const caseId = await newCaseId();
      const consent = await giveConsent(caseId, { givenOn: addDays(today, 3), validUntil: null }).expect(201);
      const res = await t
        .http()
        .post(`/api/v1/consents/${consent.body.id}/withdraw`)
        .set('Authorization', d.coordinator)
        .send({ on: addDays(today, 3) })
        .expect(200);
      expect(res.body.withdrawnOn).toBe(addDays(today, 3));
      expect(res.body.status).toBe('withdrawn');
      expect((await detail(caseId)).consents[0].status).toBe('withdrawn');
    });
  });

  describe('exchanges with landlords', () => {
    let caseId: string;
    let consentId: string;

    beforeAll(async () => {
      caseId = await newCaseId();
      consentId = (await giveConsent(caseId).expect(201)).body.id;
    });

    const denials = async (): Promise<Array<{ reason: string; case_ids: string[] }>> =>
      t.dataSource.query(
        `SELECT reason, case_ids FROM audit_log WHERE action = 'deny' AND entity_type = 'landlord_exchange' AND $1 = ANY(case_ids) ORDER BY id`,
        [caseId],
      );
    const stored = async (): Promise<number> =>
      (await t.dataSource.query('SELECT count(*)::int AS n FROM landlord_exchange WHERE case_id = $1', [caseId]))[0].n;

    it('records a covered exchange (201), with the consents that covered it, on the timeline and audited', async () => {
      const res = await exchange(
        caseId,
        { categories: ['social_services_contact', 'arrears_status'], direction: 'from_landlord' },
        rep,
      ).expect(201);
      expect(res.body).toEqual({
        id: expect.any(String),
        caseId,
        landlord: { orgNumber: TEST_LANDLORD.orgNumber, name: TEST_LANDLORD.name },
        on: today,
        direction: 'from_landlord',
        categories: ['arrears_status', 'social_services_contact'],
        summary: 'Informerade om att kontakt är etablerad.',
        sessionId: null,
        consentIds: [consentId],
        who: 'Test unit_rep',
      });
      const body = await detail(caseId);
      // The case answers the person's right to know who received their data (GDPR art. 15.1 c).
      expect(body.exchanges).toEqual([
        {
          id: res.body.id,
          on: today,
          landlord: { orgNumber: TEST_LANDLORD.orgNumber, name: TEST_LANDLORD.name },
          direction: 'from_landlord',
          categories: ['arrears_status', 'social_services_contact'],
          consentIds: [consentId],
          sessionId: null,
          summary: 'Informerade om att kontakt är etablerad.',
          who: 'Test unit_rep',
        },
      ]);
      const event = body.timeline.find((e: { kind: string }) => e.kind === 'landlord_exchange');
      expect(event.data).toMatchObject({
        exchangeId: res.body.id,
        direction: 'from_landlord',
        categories: ['arrears_status', 'social_services_contact'],
      });
      expect(JSON.stringify(event.data)).not.toContain('Informerade');
      const [audit] = await t.dataSource.query(
        `SELECT action, case_ids FROM audit_log WHERE entity_type = 'landlord_exchange' AND $1 = ANY(entity_ids)`,
        [res.body.id],
      );
      expect(audit).toEqual({ action: 'create', case_ids: [caseId] });
    });

    it('refuses with 403 CONSENT_MISSING for each missing piece, says what is missing, stores nothing and audits the refusal', async () => {
      const before = await stored();
      const deniedBefore = (await denials()).length;
      const refusals: Array<[Record<string, unknown>, string, string[]]> = [
        [{ landlordOrgNumber: OTHER_LANDLORD.orgNumber }, 'no_consent_for_landlord', ['arrears_status']],
        [{ categories: ['arrears_status', 'repayment_plan'] }, 'categories_not_covered', ['repayment_plan']],
        [{ categories: ['household', 'support_measures', 'arrears_status'] }, 'categories_not_covered', ['support_measures', 'household']],
        [{ on: addDays(today, -11) }, 'consent_not_yet_valid', ['arrears_status']],
      ];
      for (const [overrides, reason, missing] of refusals) {
        const res = await exchange(caseId, overrides);
        expect([reason, res.status, res.body.code, res.body.reason, res.body.missing]).toEqual([
          reason,
          403,
          'CONSENT_MISSING',
          reason,
          missing,
        ]);
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
        for (const category of missing) expect(res.body.detail).toContain(category);
      }
      expect(await stored()).toBe(before);
      const denied = (await denials()).slice(deniedBefore);
      expect(denied.map((e) => e.reason)).toEqual([
        'CONSENT_MISSING no_consent_for_landlord: arrears_status',
        'CONSENT_MISSING categories_not_covered: repayment_plan',
        'CONSENT_MISSING categories_not_covered: support_measures,household',
        'CONSENT_MISSING consent_not_yet_valid: arrears_status',
      ]);
      expect(denied.every((e) => e.case_ids[0] === caseId)).toBe(true);
    });

    it('refuses an exchange after the consent expired', async () => {
      const expiredCase = await newCaseId();
      await giveConsent(expiredCase, { givenOn: addDays(today, -60), validUntil: addDays(today, -5) }).expect(201);
      const res = await exchange(expiredCase).expect(403);
      expect(res.body).toMatchObject({ reason: 'consent_expired', missing: ['arrears_status'] });
      expect(res.body.detail).toContain(addDays(today, -5));
      await exchange(expiredCase, { on: addDays(today, -5) }).expect(201);
    });

    it('answers 400 naming the field for a long summary, a day in the future or an unregistered landlord; 404 for another district', async () => {
      const cases: Array<[Record<string, unknown>, string]> = [
        [{ summary: 'x'.repeat(2001) }, 'summary'],
        [{ summary: ' ' }, 'summary'],
        [{ on: addDays(today, 1) }, 'on'],
        [{ direction: 'sideways' }, 'direction'],
        [{ categories: [] }, 'categories'],
        [{ landlordOrgNumber: orgNumber(777778) }, 'landlordOrgNumber'],
        [{ caseId: 'nope' }, 'caseId'],
      ];
      for (const [overrides, field] of cases) {
        const res = await exchange(caseId, overrides);
        expect([field, res.status, res.body.errors?.map((e: { field: string }) => e.field)]).toEqual([field, 400, [field]]);
      }
      const other = await exchange(caseId, {}, await t.auth('coordinator', 'OTH'));
      expect([other.status, other.body.code]).toEqual([404, 'NOT_FOUND']);
      for (const role of ['admin', 'evaluator', 'auditor'] as const)
        expect((await exchange(caseId, {}, await t.auth(role, 'CNS'))).status).toBe(403);
    });

    it('records an exchange on a closed case while the consent covers it', async () => {
      const closed = await newCaseId();
      await giveConsent(closed).expect(201);
      await t
        .http()
        .post(`/api/v1/cases/${closed}/close`)
        .set('Authorization', d.coordinator)
        .send({ on: today, outcome: 'agreement' })
        .expect(200);
      await exchange(closed).expect(201);
    });

    it('links an exchange to a liaison session of the landlord, and refuses a session without that landlord', async () => {
      const session = await t
        .http()
        .post('/api/v1/liaison-sessions')
        .set('Authorization', d.coordinator)
        .send({ district: 'CNS', on: today, landlordOrgNumbers: [TEST_LANDLORD.orgNumber] })
        .expect(201);
      const linked = await exchange(caseId, { sessionId: session.body.id }).expect(201);
      expect(linked.body.sessionId).toBe(session.body.id);
      const otherSession = await t
        .http()
        .post('/api/v1/liaison-sessions')
        .set('Authorization', d.coordinator)
        .send({ district: 'CNS', on: today, landlordOrgNumbers: [OTHER_LANDLORD.orgNumber] })
        .expect(201);
      const res = await exchange(caseId, { sessionId: otherSession.body.id });
      expect([res.status, res.body.errors?.[0]?.field]).toEqual([400, 'sessionId']);
      expect((await exchange(caseId, { sessionId: '00000000-0000-4000-8000-000000000000' })).status).toBe(404);
    });
  });
});
