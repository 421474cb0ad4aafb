import { addDays, todayInStockholm } from '@bosam/calendar';
import { createTestApp, TestApp } from './support/app';
import { addNotice, CaseFixture, DistrictFixture, newCase, newDistrict, newMeeting, newNextStep } from './support/meeting-factories';
import { waitFor } from './support/wait';

interface Item {
  caseId: string;
  reasons: Array<{ code: string; text: string }>;
  childrenInHousehold: number;
  deadlines: Array<{ kind: string; dueOn: string; passed: boolean; estimated: boolean; rule: string }>;
  arrearsSek: number;
  units: string[];
  unitsNotRepresented: string[];
  notices: Array<{
    id: string;
    source: string;
    kindText: string;
    landlord: { orgNumber: string; name: string | null } | null;
    new: boolean;
  }>;
  nextSteps: Array<{ id: string; unit: string; overdue: boolean }>;
  notificationIds: string[];
  nextStepIds: string[];
  displayName: string;
  address: unknown;
  pendingConfirmation: boolean;
}
interface Agenda {
  meetingId: string;
  frozen: boolean;
  cutoff: string;
  urgentFrom: string | null;
  urgentBefore: string;
  expectedUnits: string[];
  warnings: Array<{ kind: string; unit?: string; units?: string[]; person?: string; message: string }>;
  sections: Array<{ kind: string; title: string; items: Item[]; closedCaseNotices?: number }>;
}

const section = (agenda: Agenda, kind: string): Item[] => agenda.sections.find((s) => s.kind === kind)!.items;
const ids = (items: Item[]): string[] => items.map((i) => i.caseId);
const codes = (item: Item): string[] => item.reasons.map((r) => r.code);
const allItems = (agenda: Agenda): Item[] => agenda.sections.flatMap((s) => s.items);
const itemOf = (agenda: Agenda, caseId: string): Item => allItems(agenda).find((i) => i.caseId === caseId)!;

