import { addDays, todayInStockholm } from '@bosam/calendar';
import { createTestApp, TestApp } from './support/app';
import { CaseFixture, DistrictFixture, newCase, newDistrict, newMeeting } from './support/meeting-factories';

const today = todayInStockholm();

interface Agenda {
  warnings: Array<{ kind: string; unit?: string }>;
  sections: Array<{
    kind: string;
    items: Array<{
      caseId: string;
      reasons: Array<{ code: string }>;
      unitsNotRepresented: string[];
      pendingDecisions: Array<{ id: string }>;
    }>;
  }>;
}
const items = (a: Agenda) => a.sections.flatMap((s) => s.items);
const itemOf = (a: Agenda, caseId: string) => items(a).find((i) => i.caseId === caseId);

describe('the meeting as it runs: attendance, pending decisions, minutes', () => {
  let t: TestApp;
  let d: DistrictFixture;
  let c1: CaseFixture;
  let c2: CaseFixture;
  let c3: CaseFixture;
  let elsewhere: CaseFixture;
  let m1: string;
  let m2: string;
  let m3: string;
  let decisionId: string;

  const http = () => t.http();
  const agenda = async (id: string): Promise<Agenda> =>
    (await http().get(`/api/v1/meetings/${id}/agenda`).set('Authorization', d.coordinator).expect(200)).body;

  beforeAll(async () => {
    t = await createTestApp();
    d = await newDistrict(t, 'RUN');
    c1 = await newCase(t, d, { arrearsSek: 5000, units: ['EKB', 'VUX'], name: 'Ada Ek' });
    c2 = await newCase(t, d, { arrearsSek: 3000, units: ['BOF'], name: 'Bo Al' });
    c3 = await newCase(t, d, { arrearsSek: 1000, units: ['EKB'], name: 'Cai Ås' });
    m1 = await newMeeting(t, d, `${addDays(today, 7)}T09:00:00+01:00`);
    m2 = await newMeeting(t, d, `${addDays(today, 21)}T09:00:00+01:00`);
    m3 = await newMeeting(t, d, `${addDays(today, 35)}T09:00:00+01:00`);
  });
  afterAll(() => t.close());

  it('records attendance one unit at a time, leaving the others as they were', async () => {
    await http()
      .put(`/api/v1/meetings/${m1}/attendance`)
      .set('Authorization', d.coordinator)
      .send({
        units: [
          { unit: 'EKB', person: 'Anna Andersson', role: 'assistant_head' },
          { unit: 'VUX', role: 'absent' },
        ],
      })
      .expect(200);
    let a = await agenda(m1);
    expect(itemOf(a, c1.caseId)!.unitsNotRepresented).toEqual(['VUX']);
    // VUX arrives late, without mandate.
    const res = await http()
      .put(`/api/v1/meetings/${m1}/attendance/VUX`)
      .set('Authorization', d.coordinator)
      .send({ person: 'Bo Berg', role: 'delegate', mandate: false })
      .expect(200);
    expect(res.body.map((r: { unit: string; person: string | null; withMandate: boolean }) => [r.unit, r.person, r.withMandate])).toEqual([
      ['EKB', 'Anna Andersson', true],
      ['VUX', 'Bo Berg', false],
    ]);
    a = await agenda(m1);
    expect(itemOf(a, c1.caseId)!.unitsNotRepresented).toEqual([]);
    expect(itemOf(a, c2.caseId)!.unitsNotRepresented).toEqual(['BOF']);
    expect(a.warnings.map((w) => [w.kind, w.unit])).toEqual([
      ['unit_absent', 'BOF'],
      ['unit_without_mandate', 'VUX'],
    ]);
    await http()
      .put(`/api/v1/meetings/${m1}/attendance/NOPE`)
      .set('Authorization', d.coordinator)
      .send({ person: 'X', role: 'delegate' })
      .expect(404);
    const bad = await http()
      .put(`/api/v1/meetings/${m1}/attendance/BOF`)
      .set('Authorization', d.coordinator)
      .send({ role: 'delegate' })
      .expect(400);
    expect(bad.body.errors[0].field).toBe('person');
  });

  it('keeps a decision of a unit without mandate pending, on every next agenda, until that unit or a coordinator confirms it', async () => {
    await http()
      .patch(`/api/v1/meetings/${m1}`)
      .set('Authorization', d.coordinator)
      .send({ chair: 'Maria Lind', noteTaker: 'Johan Berg' })
      .expect(200);
    await http().post(`/api/v1/meetings/${m1}/start`).set('Authorization', d.coordinator).expect(200);
    const res = await http()
      .post(`/api/v1/meetings/${m1}/decisions`)
      .set('Authorization', d.coordinator)
      .send({
        caseId: c1.caseId,
        text: 'Hembesök och budgetrådgivning',
        nextSteps: [{ unit: 'VUX', action: 'Hembesök', dueOn: addDays(today, 12), responsible: 'Bo Berg' }],
      })
      .expect(201);
    expect(res.body).toMatchObject({ status: 'pending', pendingUnits: ['VUX'], decidedByName: 'Test coordinator' });
    expect(res.body.nextSteps[0]).toMatchObject({ responsible: 'Bo Berg' });
    decisionId = res.body.id;
    // A second decision, without next steps.
    await http()
      .post(`/api/v1/meetings/${m1}/decisions`)
      .set('Authorization', d.coordinator)
      .send({ caseId: c3.caseId, text: 'Avvakta', nextSteps: [] })
      .expect(201);
    const past = await http()
      .post(`/api/v1/meetings/${m1}/decisions`)
      .set('Authorization', d.coordinator)
      .send({ caseId: c3.caseId, text: 'x', nextSteps: [{ unit: 'EKB', action: 'Ring', dueOn: addDays(today, -1) }] })
      .expect(400);
    expect(past.body.errors[0].field).toBe('nextSteps[0].dueOn');
    await http().post(`/api/v1/meetings/${m1}/close`).set('Authorization', d.coordinator).expect(200);
    for (const next of [m2, m3]) {
      const a = await agenda(next);
      expect(itemOf(a, c1.caseId)!.reasons.map((r) => r.code)).toContain('decision_pending_confirmation');
      expect(itemOf(a, c1.caseId)!.pendingDecisions.map((p) => p.id)).toEqual([decisionId]);
    }
    const ekb = await t.auth('unit_rep', 'RUN', 'EKB');
    await http()
      .post(`/api/v1/decisions/${decisionId}/confirm`)
      .set('Authorization', ekb)
      .send({ confirmed: true, by: 'Anna Andersson' })
      .expect(403);
    const vux = await t.auth('unit_rep', 'RUN', 'VUX');
    const confirmed = await http()
      .post(`/api/v1/decisions/${decisionId}/confirm`)
      .set('Authorization', vux)
      .send({ confirmed: true, by: 'Sara Ek' })
      .expect(200);
    expect(confirmed.body).toMatchObject({ status: 'confirmed', pendingConfirmation: false, confirmedBy: 'Sara Ek', pendingUnits: [] });
    await http()
      .post(`/api/v1/decisions/${decisionId}/confirm`)
      .set('Authorization', d.coordinator)
      .send({ confirmed: false, by: 'X' })
      .expect(409);
    expect(itemOf(await agenda(m2), c1.caseId)!.reasons.map((r) => r.code)).not.toContain('decision_pending_confirmation');
    const bad = await http()
      .post(`/api/v1/decisions/${decisionId}/confirm`)
      .set('Authorization', d.coordinator)
      .send({ confirmed: 'yes' })
      .expect(400);
    expect([...new Set(bad.body.errors.map((e: { field: string }) => e.field))].sort()).toEqual(['by', 'confirmed']);
  });

  it('shows decisions on the case: text, who, which meeting, pending or confirmed', async () => {
    const res = await http().get(`/api/v1/cases/${c1.caseId}`).set('Authorization', d.coordinator).expect(200);
    expect(res.body.decisions).toEqual([
      expect.objectContaining({
        id: decisionId,
        meetingId: m1,
        heldOn: addDays(today, 7),
        text: 'Hembesök och budgetrådgivning',
        decidedByName: 'Test coordinator',
        status: 'confirmed',
        confirmedBy: 'Sara Ek',
      }),
    ]);
    expect(res.body.timeline.map((e: { kind: string }) => e.kind)).toContain('meeting_decision_confirmed');
  });

  it('rejecting a pending decision cancels its open steps', async () => {
    await http().post(`/api/v1/meetings/${m2}/start`).set('Authorization', d.coordinator).expect(200);
    const res = await http()
      .post(`/api/v1/meetings/${m2}/decisions`)
      .set('Authorization', d.coordinator)
      .send({ caseId: c2.caseId, text: 'Kontakt via BOF', nextSteps: [{ unit: 'BOF', action: 'Ring', dueOn: addDays(today, 30) }] })
      .expect(201);
    expect(res.body.status).toBe('pending');
    const rejected = await http()
      .post(`/api/v1/decisions/${res.body.id}/confirm`)
      .set('Authorization', d.coordinator)
      .send({ confirmed: false, by: 'Lena Holm' })
      .expect(200);
    expect(rejected.body.status).toBe('rejected');
    expect(rejected.body.nextSteps[0]).toMatchObject({ status: 'cancelled', cancelReason: 'Beslutet bekräftades inte' });
    await http().post(`/api/v1/meetings/${m2}/close`).set('Authorization', d.coordinator).expect(200);
  });

  it('writes the minutes: times, chair and note-taker, attendance with mandate, decisions with the household, carried-over cases once', async () => {
    const res = await http().get(`/api/v1/meetings/${m1}/minutes`).set('Authorization', d.coordinator).expect(200);
    expect(res.body.meeting).toMatchObject({ chair: 'Maria Lind', noteTaker: 'Johan Berg', status: 'closed' });
    expect(res.body.meeting.startedAt).toBeTruthy();
    expect(res.body.meeting.closedAt).toBeTruthy();
    expect(res.body.decisions.map((x: { names: string }) => x.names)).toEqual(['Ada Ek', 'Cai Ås']);
    expect(res.body.carriedOver.map((c: { caseId: string }) => c.caseId)).toEqual([c2.caseId]);
    const html = (await http().get(`/api/v1/meetings/${m1}/minutes.html`).set('Authorization', d.coordinator).expect(200)).text;
    for (const text of [
      'Protokoll',
      'Närvaro',
      'Beslut',
      'Överförs till nästa möte',
      'Justering',
      'Ordförande: Maria Lind',
      'Sekreterare: Johan Berg',
      'Sekretess enligt OSL 26 kap. 1 §',
      'counter(pages)',
      'Bekräftat (Sara Ek)',
    ]) {
      expect(html).toContain(text);
    }
    expect(html).not.toMatch(/<script/i);
  });

  it('names the household of a decision on a case not on the agenda, and never carries over a closed case', async () => {
    elsewhere = await newCase(t, d, { status: 'closed', name: 'Dag Ny' });
    await http().post(`/api/v1/meetings/${m3}/start`).set('Authorization', d.coordinator).expect(200);
    await http()
      .post(`/api/v1/meetings/${m3}/decisions`)
      .set('Authorization', d.coordinator)
      .send({ caseId: elsewhere.caseId, text: 'Noterat', nextSteps: [] })
      .expect(201);
    await t.dataSource.query(`UPDATE household_case SET status = 'closed', closed_on = $2, outcome = 'moved' WHERE id = $1`, [
      c3.caseId,
      today,
    ]);
    await http().post(`/api/v1/meetings/${m3}/close`).set('Authorization', d.coordinator).expect(200);
    const res = await http().get(`/api/v1/meetings/${m3}/minutes`).set('Authorization', d.coordinator).expect(200);
    expect(res.body.decisions.map((x: { names: string }) => x.names)).toEqual(['Dag Ny']);
    expect(res.body.carriedOver.map((c: { caseId: string }) => c.caseId)).not.toContain(c3.caseId);
    expect(new Set(res.body.carriedOver.map((c: { caseId: string }) => c.caseId)).size).toBe(res.body.carriedOver.length);
  });
});

