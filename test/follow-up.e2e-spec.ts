import { addDays, todayInStockholm } from '@bosam/calendar';
import { withLuhnDigit } from '@bosam/identity';
import { createTestApp, TestApp } from './support/app';
import { postNotification, setupDistrict, shortForm, TEST_LANDLORD, testPersonnummer } from './support/factories';

/**
 * Following a case between meetings (issue: debts, disturbances, corrections, households, search,
 * contacts, closing and reopening): each change on the case's timeline and in the audit log, and the
 * agenda's and the evaluation's figures moving with them.
 */

const D = 'FUP';
const today = todayInStockholm();
type Item = { caseId: string; reasons?: Array<string | { code: string }>; reasonCodes?: string[] };
type Section = { kind: string; items: Item[] };

describe('following a case', () => {
  let t: TestApp;
  let coordinator: string;
  let rep: string;
  let seq = 0;

  beforeAll(async () => {
    t = await createTestApp();
    await setupDistrict(t, D, ['EKB', 'VUX']);
    await setupDistrict(t, 'FUO', ['EKB']);
    coordinator = await t.auth('coordinator', D);
    rep = await t.auth('unit_rep', D, 'EKB');
  });
  afterAll(() => t.close());

  const api = (method: 'get' | 'post' | 'put' | 'patch', path: string, auth = coordinator) =>
    t.http()[method](`/api/v1${path}`).set('Authorization', auth);
  const detail = async (caseId: string) => (await api('get', `/cases/${caseId}`).expect(200)).body;
  const kinds = async (caseId: string) => (await detail(caseId)).timeline.map((e: { kind: string }) => e.kind);
  /** A fresh household's case: seeds below 100 000 are this file's own (factories draw from 100 000 up). */
  async function newCase(
    overrides: Record<string, unknown> = {},
    n = (seq += 1),
  ): Promise<{ caseId: string; notificationId: string; pnr: string }> {
    const pnr = testPersonnummer(40_000 + n);
    const res = await postNotification(t, {
      district: D,
      tenants: [{ personnummer: pnr, name: `Person ${n}` }],
      address: { street: `Gatan ${n}`, postalCode: '123 45', city: 'Stockholm', apartment: `${1000 + n}` },
      ...overrides,
    });
    if (res.status !== 201) throw new Error(`${res.status} ${res.text}`);
    return { caseId: res.body.caseId, notificationId: res.body.id, pnr };
  }
  /** The same-transaction audit entry of a change (xmin of the written row = the transaction that appended the entry). */
  async function expectAuditedWith(table: string, id: string, entityType: string, caseId: string) {
    const [row] = await t.dataSource.query(`SELECT xmin::text AS xid FROM ${table} WHERE id = $1`, [id]);
    const entries = await t.dataSource.query(
      'SELECT (transaction_id % 4294967296)::text AS xid, case_ids FROM audit_log WHERE entity_type = $1 AND $2 = ANY(entity_ids)',
      [entityType, id],
    );
    expect(entries.map((e: { xid: string }) => e.xid)).toContain(row.xid);
    expect(entries.flatMap((e: { case_ids: string[] }) => e.case_ids)).toContain(caseId);
  }
  /** Where each case sits on a fresh meeting's agenda, and why (the codes, whatever the item's shape). */
  async function agenda(startsOn = addDays(today, 1)): Promise<Map<string, { section: string; codes: string[] }>> {
    const meeting = await api('post', '/meetings')
      .send({ district: D, startsAt: `${startsOn}T09:00:00+01:00` })
      .expect(201);
    const res = await api('get', `/meetings/${meeting.body.id}/agenda`).expect(200);
    const where = new Map<string, { section: string; codes: string[] }>();
    for (const section of res.body.sections as Section[]) {
      for (const item of section.items) {
        const codes = item.reasonCodes ?? (item.reasons ?? []).map((r) => (typeof r === 'string' ? r : r.code));
        const seen = where.get(item.caseId);
        where.set(item.caseId, { section: seen?.section ?? section.kind, codes: [...(seen?.codes ?? []), ...codes] });
      }
    }
    return where;
  }
  const term = today < `${today.slice(0, 4)}-07-01` ? `${today.slice(0, 4)}-VT` : `${today.slice(0, 4)}-HT`;
  const indicators = async () => (await api('get', `/districts/${D}/terms/${term}/indicators`).expect(200)).body.indicators;

  describe('1. debt follow-up', () => {
    it('a recorded balance is the case’s arrears, on the timeline and in the audit log (one transaction)', async () => {
      const { caseId } = await newCase({ arrearsSek: 12000 });
      const res = await api('post', `/cases/${caseId}/balances`)
        .send({ on: today, arrearsSek: 4500.5, source: 'financial_aid' })
        .expect(201);
      expect(res.body).toMatchObject({
        on: today,
        arrearsSek: 4500.5,
        source: 'financial_aid',
        caseState: { arrearsSek: 4500.5, arrearsOn: today, inFollowUp: true },
      });
      const c = await detail(caseId);
      expect(c).toMatchObject({
        arrearsSek: 4500.5,
        arrearsOn: today,
        inFollowUp: true,
        balances: [{ on: today, arrearsSek: 4500.5, source: 'financial_aid' }],
      });
      expect(c.timeline.find((e: { kind: string }) => e.kind === 'balance_recorded').data).toMatchObject({
        arrearsOre: 450050,
        source: 'financial_aid',
      });
      await expectAuditedWith('case_balance', res.body.id, 'case_balance', caseId);
    });

    it('a balance older than the latest notice does not replace its amount; a later notice replaces the balance', async () => {
      const { caseId, pnr } = await newCase({ arrearsSek: 12000, receivedOn: addDays(today, -3) });
      await api('post', `/cases/${caseId}/balances`)
        .send({ on: addDays(today, -3), arrearsSek: 9000, source: 'landlord' })
        .expect(201);
      expect((await detail(caseId)).arrearsSek).toBe(9000); // same day: the recorded balance wins
      await postNotification(t, {
        district: D,
        tenants: [{ personnummer: pnr, name: 'Ny' }],
        receivedOn: addDays(today, -1),
        arrearsSek: 15000,
      }).then((r) => expect(r.status).toBe(201));
      expect((await detail(caseId)).arrearsSek).toBe(15000);
      await api('post', `/cases/${caseId}/balances`)
        .send({ on: addDays(today, -2), arrearsSek: 100, source: 'client' })
        .expect(201);
      expect((await detail(caseId)).arrearsSek).toBe(15000);
    });

    it('a debt paid down to 0 with no disturbance leaves follow-up by itself, says so, and leaves the agenda and the remaining debt', async () => {
      const { caseId } = await newCase({ arrearsSek: 8000, childrenInHousehold: 0 });
      const before = await indicators();
      expect((await agenda()).get(caseId)).toBeDefined();
      const res = await api('post', `/cases/${caseId}/balances`).send({ on: today, arrearsSek: 0, source: 'landlord' }).expect(201);
      expect(res.body.caseState).toMatchObject({ arrearsSek: 0, inFollowUp: false });
      const c = await detail(caseId);
      expect(c.inFollowUp).toBe(false);
      expect(c.timeline.at(-1)).toMatchObject({ kind: 'follow_up_ended', data: { reason: 'debt_paid' } });
      const after = await indicators();
      expect(after.remainingDebtSek).toBe(before.remainingDebtSek - 8000);
      // Once its notice has been on a held agenda it is no longer new; with no debt it is not followed up either.
      const meeting = await api('post', '/meetings')
        .send({ district: D, startsAt: `${today}T08:00:00+01:00` })
        .expect(201);
      await api('post', `/meetings/${meeting.body.id}/start`).expect(200);
      const next = await agenda(addDays(today, 14));
      expect(next.get(caseId)?.section ?? 'none').not.toBe('follow_up');
      expect(next.get(caseId)?.codes ?? []).not.toContain('remaining_debt');
    });

    it('evaluation: the remaining debt is the sum of the latest balances of the open cases', async () => {
      const before = (await indicators()).remainingDebtSek;
      const { caseId } = await newCase({ arrearsSek: 10000 });
      expect((await indicators()).remainingDebtSek).toBe(before + 10000);
      await api('post', `/cases/${caseId}/balances`).send({ on: today, arrearsSek: 2500, source: 'landlord' }).expect(201);
      expect((await indicators()).remainingDebtSek).toBe(before + 2500);
    });

    it('a repayment plan is agreed, kept or broken; a broken plan is on the case and takes it up again', async () => {
      const { caseId } = await newCase({ arrearsSek: 6000 });
      const plan = await api('post', `/cases/${caseId}/repayment-plans`, rep)
        .send({ landlordOrgNumber: TEST_LANDLORD.orgNumber, monthlySek: 1500, firstDueOn: addDays(today, 10) })
        .expect(201);
      expect(plan.body).toMatchObject({
        caseId,
        status: 'active',
        statusOn: today,
        monthlySek: 1500,
        landlord: { orgNumber: TEST_LANDLORD.orgNumber, name: TEST_LANDLORD.name },
      });
      await expectAuditedWith('repayment_plan', plan.body.id, 'repayment_plan', caseId);
      const broken = await api('patch', `/repayment-plans/${plan.body.id}`).send({ status: 'broken', on: today }).expect(200);
      expect(broken.body).toMatchObject({ status: 'broken', statusOn: today });
      expect(await kinds(caseId)).toEqual(expect.arrayContaining(['repayment_plan_agreed', 'repayment_plan_broken']));
      const [row] = await t.dataSource.query('SELECT plan_broken_on::text FROM household_case WHERE id = $1', [caseId]);
      expect(row.plan_broken_on).toBe(today);
      // kept is final; broken may be taken up again
      await api('patch', `/repayment-plans/${plan.body.id}`).send({ status: 'broken', on: today }).expect(409);
      await api('patch', `/repayment-plans/${plan.body.id}`).send({ status: 'active', on: today }).expect(200);
      expect((await t.dataSource.query('SELECT plan_broken_on FROM household_case WHERE id = $1', [caseId]))[0].plan_broken_on).toBeNull();
      await api('patch', `/repayment-plans/${plan.body.id}`).send({ status: 'kept', on: today }).expect(200);
      await api('patch', `/repayment-plans/${plan.body.id}`).send({ status: 'active', on: today }).expect(409);
      await api('patch', `/repayment-plans/${plan.body.id}`)
        .send({ status: 'kept', on: addDays(today, 1) })
        .expect(400);
      expect((await detail(caseId)).repaymentPlans).toEqual([expect.objectContaining({ id: plan.body.id, status: 'kept' })]);
    });

    it('refuses a balance in the future, before the case opened, or on a closed case', async () => {
      const { caseId } = await newCase({ receivedOn: addDays(today, -3) });
      const future = await api('post', `/cases/${caseId}/balances`)
        .send({ on: addDays(today, 1), arrearsSek: 1, source: 'landlord' })
        .expect(400);
      expect(future.body.errors).toEqual([{ field: 'on', message: 'must not be in the future' }]);
      await api('post', `/cases/${caseId}/balances`)
        .send({ on: addDays(today, -10), arrearsSek: 1, source: 'landlord' })
        .expect(400);
      await api('post', `/cases/${caseId}/balances`).send({ on: today, arrearsSek: -5, source: 'landlord' }).expect(400);
      await api('post', `/cases/${caseId}/balances`).send({ on: today, arrearsSek: 5, source: 'bank' }).expect(400);
      await api('post', `/cases/${caseId}/close`).send({ on: today, outcome: 'moved' }).expect(200);
      await api('post', `/cases/${caseId}/balances`).send({ on: today, arrearsSek: 1, source: 'landlord' }).expect(409);
    });
  });

  describe('2. disturbances', () => {
    it('a report makes the disturbance ongoing, its end ends it, and with no debt the case leaves follow-up', async () => {
      const { caseId } = await newCase({ arrearsSek: 0 });
      expect((await detail(caseId)).ongoingDisturbance).toBe(false);
      const reported = await api('post', `/cases/${caseId}/disturbances`, rep)
        .send({ on: today, landlordOrgNumber: TEST_LANDLORD.orgNumber, category: 'oljud nattetid' })
        .expect(201);
      expect(reported.body).toMatchObject({
        kind: 'reported',
        category: 'oljud nattetid',
        caseState: { ongoingDisturbance: true, inFollowUp: true },
      });
      await expectAuditedWith('case_disturbance', reported.body.id, 'case_disturbance', caseId);
      expect((await agenda()).get(caseId)?.codes).toContain('ongoing_disturbance');
      const ended = await api('post', `/cases/${caseId}/disturbances-ended`).send({ on: today }).expect(201);
      expect(ended.body.caseState).toMatchObject({ ongoingDisturbance: false, inFollowUp: false });
      const c = await detail(caseId);
      expect(c.disturbances.map((d: { kind: string }) => d.kind)).toEqual(['reported', 'ended']);
      expect(c.timeline.slice(-2).map((e: { kind: string }) => e.kind)).toEqual(['disturbances_ended', 'follow_up_ended']);
      expect((await agenda()).get(caseId)?.codes ?? []).not.toContain('ongoing_disturbance');
      await api('post', `/cases/${caseId}/disturbances-ended`).send({ on: today }).expect(409);
    });

    it('a disturbance notice is a report: ended only by a later end, started again by a later notice', async () => {
      const { caseId, pnr } = await newCase({
        source: 'landlord_disturbance',
        arrearsSek: null,
        tenantServedOn: null,
        boardNotifiedOn: null,
        receivedOn: addDays(today, -5),
      });
      expect((await detail(caseId)).ongoingDisturbance).toBe(true);
      const early = await api('post', `/cases/${caseId}/disturbances-ended`)
        .send({ on: addDays(today, -6) })
        .expect(400);
      expect(early.body.errors[0].field).toBe('on');
      await api('post', `/cases/${caseId}/disturbances-ended`)
        .send({ on: addDays(today, -2) })
        .expect(201);
      expect((await detail(caseId)).ongoingDisturbance).toBe(false);
      // A notice from before the end, arriving late, does not start it again; a later one does.
      await postNotification(t, {
        district: D,
        source: 'landlord_disturbance',
        arrearsSek: null,
        tenantServedOn: null,
        boardNotifiedOn: null,
        receivedOn: addDays(today, -3),
        tenants: [{ personnummer: pnr, name: 'x' }],
      });
      expect((await detail(caseId)).ongoingDisturbance).toBe(false);
      await postNotification(t, {
        district: D,
        source: 'landlord_disturbance',
        arrearsSek: null,
        tenantServedOn: null,
        boardNotifiedOn: null,
        receivedOn: addDays(today, -1),
        tenants: [{ personnummer: pnr, name: 'x' }],
      });
      expect((await detail(caseId)).ongoingDisturbance).toBe(true);
    });
  });

  describe('3. correcting a notice', () => {
    it('shows one notice; an amendment keeps the history, recomputes the deadline and tells the timeline what changed', async () => {
      const received = addDays(today, -10);
      const { caseId, notificationId } = await newCase({
        receivedOn: received,
        tenantServedOn: null,
        boardNotifiedOn: addDays(today, -12),
      });
      const before = await api('get', `/notifications/${notificationId}`, rep).expect(200);
      expect(before.body).toMatchObject({
        id: notificationId,
        caseId,
        tenantServedOn: null,
        flags: ['tenant_served_on_missing'],
        amendments: [],
      });
      expect(before.body.deadlines).toEqual([
        expect.objectContaining({ kind: 'recovery_window', dueOn: addDays(today, 9), estimated: true, latestDueOn: null }),
      ]);
      // The service came after the notice: accepted in an amendment, and the window is then known.
      const served = addDays(today, -4);
      const res = await api('post', `/notifications/${notificationId}/amendments`)
        .send({ reason: 'Hyresvärden meddelade delgivningsdatum', changes: { tenantServedOn: served, arrearsSek: 9800 } })
        .expect(201);
      expect(res.body).toMatchObject({ tenantServedOn: served, arrearsSek: 9800, flags: [] });
      expect(res.body.deadlines).toEqual([
        expect.objectContaining({ kind: 'recovery_window', dueOn: expect.any(String), estimated: false, latestDueOn: null }),
      ]);
      expect(res.body.deadlines[0].dueOn >= addDays(served, 21)).toBe(true);
      expect(res.body.amendments).toEqual([
        expect.objectContaining({
          reason: 'Hyresvärden meddelade delgivningsdatum',
          changes: [
            { field: 'tenantServedOn', label: 'delgivningsdatum', from: null, to: served },
            { field: 'arrearsSek', label: 'skuld', from: '12345.5', to: '9800' },
          ],
        }),
      ]);
      const c = await detail(caseId);
      expect(c.arrearsSek).toBe(9800);
      expect(c.deadlines).toEqual([expect.objectContaining({ dueOn: res.body.deadlines[0].dueOn, estimated: false })]);
      expect(c.timeline.at(-1)).toMatchObject({
        kind: 'notification_amended',
        data: { notificationId, fields: ['tenantServedOn', 'arrearsSek'], text: 'Underrättelsen rättad: delgivningsdatum och skuld' },
      });
      const [amendment] = await t.dataSource.query('SELECT id FROM notification_amendment WHERE notification_id = $1', [notificationId]);
      await expectAuditedWith('notification_amendment', amendment.id, 'notification', caseId);
    });

    it('refuses what a notice cannot be, and amends nothing then', async () => {
      const { notificationId } = await newCase();
      const bad = await api('post', `/notifications/${notificationId}/amendments`)
        .send({ reason: 'x y z', changes: { boardNotifiedOn: today, receivedOn: addDays(today, -5) } })
        .expect(400);
      expect(bad.body.errors).toEqual([{ field: 'changes.boardNotifiedOn', message: 'must not be after receivedOn' }]);
      await api('post', `/notifications/${notificationId}/amendments`)
        .send({ reason: 'x y z', changes: { arrearsSek: null } })
        .expect(400);
      await api('post', `/notifications/${notificationId}/amendments`).send({ reason: 'x y z', changes: {} }).expect(400);
      await api('post', `/notifications/${notificationId}/amendments`, rep)
        .send({ reason: 'x y z', changes: { monthsInArrears: 3 } })
        .expect(403);
      expect((await api('get', `/notifications/${notificationId}`).expect(200)).body.amendments).toEqual([]);
    });

    it("corrects the case's address or children, from the latest notice or on the case itself", async () => {
      const { caseId, notificationId } = await newCase({ childrenInHousehold: 1 });
      await api('post', `/notifications/${notificationId}/amendments`)
        .send({
          reason: 'Fel lägenhet',
          changes: { address: { street: 'Rättgatan 1', postalCode: '12345', city: 'Stockholm', apartment: '9' }, childrenInHousehold: 2 },
        })
        .expect(201);
      expect(await detail(caseId)).toMatchObject({
        address: { street: 'Rättgatan 1', postalCode: '123 45', apartment: '9' },
        household: { childrenInHousehold: 2 },
      });
      const res = await api('post', `/cases/${caseId}/corrections`).send({ reason: 'Skrivfel', childrenInHousehold: 3 }).expect(200);
      expect(res.body).toMatchObject({ fields: ['childrenInHousehold'], childrenInHousehold: 3 });
      expect((await detail(caseId)).timeline.at(-1)).toMatchObject({ kind: 'case_corrected', data: { fields: ['childrenInHousehold'] } });
      await api('post', `/cases/${caseId}/corrections`).send({ reason: 'Skrivfel', childrenInHousehold: 3 }).expect(400);
    });
  });

  describe('4. households', () => {
    it('flags two open cases in the same apartment on both, merges one into the other, and keeps the merged one readable', async () => {
      const address = { street: 'Palmvägen 3', postalCode: '123 45', city: 'Stockholm', apartment: '1101' };
      const a = await newCase({ address, arrearsSek: 3000, childrenInHousehold: 0 });
      const b = await newCase({ address: { ...address, street: 'PALMVÄGEN 3' }, arrearsSek: 5000, childrenInHousehold: 2 });
      expect((await detail(a.caseId)).sharedApartmentWith).toEqual([b.caseId]);
      expect((await detail(b.caseId)).sharedApartmentWith).toEqual([a.caseId]);
      const list = await api('get', '/cases?status=open&limit=200').expect(200);
      expect(list.body.items.filter((i: { sharedApartment: boolean }) => i.sharedApartment).map((i: { id: string }) => i.id)).toEqual(
        expect.arrayContaining([a.caseId, b.caseId]),
      );
      await api('post', `/cases/${b.caseId}/contacts`).send({ on: today, channel: 'phone', reached: true }).expect(201);
      await api('put', `/cases/${b.caseId}/units`)
        .send({ units: ['VUX'] })
        .expect(200);
      await api('post', `/cases/${b.caseId}/merge`, rep).send({ intoCaseId: a.caseId, reason: 'Samma hushåll' }).expect(403);
      const closedBefore = (await indicators()).casesClosed;
      const merged = await api('post', `/cases/${b.caseId}/merge`)
        .send({ intoCaseId: a.caseId, reason: 'Samma hushåll i samma lägenhet' })
        .expect(200);
      expect(merged.body).toMatchObject({
        id: b.caseId,
        mergedIntoCaseId: a.caseId,
        moved: { notification: 1, case_deadline: 1, case_contact: 1, case_unit: 1, case_tenant: 1 },
      });
      const into = await detail(a.caseId);
      expect(into.notifications).toHaveLength(2);
      expect(into.tenants).toHaveLength(2);
      expect(into.units.map((u: { code: string }) => u.code)).toEqual(['VUX']);
      expect(into.contacts).toHaveLength(1);
      expect(into.household.childrenInHousehold).toBe(2);
      expect(into.sharedApartmentWith).toEqual([]);
      expect(into.timeline.at(-1)).toMatchObject({ kind: 'case_merged_from', data: { fromCaseId: b.caseId } });
      // A merge closes no case with an outcome: the evaluation's closed cases stay as they were.
      expect((await indicators()).casesClosed).toBe(closedBefore);
      const from = await detail(b.caseId);
      expect(from).toMatchObject({ status: 'closed', mergedIntoCaseId: a.caseId, notifications: [], sharedApartmentWith: [] });
      expect(from.timeline.at(-1)).toMatchObject({ kind: 'case_merged_into', data: { intoCaseId: a.caseId } });
      // The merged case can be neither merged nor reopened; a new notice for its tenant joins the case it went into.
      await api('post', `/cases/${b.caseId}/reopen`).send({ reason: 'försök' }).expect(409);
      const again = await postNotification(t, { district: D, tenants: [{ personnummer: b.pnr, name: 'x' }], address });
      expect(again.body).toMatchObject({ caseId: a.caseId, newCase: false });
    });

    it('joins a notice for a tenant at another address as today, flagged address_differs for the meeting', async () => {
      const { caseId, pnr } = await newCase();
      const moved = await postNotification(t, {
        district: D,
        tenants: [{ personnummer: pnr, name: 'x' }],
        address: { street: 'Nygatan 9', postalCode: '123 45', city: 'Stockholm', apartment: '1' },
      });
      expect(moved.body).toMatchObject({ caseId, newCase: false, flags: ['address_differs'] });
      const same = await postNotification(t, {
        district: D,
        tenants: [{ personnummer: pnr, name: 'x' }],
        address: { street: 'nygatan 9', postalCode: '12345', city: 'Stockholm', apartment: '1' },
      });
      expect(same.body.flags).toEqual([]);
    });

    it('refuses to merge into a closed case, itself, or a case of another district', async () => {
      const a = await newCase();
      const b = await newCase();
      await api('post', `/cases/${a.caseId}/merge`).send({ intoCaseId: a.caseId, reason: 'Samma' }).expect(400);
      await api('post', `/cases/${b.caseId}/close`).send({ on: today, outcome: 'moved' }).expect(200);
      await api('post', `/cases/${a.caseId}/merge`).send({ intoCaseId: b.caseId, reason: 'Samma' }).expect(400);
      const other = await postNotification(t, { district: 'FUO' });
      await api('post', `/cases/${a.caseId}/merge`).send({ intoCaseId: other.body.caseId, reason: 'Samma' }).expect(404);
    });
  });

  describe('5. search', () => {
    let found: { caseId: string; pnr: string };
    beforeAll(async () => {
      found = await newCase({ tenants: [{ personnummer: testPersonnummer(49_001), name: 'Åsa Östlund-Pålsson' }] });
      found.pnr = testPersonnummer(49_001);
    });
    const search = (q: string, reason: string | null = 'Uppföljning av ärende', auth = coordinator) => {
      const req = api('get', `/cases?q=${encodeURIComponent(q)}`, auth);
      return reason === null ? req : req.set('X-Access-Reason', reason);
    };
    const idsOf = (body: { items: Array<{ id: string }> }) => body.items.map((i) => i.id);

    it('needs a reason', async () => {
      const res = await search('asa', null).expect(400);
      expect(res.body.code).toBe('ACCESS_REASON_REQUIRED');
      await search('asa', '   ').expect(400);
    });

    it.each(['åsa', 'ASA', 'asa öst', 'pals', 'ostlund', 'Östlund-Påls'])(
      'finds a name by %j (prefix of a word, case and accents aside)',
      async (q) => {
        expect(idsOf((await search(q).expect(200)).body)).toEqual([found.caseId]);
      },
    );

    it('does not match the middle of a word, nor another district', async () => {
      expect(idsOf((await search('lund').expect(200)).body)).toEqual([]);
      expect(idsOf((await search('åsa', 'x', await t.auth('coordinator', 'FUO')).expect(200)).body)).toEqual([]);
    });

    it('finds an identity number in any written form, and answers masked numbers', async () => {
      for (const form of [found.pnr, shortForm(found.pnr), `${found.pnr.slice(0, 8)}-${found.pnr.slice(8)}`, found.pnr.slice(2)]) {
        const res = await search(form, 'Samtal från hyresgäst', rep).expect(200);
        expect(idsOf(res.body)).toEqual([found.caseId]);
        expect(res.body.items[0].tenants[0].personnummer).toBe(`${found.pnr.slice(0, 8)}-****`);
        expect(res.text).not.toContain(found.pnr.slice(8));
      }
      await search('19121212-1213').expect(400);
    });

    it('is audited with its reason, never with the query', async () => {
      await search(shortForm(found.pnr), 'Samtal från hyresgäst 19121212-1212').expect(200);
      const [entry] = await t.dataSource.query(
        "SELECT reason, case_ids FROM audit_log WHERE route = 'GET /api/v1/cases' ORDER BY id DESC LIMIT 1",
      );
      expect(entry.reason).toBe('sökning: Samtal från hyresgäst [personnummer]');
      expect(entry.case_ids).toEqual([found.caseId]);
      const log = await t.dataSource.query('SELECT count(*)::int AS n FROM audit_log WHERE reason LIKE $1', [`%${found.pnr.slice(8)}%`]);
      expect(log[0].n).toBe(0);
    });
  });

  describe('6. contacts', () => {
    it('records a note, an outcome and who made it; the first contact feeds time-to-contact', async () => {
      const before = await indicators();
      const { caseId } = await newCase({ receivedOn: addDays(today, -2) });
      const res = await api('post', `/cases/${caseId}/contacts`, rep)
        .send({
          on: today,
          channel: 'home_visit',
          outcome: 'home_visit_made',
          note: 'Träffade hyresgästen, lämnade broschyr.',
          madeBy: 'Karin Ek',
        })
        .expect(201);
      expect(res.body).toMatchObject({
        reached: true,
        outcome: 'home_visit_made',
        note: 'Träffade hyresgästen, lämnade broschyr.',
        madeBy: 'Karin Ek',
        unit: 'EKB',
      });
      await api('post', `/cases/${caseId}/contacts`)
        .send({ on: today, channel: 'letter', outcome: 'letter_sent' })
        .expect(201)
        .expect((r) => expect(r.body.reached).toBe(false));
      await api('post', `/cases/${caseId}/contacts`).send({ on: today, channel: 'phone', outcome: 'no_answer', reached: true }).expect(400);
      await api('post', `/cases/${caseId}/contacts`).send({ on: today, channel: 'phone' }).expect(400);
      const c = await detail(caseId);
      expect(c.contacts[0]).toMatchObject({ madeBy: 'Karin Ek', outcome: 'home_visit_made' });
      expect(JSON.stringify(c.timeline)).not.toContain('broschyr');
      const after = await indicators();
      expect(after.casesWithContact).toBe(before.casesWithContact + 1);
    });
  });

  describe('7. closing and reopening', () => {
    it('lets a unit representative set only their own unit', async () => {
      const { caseId } = await newCase();
      await api('put', `/cases/${caseId}/units`)
        .send({ units: ['VUX'] })
        .expect(200);
      await api('put', `/cases/${caseId}/units`, rep)
        .send({ units: ['VUX', 'EKB'] })
        .expect(200);
      await api('put', `/cases/${caseId}/units`, rep)
        .send({ units: ['EKB'] })
        .expect(403);
      await api('put', `/cases/${caseId}/units`, rep)
        .send({ units: ['VUX'] })
        .expect(200);
      expect((await detail(caseId)).units.map((u: { code: string }) => u.code)).toEqual(['VUX']);
    });

    it('lets a unit representative close only where the district allows it', async () => {
      const { caseId } = await newCase();
      const refused = await api('post', `/cases/${caseId}/close`, rep).send({ on: today, outcome: 'lease_kept' }).expect(403);
      expect(refused.body.code).toBe('FORBIDDEN');
      await api('patch', `/districts/${D}/settings`, rep).send({ unitRepsMayClose: true }).expect(403);
      await api('patch', `/districts/${D}/settings`)
        .send({ unitRepsMayClose: true })
        .expect(200)
        .expect((r) => expect(r.body.unitRepsMayClose).toBe(true));
      await api('post', `/cases/${caseId}/close`, rep).send({ on: today, outcome: 'lease_kept' }).expect(200);
      await api('patch', `/districts/${D}/settings`).send({ unitRepsMayClose: false }).expect(200);
    });

    it('reopens a case closed by mistake within 30 days, with a reason, on the timeline', async () => {
      const { caseId } = await newCase();
      await api('post', `/cases/${caseId}/reopen`).send({ reason: 'Stängdes av misstag' }).expect(409);
      await api('post', `/cases/${caseId}/close`).send({ on: today, outcome: 'withdrawn' }).expect(200);
      await api('post', `/cases/${caseId}/reopen`, rep).send({ reason: 'Stängdes av misstag' }).expect(403);
      await api('post', `/cases/${caseId}/reopen`).send({}).expect(400);
      const res = await api('post', `/cases/${caseId}/reopen`).send({ reason: 'Stängdes av misstag' }).expect(200);
      expect(res.body).toEqual({ id: caseId, status: 'open', reopenedOn: today });
      const c = await detail(caseId);
      expect(c).toMatchObject({ status: 'open', closedOn: null, outcome: null });
      expect(c.timeline.at(-1)).toMatchObject({
        kind: 'case_reopened',
        data: { closedOn: today, outcome: 'withdrawn', reason: 'Stängdes av misstag' },
      });
    });

    it('does not reopen after 30 days, nor while the household has another open case', async () => {
      const { caseId } = await newCase({ receivedOn: addDays(today, -60), tenantServedOn: null, boardNotifiedOn: null });
      await api('post', `/cases/${caseId}/close`)
        .send({ on: addDays(today, -31), outcome: 'moved' })
        .expect(200);
      const late = await api('post', `/cases/${caseId}/reopen`).send({ reason: 'Stängdes av misstag' }).expect(409);
      expect(late.body.detail).toContain('30');
      const second = await newCase({ receivedOn: addDays(today, -40), tenantServedOn: null, boardNotifiedOn: null });
      await api('post', `/cases/${second.caseId}/close`)
        .send({ on: addDays(today, -1), outcome: 'moved' })
        .expect(200);
      await postNotification(t, { district: D, tenants: [{ personnummer: second.pnr, name: 'x' }] });
      const blocked = await api('post', `/cases/${second.caseId}/reopen`).send({ reason: 'Stängdes av misstag' }).expect(409);
      expect(blocked.body.openCaseId).toEqual(expect.any(String));
    });
  });

  describe('the agenda takes it up', () => {
    const A = 'FUA';
    let fua: string;
    const call = (method: 'get' | 'post' | 'patch', path: string) => t.http()[method](`/api/v1${path}`).set('Authorization', fua);
    async function caseIn(overrides: Record<string, unknown> = {}, n = (seq += 1)) {
      const pnr = testPersonnummer(40_000 + n);
      const res = await postNotification(t, {
        district: A,
        tenants: [{ personnummer: pnr, name: `Person ${n}` }],
        address: { street: `Vägen ${n}`, postalCode: '123 45', city: 'Stockholm', apartment: `${n}` },
        ...overrides,
      });
      expect(res.status).toBe(201);
      return { caseId: res.body.caseId as string, notificationId: res.body.id as string, pnr };
    }
    async function agendaOf(meetingId: string) {
      const res = await call('get', `/meetings/${meetingId}/agenda`).expect(200);
      const where = new Map<
        string,
        { section: string; reasons: Array<{ code: string; text: string }>; deadlines: Array<Record<string, unknown>> }
      >();
      for (const section of res.body.sections) {
        for (const item of section.items)
          where.set(item.caseId, { section: section.kind, reasons: item.reasons, deadlines: item.deadlines });
      }
      return where;
    }
    const codes = (item?: { reasons: Array<{ code: string }> }) => (item?.reasons ?? []).map((r) => r.code);

    beforeAll(async () => {
      await setupDistrict(t, A, ['EKB']);
      fua = await t.auth('coordinator', A);
    });

    it('a broken plan, two cases in one apartment, a notice at another address and a corrected notice each give their reason', async () => {
      const broken = await caseIn({ arrearsSek: 4000 });
      const plan = await call('post', `/cases/${broken.caseId}/repayment-plans`)
        .send({ landlordOrgNumber: TEST_LANDLORD.orgNumber, monthlySek: 1000, firstDueOn: today })
        .expect(201);
      await call('patch', `/repayment-plans/${plan.body.id}`).send({ status: 'broken', on: today }).expect(200);
      const home = { street: 'Palmvägen 19', postalCode: '121 61', city: 'Stockholm', apartment: '1304' };
      const parents = await caseIn({ address: home });
      const son = await caseIn({ address: home });
      const mover = await caseIn();
      await postNotification(t, { district: A, tenants: [{ personnummer: mover.pnr, name: 'x' }], address: { ...home, apartment: '9' } });
      const amended = await caseIn({ tenantServedOn: null, boardNotifiedOn: addDays(today, -6) });
      await call('post', `/notifications/${amended.notificationId}/amendments`)
        .send({ reason: 'Delgivning i efterhand', changes: { tenantServedOn: addDays(today, -1) } })
        .expect(201);

      const first = await call('post', '/meetings')
        .send({ district: A, startsAt: `${addDays(today, 1)}T09:00:00+01:00` })
        .expect(201);
      const items = await agendaOf(first.body.id);
      expect(codes(items.get(broken.caseId))).toContain('repayment_plan_broken');
      expect(items.get(broken.caseId)!.reasons.find((r) => r.code === 'repayment_plan_broken')!.text).toBe(
        'Avbetalningsplanen har brutits sedan förra mötet',
      );
      expect(codes(items.get(parents.caseId))).toContain('shared_apartment');
      expect(codes(items.get(son.caseId))).toContain('shared_apartment');
      expect(codes(items.get(mover.caseId))).toContain('address_differs');
      expect(items.get(amended.caseId)!.reasons.find((r) => r.code === 'notice_amended')!.text).toBe(
        'Underrättelsen rättad: delgivningsdatum sedan förra mötet',
      );
      expect(codes(items.get(broken.caseId)).concat(codes(items.get(mover.caseId)))).not.toContain('shared_apartment');
      // An estimate shows its latest possible day beside the day to plan by.
      const estimated = await caseIn({ receivedOn: '2026-03-13', tenantServedOn: '2026-03-02', boardNotifiedOn: null });
      const again = await agendaOf(first.body.id);
      expect(again.get(estimated.caseId)!.deadlines).toContainEqual(
        expect.objectContaining({ dueOn: '2026-03-23', estimated: true, latestDueOn: '2026-04-07' }),
      );

      // After that meeting: only what happened since it is a reason again; the shared apartment stays until merged.
      await call('post', `/meetings/${first.body.id}/start`).expect(200);
      const second = await call('post', '/meetings')
        .send({ district: A, startsAt: `${addDays(today, 15)}T09:00:00+01:00` })
        .expect(201);
      let next = await agendaOf(second.body.id);
      expect(codes(next.get(amended.caseId))).not.toContain('notice_amended');
      expect(codes(next.get(mover.caseId))).not.toContain('address_differs');
      expect(codes(next.get(son.caseId))).toContain('shared_apartment');
      await call('post', `/notifications/${amended.notificationId}/amendments`)
        .send({ reason: 'Rättat belopp', changes: { arrearsSek: 100 } })
        .expect(201);
      await call('post', `/cases/${son.caseId}/merge`).send({ intoCaseId: parents.caseId, reason: 'Samma hushåll' }).expect(200);
      next = await agendaOf(second.body.id);
      expect(next.get(amended.caseId)!.reasons.find((r) => r.code === 'notice_amended')!.text).toBe(
        'Underrättelsen rättad: skuld sedan förra mötet',
      );
      expect(codes(next.get(parents.caseId))).not.toContain('shared_apartment');
      expect(next.has(son.caseId)).toBe(false);
    });
  });

  describe('8. legal precision through the API', () => {
    it('plans an estimated window by the earliest possible end and shows the latest beside it', async () => {
      const res = await postNotification(t, { district: D, receivedOn: '2026-03-13', tenantServedOn: '2026-03-02', boardNotifiedOn: null });
      expect(res.body.deadlines).toEqual([
        {
          kind: 'recovery_window',
          dueOn: '2026-03-23',
          estimated: true,
          latestDueOn: '2026-04-07',
          rule: expect.stringContaining('senast möjliga slut 2026-04-07'),
        },
      ]);
    });

    it('refuses birth number 000 and accepts the twelve-digit form with + for a person of 100 or more', async () => {
      const zero = `19${withLuhnDigit('800101000')}`;
      const refused = await postNotification(t, { district: D, tenants: [{ personnummer: zero, name: 'x' }] });
      expect(refused.status).toBe(400);
      expect(refused.text).not.toContain(zero.slice(8));
      const old = await postNotification(t, { district: D, tenants: [{ personnummer: '19090527+1474', name: 'Hundra År' }] });
      expect(old.status).toBe(201);
      expect((await detail(old.body.caseId)).tenants[0].personnummer).toBe('19090527-1474');
    });

    it("accepts a sole trader's personnummer as a landlord's number, masked wherever it is shown", async () => {
      const trader = `19${withLuhnDigit('650303123')}`;
      const display = `${trader.slice(0, 8)}-****`;
      const admin = await t.auth('admin', D);
      const registered = await t
        .http()
        .post('/api/v1/landlords')
        .set('Authorization', admin)
        .send({ orgNumber: shortForm(trader), name: 'Hyresvärd Enskild Firma' })
        .expect(201);
      expect(registered.body.orgNumber).toBe(display);
      const res = await postNotification(t, { district: D, landlordOrgNumber: shortForm(trader) });
      expect(res.status).toBe(201);
      const c = await api('get', `/cases/${res.body.caseId}`).expect(200);
      expect(c.body.notifications[0].landlord).toEqual({ orgNumber: display, name: 'Hyresvärd Enskild Firma' });
      expect(c.text).not.toContain(trader.slice(8));
      const list = await api('get', `/cases?landlord=${shortForm(trader)}`).expect(200);
      expect(list.body.items.map((i: { id: string }) => i.id)).toEqual([res.body.caseId]);
      expect(list.text).not.toContain(trader.slice(8));
      const landlords = await t.http().get('/api/v1/landlords').set('Authorization', admin).expect(200);
      expect(landlords.text).not.toContain(trader.slice(8));
      const zeroOrg = withLuhnDigit('012345678');
      expect((await postNotification(t, { district: D, landlordOrgNumber: zeroOrg })).status).toBe(400);
    });
  });
});