describe('meetings: agenda, attendance, decisions, carry-over, next steps, minutes', () => {
  let t: TestApp;
  let d: DistrictFixture;
  let other: DistrictFixture;
  const cases: Record<string, CaseFixture> = {};
  let m1: string;
  let m2: string;
  let m3: string;
  let overdueStep: string;
  let laterStep: string;

  const agenda = async (meetingId: string, auth = d.coordinator): Promise<Agenda> =>
    (await t.http().get(`/api/v1/meetings/${meetingId}/agenda`).set('Authorization', auth).expect(200)).body;

  beforeAll(async () => {
    t = await createTestApp();
    d = await newDistrict(t, 'AGD');
    other = await newDistrict(t, 'OTH', ['EKB']);
    // Ordering: C and B have children (same deadline, C owes more); D and A have the same deadline and debt, D's notice is older.
    cases.A = await newCase(t, d, { arrearsSek: 5000, deadline: { dueOn: '2027-03-20' }, units: ['EKB'], notices: ['2027-02-01'] });
    cases.B = await newCase(t, d, {
      children: 2,
      arrearsSek: 1000,
      deadline: { dueOn: '2027-03-25' },
      units: ['EKB', 'VUX'],
      notices: ['2027-02-10'],
    });
    cases.C = await newCase(t, d, {
      children: 1,
      arrearsSek: 9000,
      deadline: { dueOn: '2027-03-25' },
      units: ['VUX'],
      notices: ['2027-02-12'],
    });
    cases.D = await newCase(t, d, {
      arrearsSek: 5000,
      deadline: { dueOn: '2027-03-20' },
      units: ['EKB'],
      notices: ['2027-01-10', '2027-02-15'],
    });
    cases.E = await newCase(t, d, { disturbance: true, units: ['BOF'], notices: ['2027-02-03'] });
    cases.F = await newCase(t, d, { arrearsSek: 200, deadline: { kind: 'eviction', dueOn: '2027-04-20' }, notices: ['2027-02-04'] });
    cases.G = await newCase(t, d, { arrearsSek: 700, status: 'closed', notices: ['2027-02-05'] });
    cases.P = await newCase(t, d, { protectedIdentity: true, arrearsSek: 100, street: 'Hemligvägen 9', notices: ['2027-02-06'] });
    cases.X = await newCase(t, other, { arrearsSek: 100, notices: ['2027-02-06'] });
    overdueStep = await newNextStep(t, d, cases.A.caseId, { unit: 'EKB', dueOn: '2026-11-01' });
    laterStep = await newNextStep(t, d, cases.C.caseId, { unit: 'VUX', dueOn: '2027-05-01' });
    m1 = await newMeeting(t, d, '2027-03-02T09:00:00+01:00');
    m2 = await newMeeting(t, d, '2027-03-16T09:00:00+01:00');
    m3 = await newMeeting(t, d, '2027-03-30T09:00:00+02:00');
  });
  afterAll(() => t.close());

  it('lists the meetings of the district with their Stockholm date', async () => {
    const res = await t.http().get('/api/v1/meetings?district=AGD').set('Authorization', d.coordinator).expect(200);
    expect(res.body.map((m: { id: string; heldOn: string }) => [m.id, m.heldOn])).toEqual([
      [m1, '2027-03-02'],
      [m2, '2027-03-16'],
      [m3, '2027-03-30'],
    ]);
    await t.http().get('/api/v1/meetings?district=OTH').set('Authorization', d.coordinator).expect(404);
  });

  it('refuses a startsAt without offset, naming the field', async () => {
    const res = await t
      .http()
      .post('/api/v1/meetings')
      .set('Authorization', d.coordinator)
      .send({ district: 'AGD', startsAt: '2027-03-02T09:00:00' })
      .expect(400);
    expect(res.body.errors[0].field).toBe('startsAt');
  });

  it('puts each case once, in the first section that applies, sections in order urgent, new, follow_up, next_steps', async () => {
    const a = await agenda(m1);
    expect(a.sections.map((s) => s.kind)).toEqual(['urgent', 'new', 'follow_up', 'next_steps']);
    expect(a.sections.map((s) => s.title)).toEqual(['Brådskande', 'Nya underrättelser', 'Uppföljning', 'Nästa steg']);
    expect(a.frozen).toBe(false);
    const all = ids(allItems(a));
    expect(new Set(all).size).toBe(all.length);
    expect(all.sort()).toEqual(['A', 'B', 'C', 'D', 'E', 'F', 'P'].map((k) => cases[k].caseId).sort());
    expect(all).not.toContain(cases.X.caseId);
    // Every notice of an open case is shown (on whichever item its case sits); D has two.
    const shown = allItems(a)
      .flatMap((i) => i.notificationIds)
      .sort();
    expect(shown).toEqual(['A', 'B', 'C', 'D', 'E', 'F', 'P'].flatMap((k) => cases[k].notificationIds).sort());
    expect(itemOf(a, cases.D.caseId).notificationIds).toHaveLength(2);
  });

  it('lists every reason on the item, with its Swedish text', async () => {
    const a = await agenda(m1);
    const itemA = itemOf(a, cases.A.caseId);
    expect(section(a, 'urgent').map((i) => i.caseId)).toContain(cases.A.caseId);
    expect(codes(itemA)).toEqual(['deadline_before_meeting_after_next', 'new_notification', 'remaining_debt', 'next_step_overdue']);
    expect(itemA.reasons.map((r) => r.text)).toEqual([
      'Lagstadgad frist går ut före mötet därefter',
      'Ny underrättelse sedan förra mötet',
      'Kvarstående skuld',
      'Nästa steg är försenat',
    ]);
    expect(itemA.nextSteps).toEqual([expect.objectContaining({ id: overdueStep, unit: 'EKB', overdue: true })]);
    expect(codes(itemOf(a, cases.E.caseId))).toEqual(['new_notification', 'ongoing_disturbance']);
    expect(section(a, 'next_steps')).toEqual([]);
  });

  it('leaves notices of closed cases out of new and ends the section with their count', async () => {
    const a = await agenda(m1);
    expect(ids(allItems(a))).not.toContain(cases.G.caseId);
    expect(a.sections.find((s) => s.kind === 'new')!.closedCaseNotices).toBe(1);
    expect(a.sections.find((s) => s.kind === 'urgent')!.closedCaseNotices).toBeUndefined();
  });

  it('orders by children, then earliest deadline, then amount owed, then oldest notice', async () => {
    const a = await agenda(m1);
    expect(ids(section(a, 'urgent'))).toEqual([cases.C, cases.B, cases.D, cases.A].map((c) => c.caseId));
    expect(ids(section(a, 'new'))).toEqual([cases.F, cases.P, cases.E].map((c) => c.caseId));
  });

  it('gives the deadlines, the notices with kind and landlord, the amount, the children and the units', async () => {
    const a = await agenda(m1);
    const b = itemOf(a, cases.B.caseId);
    expect(b).toMatchObject({
      childrenInHousehold: 2,
      arrearsSek: 1000,
      units: ['EKB', 'VUX'],
      unitsNotRepresented: [],
      deadlines: [{ kind: 'recovery_window', dueOn: '2027-03-25', passed: false, estimated: false }],
    });
    expect(b.deadlines[0].rule).toMatch(/JB 12:44/);
    expect(b.notices).toEqual([expect.objectContaining({ source: 'landlord_arrears', kindText: 'Hyresskuld', new: true, landlord: null })]);
    expect(b.displayName).toMatch(/^Test Testsson \(\d{8}-\*\*\*\*\)$/);
    expect(itemOf(a, cases.F.caseId).deadlines).toEqual([
      expect.objectContaining({ kind: 'eviction', dueOn: '2027-04-20', passed: false }),
    ]);
    const p = itemOf(a, cases.P.caseId);
    expect(p.address).toBeNull();
    expect(JSON.stringify(a)).not.toContain('Hemligvägen');
  });

  it('counts as urgent a deadline before the meeting after next, or 28 days ahead when there is none', async () => {
    const first = await agenda(m1);
    expect(first.urgentBefore).toBe('2027-03-30');
    expect(first.urgentFrom).toBeNull();
    expect(ids(section(first, 'urgent'))).not.toContain(cases.F.caseId);
    const last = await agenda(m3);
    expect(last.urgentBefore).toBe('2027-04-27');
    expect(last.urgentFrom).toBe('2027-03-16');
    expect(ids(section(last, 'urgent'))).toContain(cases.F.caseId);
  });

  it('before attendance, names the units the cases need in one warning', async () => {
    const a = await agenda(m1);
    expect(a.expectedUnits).toEqual(['BOF', 'EKB', 'VUX']);
    expect(a.warnings).toEqual([
      {
        kind: 'attendance_not_recorded',
        units: ['BOF', 'EKB', 'VUX'],
        message: 'Närvaron är inte registrerad. Ärendena på dagordningen behöver enheterna BOF, EKB, VUX.',
      },
    ]);
  });

  it('warns of absent units, units without mandate and mandates not in the register; per case on the item', async () => {
    await t
      .http()
      .post('/api/v1/districts/AGD/units/VUX/mandates')
      .set('Authorization', d.coordinator)
      .send({ person: 'Cilla Carlsson', validFrom: '2027-01-01', validUntil: '2027-12-31' })
      .expect(201);
    await t
      .http()
      .post('/api/v1/districts/AGD/units/EKB/mandates')
      .set('Authorization', d.coordinator)
      .send({ person: 'Anna Andersson', validFrom: '2027-01-01', validUntil: null })
      .expect(201);
    const put = (units: unknown[]) => t.http().put(`/api/v1/meetings/${m1}/attendance`).set('Authorization', d.coordinator).send({ units });
    const att = await put([
      { unit: 'EKB', person: 'Anna Andersson', role: 'assistant_head', mandate: true },
      { unit: 'VUX', person: 'Bo Berg', role: 'delegate', mandate: true },
      { unit: 'BOF', role: 'absent' },
    ]).expect(200);
    expect(att.body.find((x: { unit: string }) => x.unit === 'VUX')).toMatchObject({ withMandate: true, mandateRegistered: false });
    let a = await agenda(m1);
    expect(a.warnings.map((w) => [w.kind, w.unit])).toEqual([
      ['unit_absent', 'BOF'],
      ['mandate_not_in_register', 'VUX'],
    ]);
    expect(a.warnings[1]).toMatchObject({ person: 'Bo Berg' });
    expect(a.warnings[1].message).toContain('Bo Berg');
    expect(itemOf(a, cases.E.caseId).unitsNotRepresented).toEqual(['BOF']);
    expect(itemOf(a, cases.B.caseId).unitsNotRepresented).toEqual([]);
    // A delegate whose mandate is in the unit's register has the mandate.
    await put([
      { unit: 'EKB', person: 'Anna Andersson', role: 'assistant_head', mandate: true },
      { unit: 'VUX', person: 'cilla carlsson ', role: 'delegate', mandate: false },
    ]).expect(200);
    a = await agenda(m1);
    expect(a.warnings.some((w) => w.kind === 'unit_without_mandate' || w.kind === 'mandate_not_in_register')).toBe(false);
    // PUT replaces: BOF, left out, is absent.
    expect(a.warnings.filter((w) => w.kind === 'unit_absent').map((w) => w.unit)).toEqual(['BOF']);
    const bad = await put([{ unit: 'NOPE', person: 'X', role: 'delegate' }]).expect(400);
    expect(bad.body.errors[0].field).toBe('units[0].unit');
    // Back to a delegate without mandate, for the decisions below.
    await put([
      { unit: 'EKB', person: 'Anna Andersson', role: 'assistant_head' },
      { unit: 'VUX', person: 'Bo Berg', role: 'delegate', mandate: false },
      { unit: 'BOF', role: 'absent' },
    ]).expect(200);
    a = await agenda(m1);
    expect(a.warnings).toEqual(
      expect.arrayContaining([expect.objectContaining({ kind: 'unit_without_mandate', unit: 'VUX', person: 'Bo Berg' })]),
    );
  });

  it('refuses decisions before the meeting has started', async () => {
    const res = await t
      .http()
      .post(`/api/v1/meetings/${m1}/decisions`)
      .set('Authorization', d.coordinator)
      .send({ caseId: cases.A.caseId, text: 'x', nextSteps: [] })
      .expect(409);
    expect(res.body.code).toBe('MEETING_STATE');
  });

  it('freezes the agenda at start: later notices wait for the next meeting', async () => {
    const before = await agenda(m1);
    const started = await t.http().post(`/api/v1/meetings/${m1}/start`).set('Authorization', d.coordinator).expect(200);
    expect(started.body.frozen).toBe(true);
    const late = await addNotice(t, d, cases.A.caseId, '2027-03-02');
    const frozen = await agenda(m1);
    expect(frozen.frozen).toBe(true);
    expect(frozen.sections).toEqual(before.sections);
    expect(new Date(frozen.cutoff).getTime()).toBe(new Date(started.body.startedAt).getTime());
    const next = await agenda(m2);
    expect(allItems(next).flatMap((i) => i.notificationIds)).toEqual([late]);
    expect(itemOf(next, cases.A.caseId)).toMatchObject({ notificationIds: [late] });
    expect(codes(itemOf(next, cases.A.caseId))).toContain('new_notification');
    const again = await t.http().post(`/api/v1/meetings/${m1}/start`).set('Authorization', d.coordinator).expect(409);
    expect(again.body.code).toBe('MEETING_STATE');
  });

  it('stores decisions of a unit without mandate as pending confirmation, and says so', async () => {
    const res = await t
      .http()
      .post(`/api/v1/meetings/${m1}/decisions`)
      .set('Authorization', d.coordinator)
      .send({
        caseId: cases.B.caseId,
        text: 'Förbindelse utreds; hembesök',
        nextSteps: [
          { unit: 'EKB', action: 'Utred förbindelse', dueOn: '2027-03-10' },
          { unit: 'VUX', action: 'Hembesök', dueOn: '2027-03-12' },
        ],
      })
      .expect(201);
    expect(res.body).toMatchObject({ pendingConfirmation: true, pendingUnits: ['VUX'] });
    expect(res.body.nextSteps.map((s: { unit: string }) => s.unit)).toEqual(['EKB', 'VUX']);
    const a = await agenda(m1);
    expect(itemOf(a, cases.B.caseId).pendingConfirmation).toBe(true);
  });

  it('lets a unit representative decide only for their own unit', async () => {
    const ekb = await t.auth('unit_rep', 'AGD', 'EKB');
    const res = await t
      .http()
      .post(`/api/v1/meetings/${m1}/decisions`)
      .set('Authorization', ekb)
      .send({ caseId: cases.C.caseId, text: 'x', nextSteps: [{ unit: 'VUX', action: 'Ring', dueOn: '2027-03-10' }] })
      .expect(403);
    expect(res.body.code).toBe('FORBIDDEN');
    const ok = await t
      .http()
      .post(`/api/v1/meetings/${m1}/decisions`)
      .set('Authorization', ekb)
      .send({ caseId: cases.C.caseId, text: 'Kontakt tas', nextSteps: [{ unit: 'EKB', action: 'Ring hyresgästen', dueOn: '2027-03-09' }] })
      .expect(201);
    expect(ok.body.pendingConfirmation).toBe(false);
    await t
      .http()
      .post(`/api/v1/meetings/${m1}/decisions`)
      .set('Authorization', d.coordinator)
      .send({ caseId: cases.X.caseId, text: 'x', nextSteps: [] })
      .expect(404);
    const bad = await t
      .http()
      .post(`/api/v1/meetings/${m1}/decisions`)
      .set('Authorization', d.coordinator)
      .send({ caseId: 'nope', text: 'x', nextSteps: [{ unit: 'EKB', action: 'x', dueOn: '2027-02-30' }] })
      .expect(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['caseId', 'nextSteps[0].dueOn']);
  });

  it('lists next steps with filters and lets only the own unit complete a step (403 otherwise)', async () => {
    const overdue = await t.http().get('/api/v1/next-steps?district=AGD&status=overdue').set('Authorization', d.coordinator).expect(200);
    expect(overdue.body.map((s: { id: string }) => s.id)).toEqual([overdueStep]);
    expect(overdue.body[0]).toMatchObject({ overdue: true, unit: 'EKB', status: 'open' });
    const vux = await t.http().get('/api/v1/next-steps?unit=VUX&status=open').set('Authorization', d.coordinator).expect(200);
    expect(vux.body.every((s: { unit: string }) => s.unit === 'VUX')).toBe(true);
    expect(vux.body.map((s: { id: string }) => s.id)).toContain(laterStep);
    const vuxRep = await t.auth('unit_rep', 'AGD', 'VUX');
    const denied = await t
      .http()
      .patch(`/api/v1/next-steps/${overdueStep}`)
      .set('Authorization', vuxRep)
      .send({ status: 'done', doneOn: todayInStockholm() })
      .expect(403);
    expect(denied.body.code).toBe('FORBIDDEN');
    const ekb = await t.auth('unit_rep', 'AGD', 'EKB');
    await t.http().patch(`/api/v1/next-steps/${overdueStep}`).set('Authorization', ekb).send({ status: 'done' }).expect(400);
    const done = await t
      .http()
      .patch(`/api/v1/next-steps/${overdueStep}`)
      .set('Authorization', ekb)
      .send({ status: 'done', doneOn: todayInStockholm() })
      .expect(200);
    expect(done.body).toMatchObject({ status: 'done', overdue: false, doneOn: todayInStockholm() });
    const doneList = await t.http().get('/api/v1/next-steps?status=done').set('Authorization', d.coordinator).expect(200);
    expect(doneList.body.map((s: { id: string }) => s.id)).toEqual([overdueStep]);
    const otherCoordinator = other.coordinator;
    await t.http().patch(`/api/v1/next-steps/${overdueStep}`).set('Authorization', otherCoordinator).send({ status: 'open' }).expect(404);
  });

  it('closes the meeting and carries undecided items over to the next one', async () => {
    const res = await t.http().post(`/api/v1/meetings/${m1}/close`).set('Authorization', d.coordinator).expect(200);
    expect(res.body.status).toBe('closed');
    expect(res.body.carriedOver).not.toContain(cases.B.caseId);
    expect(res.body.carriedOver).not.toContain(cases.C.caseId);
    expect(res.body.carriedOver).toEqual(expect.arrayContaining([cases.A.caseId, cases.D.caseId, cases.E.caseId]));
    const next = await agenda(m2);
    expect(codes(itemOf(next, cases.D.caseId))).toEqual(['deadline_before_meeting_after_next', 'carried_over', 'remaining_debt']);
    expect(codes(itemOf(next, cases.E.caseId))).toEqual(['carried_over', 'ongoing_disturbance']);
    expect(ids(section(next, 'follow_up'))).toContain(cases.E.caseId);
    // B's decision waits for VUX's confirmation: it stays on the next agendas until settled.
    expect(codes(itemOf(next, cases.B.caseId))).toEqual([
      'deadline_before_meeting_after_next',
      'decision_pending_confirmation',
      'remaining_debt',
      'next_step_overdue',
    ]);
    // Closed case G is on no agenda.
    expect(ids(allItems(next))).not.toContain(cases.G.caseId);
    await t.http().post(`/api/v1/meetings/${m1}/close`).set('Authorization', d.coordinator).expect(409);
    await t
      .http()
      .post(`/api/v1/meetings/${m1}/decisions`)
      .set('Authorization', d.coordinator)
      .send({ caseId: cases.A.caseId, text: 'x', nextSteps: [] })
      .expect(409);
  });

  it('gives the minutes: attendance, decisions, next steps and carry-over, as JSON and HTML', async () => {
    const res = await t.http().get(`/api/v1/meetings/${m1}/minutes`).set('Authorization', d.coordinator).expect(200);
    expect(res.body.attendance.map((a: { unit: string; withMandate: boolean }) => [a.unit, a.withMandate])).toEqual([
      ['BOF', false],
      ['EKB', true],
      ['VUX', false],
    ]);
    expect(res.body.absentUnits).toEqual(['BOF']);
    expect(res.body.decisions).toHaveLength(2);
    expect(res.body.decisions[0]).toMatchObject({ caseId: cases.B.caseId, pendingConfirmation: true });
    expect(res.body.decisions[0].nextSteps).toHaveLength(2);
    expect(res.body.carriedOver.map((c: { caseId: string }) => c.caseId)).toContain(cases.D.caseId);
    const html = await t.http().get(`/api/v1/meetings/${m1}/minutes.html`).set('Authorization', d.coordinator).expect(200);
    expect(html.headers['content-type']).toMatch(/^text\/html/);
    expect(html.text).toContain('Protokoll');
    expect(html.text).toContain('Närvaro');
    expect(html.text).toContain('Beslut');
    expect(html.text).toContain('Väntar på bekräftelse');
    expect(html.text).not.toMatch(/\d{6}-?\d{4}/);
  });

  it('audits every read of an agenda and of minutes, with the cases', async () => {
    const rows = await t.dataSource.query(
      `SELECT entity_type, case_ids, route FROM audit_log WHERE entity_type IN ('meeting_agenda', 'meeting_minutes') AND $1 = ANY(entity_ids)`,
      [m1],
    );
    const agendaReads = rows.filter((r: { entity_type: string }) => r.entity_type === 'meeting_agenda');
    expect(agendaReads.length).toBeGreaterThan(5);
    expect(agendaReads[0].case_ids).toContain(cases.A.caseId);
    expect(rows.filter((r: { entity_type: string }) => r.entity_type === 'meeting_minutes').length).toBe(2);
  });

  it('shows agendas to the district only and to no role without case access', async () => {
    const evaluator = await t.auth('evaluator', 'AGD');
    await t.http().get(`/api/v1/meetings/${m2}/agenda`).set('Authorization', evaluator).expect(403);
    await t.http().get(`/api/v1/meetings/${m2}/agenda`).set('Authorization', other.coordinator).expect(404);
    await t.http().get('/api/v1/meetings/not-a-uuid/agenda').set('Authorization', d.coordinator).expect(404);
    const rep = await t.auth('unit_rep', 'AGD', 'BOF');
    await t.http().get(`/api/v1/meetings/${m2}/agenda`).set('Authorization', rep).expect(200);
    await t.http().post(`/api/v1/meetings/${m2}/start`).set('Authorization', rep).expect(403);
  });
});