describe('next steps between meetings, and closing a case with open steps', () => {
  let t: TestApp;
  let d: DistrictFixture;
  let c: CaseFixture;
  let stepId: string;
  const http = () => t.http();

  beforeAll(async () => {
    t = await createTestApp();
    d = await newDistrict(t, 'STP');
    c = await newCase(t, d, { arrearsSek: 2000, units: ['EKB'] });
  });
  afterAll(() => t.close());

  it('creates a step on a case at any time, with an optional responsible person; a unit rep for their own unit only', async () => {
    const res = await http()
      .post(`/api/v1/cases/${c.caseId}/next-steps`)
      .set('Authorization', d.coordinator)
      .send({ unit: 'EKB', action: 'Ring hyresgästen', dueOn: addDays(today, 7), responsible: 'Anna Andersson' })
      .expect(201);
    expect(res.body).toMatchObject({
      unit: 'EKB',
      status: 'open',
      dueOn: addDays(today, 7),
      responsible: 'Anna Andersson',
      decisionId: null,
    });
    stepId = res.body.id;
    const ekb = await t.auth('unit_rep', 'STP', 'EKB');
    await http()
      .post(`/api/v1/cases/${c.caseId}/next-steps`)
      .set('Authorization', ekb)
      .send({ unit: 'VUX', action: 'x', dueOn: addDays(today, 3) })
      .expect(403);
    await http()
      .post(`/api/v1/cases/${c.caseId}/next-steps`)
      .set('Authorization', ekb)
      .send({ unit: 'EKB', action: 'Skicka brev', dueOn: today })
      .expect(201);
    const past = await http()
      .post(`/api/v1/cases/${c.caseId}/next-steps`)
      .set('Authorization', d.coordinator)
      .send({ unit: 'EKB', action: 'x', dueOn: addDays(today, -1) })
      .expect(400);
    expect(past.body.errors[0].field).toBe('dueOn');
    const unknown = await http()
      .post(`/api/v1/cases/${c.caseId}/next-steps`)
      .set('Authorization', d.coordinator)
      .send({ unit: 'NOPE', action: 'x', dueOn: today })
      .expect(400);
    expect(unknown.body.errors[0].field).toBe('unit');
  });

  it('changes due date, unit and action with the history on the timeline; refuses a due date before today', async () => {
    const res = await http()
      .patch(`/api/v1/next-steps/${stepId}`)
      .set('Authorization', d.coordinator)
      .send({ status: 'open', dueOn: addDays(today, 10), unit: 'VUX', action: 'Boka hembesök' })
      .expect(200);
    expect(res.body).toMatchObject({ unit: 'VUX', dueOn: addDays(today, 10), action: 'Boka hembesök', status: 'open' });
    const detail = await http().get(`/api/v1/cases/${c.caseId}`).set('Authorization', d.coordinator).expect(200);
    const change = detail.body.timeline.find((e: { kind: string }) => e.kind === 'next_step_changed');
    expect(change.data).toEqual({
      nextStepId: stepId,
      changes: {
        dueOn: { from: addDays(today, 7), to: addDays(today, 10) },
        unit: { from: 'EKB', to: 'VUX' },
        action: { from: 'Ring hyresgästen', to: 'Boka hembesök' },
      },
    });
    const past = await http()
      .patch(`/api/v1/next-steps/${stepId}`)
      .set('Authorization', d.coordinator)
      .send({ status: 'open', dueOn: addDays(today, -2) })
      .expect(400);
    expect(past.body.errors[0].field).toBe('dueOn');
    const vux = await t.auth('unit_rep', 'STP', 'VUX');
    await http().patch(`/api/v1/next-steps/${stepId}`).set('Authorization', vux).send({ status: 'open', unit: 'EKB' }).expect(403);
  });

  it('cancels with a reason and completes with a result', async () => {
    const noReason = await http()
      .patch(`/api/v1/next-steps/${stepId}`)
      .set('Authorization', d.coordinator)
      .send({ status: 'cancelled' })
      .expect(400);
    expect(noReason.body.errors[0].field).toBe('reason');
    const cancelled = await http()
      .patch(`/api/v1/next-steps/${stepId}`)
      .set('Authorization', d.coordinator)
      .send({ status: 'cancelled', reason: 'Hushållet har flyttat' })
      .expect(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', cancelReason: 'Hushållet har flyttat' });
    const done = await http()
      .patch(`/api/v1/next-steps/${stepId}`)
      .set('Authorization', d.coordinator)
      .send({ status: 'done', doneOn: today, result: 'Nådd per telefon; betalningsplan på gång' })
      .expect(200);
    expect(done.body).toMatchObject({
      status: 'done',
      doneOn: today,
      result: 'Nådd per telefon; betalningsplan på gång',
      cancelReason: null,
    });
  });

  it('answers 409 OPEN_NEXT_STEPS listing them when closing, unless told to cancel them', async () => {
    const open = (await http().get('/api/v1/next-steps?status=open').set('Authorization', d.coordinator).expect(200)).body;
    expect(open).toHaveLength(1);
    const refused = await http()
      .post(`/api/v1/cases/${c.caseId}/close`)
      .set('Authorization', d.coordinator)
      .send({ on: today, outcome: 'lease_kept' })
      .expect(409);
    expect(refused.body.code).toBe('OPEN_NEXT_STEPS');
    expect(refused.body.nextSteps).toEqual([expect.objectContaining({ id: open[0].id, unit: 'EKB', action: 'Skicka brev', dueOn: today })]);
    const closed = await http()
      .post(`/api/v1/cases/${c.caseId}/close`)
      .set('Authorization', d.coordinator)
      .send({ on: today, outcome: 'lease_kept', cancelOpenSteps: true })
      .expect(200);
    expect(closed.body).toMatchObject({ status: 'closed', cancelledNextSteps: [open[0].id] });
    const detail = await http().get(`/api/v1/cases/${c.caseId}`).set('Authorization', d.coordinator).expect(200);
    expect(detail.body.nextSteps.find((s: { id: string }) => s.id === open[0].id)).toMatchObject({
      status: 'cancelled',
      cancelReason: `Ärendet avslutades ${today}`,
    });
    expect(
      detail.body.timeline
        .filter((e: { kind: string }) => e.kind === 'next_step_cancelled')
        .map((e: { data: { nextStepId: string } }) => e.data.nextStepId),
    ).toContain(open[0].id);
    await http()
      .post(`/api/v1/cases/${c.caseId}/next-steps`)
      .set('Authorization', d.coordinator)
      .send({ unit: 'EKB', action: 'x', dueOn: today })
      .expect(409);
  });
});

describe('meetings cancelled, moved, and a series ended', () => {
  let t: TestApp;
  let d: DistrictFixture;
  const http = () => t.http();

  beforeAll(async () => {
    t = await createTestApp();
    d = await newDistrict(t, 'CAN', ['EKB']);
  });
  afterAll(() => t.close());

  it('cancels a planned meeting with a reason; it stays listed in its series, and the agenda looks past it', async () => {
    const series = await http()
      .post('/api/v1/districts/CAN/meeting-series')
      .set('Authorization', d.coordinator)
      .send({ firstOn: '2027-03-02', time: '09:00', everyWeeks: 2, until: '2027-04-30' })
      .expect(201);
    const [first, second, third] = series.body.meetings.map((m: { id: string }) => m.id);
    const res = await http()
      .post(`/api/v1/meetings/${second}/cancel`)
      .set('Authorization', d.coordinator)
      .send({ reason: 'Krockar med utbildningsdag' })
      .expect(200);
    expect(res.body).toMatchObject({ status: 'cancelled', cancelReason: 'Krockar med utbildningsdag', seriesId: series.body.seriesId });
    const list = (await http().get('/api/v1/meetings').set('Authorization', d.coordinator).expect(200)).body;
    expect(list.find((m: { id: string }) => m.id === second)).toMatchObject({ status: 'cancelled' });
    // The meeting after next of the first is now the fourth (the second does not take place).
    const agenda = (await http().get(`/api/v1/meetings/${first}/agenda`).set('Authorization', d.coordinator).expect(200)).body;
    expect(agenda.urgentBefore).toBe(list[3].heldOn);
    expect(
      (await http().post(`/api/v1/meetings/${second}/cancel`).set('Authorization', d.coordinator).send({ reason: 'x' }).expect(409)).body
        .code,
    ).toBe('MEETING_STATE');
    await http().post(`/api/v1/meetings/${second}/start`).set('Authorization', d.coordinator).expect(409);
    const bad = await http().post(`/api/v1/meetings/${third}/cancel`).set('Authorization', d.coordinator).send({}).expect(400);
    expect(bad.body.errors[0].field).toBe('reason');
  });

  it('moves a planned meeting, saying from which date and why', async () => {
    const id = await newMeeting(t, d, '2027-06-01T09:00:00+02:00');
    const res = await http()
      .patch(`/api/v1/meetings/${id}`)
      .set('Authorization', d.coordinator)
      .send({ startsAt: '2027-06-03T13:00:00+02:00', reason: 'Lokalen upptagen' })
      .expect(200);
    expect(res.body).toMatchObject({
      heldOn: '2027-06-03',
      movedFrom: '2027-06-01',
      movedReason: 'Lokalen upptagen',
      startsAt: '2027-06-03T11:00:00.000Z',
    });
    await http().post(`/api/v1/meetings/${id}/start`).set('Authorization', d.coordinator).expect(200);
    await http()
      .patch(`/api/v1/meetings/${id}`)
      .set('Authorization', d.coordinator)
      .send({ startsAt: '2027-06-04T09:00:00+02:00' })
      .expect(409);
    await http().post(`/api/v1/meetings/${id}/cancel`).set('Authorization', d.coordinator).send({ reason: 'x' }).expect(409);
  });

  it('ends a series from a date: its planned meetings from then on are cancelled and still listed', async () => {
    const series = await http()
      .post('/api/v1/districts/CAN/meeting-series')
      .set('Authorization', d.coordinator)
      .send({ firstOn: '2027-09-07', time: '09:00', everyWeeks: 2, until: '2027-11-30' })
      .expect(201);
    const res = await http()
      .post(`/api/v1/districts/CAN/meeting-series/${series.body.seriesId}/end`)
      .set('Authorization', d.coordinator)
      .send({ from: '2027-10-15' })
      .expect(200);
    expect(res.body.map((m: { heldOn: string; status: string }) => [m.heldOn, m.status])).toEqual([
      ['2027-09-07', 'planned'],
      ['2027-09-21', 'planned'],
      ['2027-10-05', 'planned'],
      ['2027-10-19', 'cancelled'],
      ['2027-11-02', 'cancelled'],
      ['2027-11-16', 'cancelled'],
      ['2027-11-30', 'cancelled'],
    ]);
    expect(res.body[3].cancelReason).toBe('Serien avslutad från 2027-10-15');
    await http()
      .post(`/api/v1/districts/CAN/meeting-series/${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}/end`)
      .set('Authorization', d.coordinator)
      .send({ from: '2027-10-15' })
      .expect(404);
  });
});