describe('meetings: a series across Christmas and Midsummer', () => {
  let t: TestApp;
  let d: DistrictFixture;

  beforeAll(async () => {
    t = await createTestApp();
    d = await newDistrict(t, 'SER', ['EKB']);
  });
  afterAll(() => t.close());

  const series = (body: object) => t.http().post('/api/v1/districts/SER/meeting-series').set('Authorization', d.coordinator).send(body);

  it('moves a meeting off Christmas Eve to the next working day, and says why', async () => {
    const res = await series({ firstOn: '2027-12-10', time: '09:00', everyWeeks: 2, until: '2028-01-10' }).expect(201);
    expect(
      res.body.meetings.map((m: { heldOn: string; movedFrom: string | null; reason: string | null }) => [m.heldOn, m.movedFrom, m.reason]),
    ).toEqual([
      ['2027-12-10', null, null],
      ['2027-12-27', '2027-12-24', 'julafton'],
      ['2028-01-07', null, null],
    ]);
    expect(res.body.meetings[1].startsAt).toBe('2027-12-27T08:00:00.000Z');
  });

  it('moves a meeting off Midsummer Eve, at the same wall-clock time in summer', async () => {
    const res = await series({ firstOn: '2028-06-09', time: '09:00', everyWeeks: 2, until: '2028-07-10' }).expect(201);
    const moved = res.body.meetings[1];
    expect(moved).toMatchObject({
      heldOn: '2028-06-26',
      movedFrom: '2028-06-23',
      reason: 'midsommarafton',
      startsAt: '2028-06-26T07:00:00.000Z',
    });
    const all = await t.http().get('/api/v1/meetings').set('Authorization', d.coordinator).expect(200);
    expect(all.body).toHaveLength(6);
  });

  it('refuses a series that ends before it starts, naming the field', async () => {
    const res = await series({ firstOn: '2028-06-09', time: '09:00', everyWeeks: 2, until: '2028-01-01' }).expect(400);
    expect(res.body.errors[0].field).toBe('until');
    const bad = await series({ firstOn: '2028-06-09', time: '9', everyWeeks: 0, until: '2028-07-01' }).expect(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['everyWeeks', 'time']);
  });
});

describe('meetings: no notification is ever missed around a freeze', () => {
  let t: TestApp;
  let d: DistrictFixture;

  beforeAll(async () => {
    t = await createTestApp();
    d = await newDistrict(t, 'FRZ', ['EKB']);
  });
  afterAll(() => t.close());

  const newIds = async (meetingId: string): Promise<string[]> => {
    const res = await t.http().get(`/api/v1/meetings/${meetingId}/agenda`).set('Authorization', d.coordinator).expect(200);
    return (res.body as Agenda).sections.find((s) => s.kind === 'new')!.items.flatMap((i) => i.notificationIds);
  };

  it('puts a notice written before the start but committed after it on the next agenda', async () => {
    const { caseId, notificationIds: early } = await newCase(t, d, { notices: ['2027-03-01'] });
    const m1 = await newMeeting(t, d, '2027-03-02T09:00:00+01:00');
    const m2 = await newMeeting(t, d, '2027-03-16T09:00:00+01:00');
    const runner = t.dataSource.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    let late: string;
    try {
      const [row] = await runner.query(
        `INSERT INTO notification (district_code, case_id, source, sender_key, external_reference, content_hash, received_on, receipt, created_by)
         VALUES ('FRZ', $1, 'other', 'x', 'LATE-1', 'h', '2027-03-02', '{}', 'test') RETURNING id`,
        [caseId],
      );
      late = row.id;
      await t.http().post(`/api/v1/meetings/${m1}/start`).set('Authorization', d.coordinator).expect(200);
      await runner.commitTransaction();
    } finally {
      await runner.release();
    }
    expect(await newIds(m1)).toEqual(early);
    expect(await newIds(m2)).toEqual([late]);
  });

  it('splits notices arriving while a meeting starts between it and the next, each exactly once', async () => {
    const m3 = await newMeeting(t, d, '2027-03-30T09:00:00+02:00');
    const m4 = await newMeeting(t, d, '2027-04-13T09:00:00+02:00');
    const { caseId } = await newCase(t, d, { notices: ['2027-03-28'] });
    const written: string[] = [];
    let writing = true;
    const writer = (async () => {
      for (let i = 0; writing || i < 5; i += 1) written.push(await addNotice(t, d, caseId, '2027-03-29'));
    })();
    await waitFor(async () => written.length > 0, 15000, 'the writer to start');
    await t.http().post(`/api/v1/meetings/${m3}/start`).set('Authorization', d.coordinator).expect(200);
    writing = false;
    await writer;
    const onM3 = await newIds(m3);
    const onM4 = await newIds(m4);
    // m2 (still planned) also lists what is not frozen yet; what matters is that m3 and the ones after it share none and miss none.
    const onM3AndLater = [...onM3, ...onM4.filter((id) => written.includes(id))];
    expect(new Set(onM3AndLater).size).toBe(onM3AndLater.length);
    expect(written.every((id) => onM3AndLater.includes(id))).toBe(true);
    expect(onM4.length).toBeGreaterThan(0);
  });
});

describe('meetings: a notice is new until an agenda is frozen with it', () => {
  let t: TestApp;
  let d: DistrictFixture;

  beforeAll(async () => {
    t = await createTestApp();
    d = await newDistrict(t, 'MRK', ['EKB']);
  });
  afterAll(() => t.close());

  const agendaOf = async (meetingId: string): Promise<Agenda> =>
    (await t.http().get(`/api/v1/meetings/${meetingId}/agenda`).set('Authorization', d.coordinator).expect(200)).body;
  const newIds = async (meetingId: string): Promise<string[]> =>
    section(await agendaOf(meetingId), 'new')
      .flatMap((i) => i.notificationIds)
      .sort();
  const awaiting = async (ids: string[]): Promise<boolean[]> =>
    (await t.dataSource.query('SELECT awaiting_agenda FROM notification WHERE id = ANY($1) ORDER BY id', [ids])).map(
      (r: { awaiting_agenda: boolean }) => r.awaiting_agenda,
    );

  it('stays new past a cancelled meeting; once frozen, neither a correction nor a merge makes it new again', async () => {
    // Notices received before today: a correction may not date a notice in the future.
    const today = todayInStockholm();
    const a = await newCase(t, d, { arrearsSek: 1000, notices: [addDays(today, -3)] });
    const b = await newCase(t, d, { arrearsSek: 2000, notices: [addDays(today, -2)] });
    const notices = [...a.notificationIds, ...b.notificationIds].sort();
    const m1 = await newMeeting(t, d, '2027-05-11T09:00:00+02:00');
    const m2 = await newMeeting(t, d, '2027-05-25T09:00:00+02:00');
    const m3 = await newMeeting(t, d, '2027-06-08T09:00:00+02:00');
    expect(await newIds(m1)).toEqual(notices);

    await t.http().post(`/api/v1/meetings/${m1}/cancel`).set('Authorization', d.coordinator).send({ reason: 'Sjukdom' }).expect(200);
    expect(await newIds(m2)).toEqual(notices);
    expect(await awaiting(notices)).toEqual([true, true]);

    await t.http().post(`/api/v1/meetings/${m2}/start`).set('Authorization', d.coordinator).expect(200);
    expect(await awaiting(notices)).toEqual([false, false]);
    await t.http().post(`/api/v1/meetings/${m2}/close`).set('Authorization', d.coordinator).expect(200);

    await t
      .http()
      .post(`/api/v1/notifications/${a.notificationIds[0]}/amendments`)
      .set('Authorization', d.coordinator)
      .send({ reason: 'Fel belopp och hyresvärd saknades', changes: { arrearsSek: 1500, landlordOrgNumber: '5560359555' } })
      .expect(201);
    await t
      .http()
      .post(`/api/v1/cases/${b.caseId}/merge`)
      .set('Authorization', d.coordinator)
      .send({ intoCaseId: a.caseId, reason: 'Samma hushåll' })
      .expect(200);
    const later = await addNotice(t, d, a.caseId, today);
    const next = await agendaOf(m3);
    expect(section(next, 'new').flatMap((i) => i.notificationIds)).toEqual([later]);
    expect(codes(itemOf(next, a.caseId))).toEqual(expect.arrayContaining(['new_notification', 'notice_amended']));
    expect(
      itemOf(next, a.caseId)
        .notices.filter((n) => n.new)
        .map((n) => n.id),
    ).toEqual([later]);
    expect(await awaiting([...notices, later].sort())).toEqual([...notices, later].sort().map((id) => id === later));
  });
});

describe('meetings: urgent misses nothing', () => {
  let t: TestApp;
  let d: DistrictFixture;

  beforeAll(async () => {
    t = await createTestApp();
    d = await newDistrict(t, 'URG', ['EKB']);
  });
  afterAll(() => t.close());

  const agendaOf = async (meetingId: string): Promise<Agenda> =>
    (await t.http().get(`/api/v1/meetings/${meetingId}/agenda`).set('Authorization', d.coordinator).expect(200)).body;

  it('puts on a first meeting a deadline that passed the day before it, and older ones of cases never discussed, saying so', async () => {
    const dayBefore = await newCase(t, d, { arrearsSek: 4000, deadline: { dueOn: '2027-03-01' }, notices: ['2027-02-05'] });
    const older = await newCase(t, d, { arrearsSek: 3000, deadline: { dueOn: '2027-01-15' }, notices: ['2026-12-20'] });
    const m1 = await newMeeting(t, d, '2027-03-02T09:00:00+01:00');
    await newMeeting(t, d, '2027-03-16T09:00:00+01:00');
    const a = await agendaOf(m1);
    const urgent = section(a, 'urgent');
    expect(ids(urgent)).toEqual([older.caseId, dayBefore.caseId]);
    const item = itemOf(a, dayBefore.caseId);
    expect(codes(item)).toEqual(['deadline_passed', 'new_notification', 'remaining_debt']);
    expect(item.reasons[0].text).toBe('Lagstadgad frist har redan gått ut');
    expect(item.deadlines).toEqual([expect.objectContaining({ dueOn: '2027-03-01', passed: true })]);
  });

  it('at a later meeting, counts deadlines from the previous meeting on, and earlier ones only for cases never discussed', async () => {
    const [m1, m2] = (await t.http().get('/api/v1/meetings').set('Authorization', d.coordinator).expect(200)).body.map(
      (m: { id: string }) => m.id,
    );
    const discussedEarlier = await newCase(t, d, { arrearsSek: 1000, deadline: { dueOn: '2027-02-20' }, notices: ['2027-02-01'] });
    await t.http().post(`/api/v1/meetings/${m1}/start`).set('Authorization', d.coordinator).expect(200);
    await t.http().post(`/api/v1/meetings/${m1}/close`).set('Authorization', d.coordinator).expect(200);
    const late = await newCase(t, d, { deadline: { dueOn: '2027-02-26' }, notices: ['2027-03-03'] });
    const a = await agendaOf(m2);
    expect(a.urgentFrom).toBe('2027-03-02');
    expect(ids(section(a, 'urgent'))).toContain(late.caseId);
    expect(codes(itemOf(a, late.caseId))).toEqual(['deadline_passed', 'new_notification']);
    // Discussed (and carried over) at m1 with a deadline before it: follow-up, not urgent again.
    expect(ids(section(a, 'follow_up'))).toContain(discussedEarlier.caseId);
    expect(codes(itemOf(a, discussedEarlier.caseId))).toEqual(['carried_over', 'remaining_debt']);
  });
});
