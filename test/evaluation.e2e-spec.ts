import { createTestApp, TestApp } from './support/app';
import { seedEvaluationCase, seedContact, seedMeeting, seedNextStep } from './support/evaluation-factories';
import { notificationBody, TEST_LANDLORD } from './support/factories';
import { DistrictFixture, newDistrict } from './support/meeting-factories';

/**
 * The termly evaluation over a seeded autumn term 2026 (and its spring neighbour): indicators,
 * term boundaries, targets met and unmet, decisions, roles and district scoping.
 */
describe('termly evaluation: indicators, targets, decisions', () => {
  let t: TestApp;
  let eva: DistrictFixture;
  let evb: DistrictFixture;
  const indicators = (term: string, auth?: string, code = 'EVA') =>
    t
      .http()
      .get(`/api/v1/districts/${code}/terms/${term}/indicators`)
      .set('Authorization', auth ?? eva.coordinator);

  beforeAll(async () => {
    t = await createTestApp();
    eva = await newDistrict(t, 'EVA', ['EKB', 'VUX']);
    evb = await newDistrict(t, 'EVB', ['EKB']);
    await t
      .http()
      .post('/api/v1/landlords')
      .set('Authorization', await t.auth('admin', 'EVA'))
      .send(TEST_LANDLORD)
      .expect(201);

    // Through the intake: the last day of the spring term and the first of the autumn term.
    const post = (receivedOn: string) =>
      t
        .http()
        .post('/api/v1/notifications')
        .set('Authorization', eva.coordinator)
        .send(
          notificationBody({ district: 'EVA', receivedOn, tenantServedOn: receivedOn, boardNotifiedOn: receivedOn, arrearsSek: 12345.5 }),
        )
        .expect(201);
    const a = await post('2026-06-30');
    const b = await post('2026-07-01');
    const [noticeA] = (await t.dataSource.query('SELECT id FROM notification WHERE case_id = $1', [a.body.caseId])).map(
      (r: { id: string }) => r.id,
    );
    const [noticeB] = (await t.dataSource.query('SELECT id FROM notification WHERE case_id = $1', [b.body.caseId])).map(
      (r: { id: string }) => r.id,
    );

    const p1 = await seedEvaluationCase(t, eva, { openedOn: '2026-01-10', closedOn: '2026-03-01', outcome: 'moved' });
    const p2 = await seedEvaluationCase(t, eva, { openedOn: '2023-11-01', closedOn: '2024-01-10', outcome: 'moved' });
    const c1 = await seedEvaluationCase(t, eva, { openedOn: '2026-08-03', closedOn: '2026-10-01', outcome: 'evicted', children: 1 });
    const c2 = await seedEvaluationCase(t, eva, {
      openedOn: '2026-08-10',
      closedOn: '2026-11-02',
      outcome: 'evicted',
      notices: [{ receivedOn: '2026-08-10', source: 'enforcement_eviction_date' }],
    });
    const c3 = await seedEvaluationCase(t, eva, { openedOn: '2026-09-01', closedOn: '2026-09-20', outcome: 'lease_kept' });
    const c4 = await seedEvaluationCase(t, eva, {
      openedOn: '2026-09-15',
      arrearsSek: 5000,
      recurrence: true,
      previousCaseId: p1.caseId,
      notices: [{ receivedOn: '2026-09-15' }, { receivedOn: '2026-12-31' }],
    });
    const c5 = await seedEvaluationCase(t, eva, {
      openedOn: '2026-10-01',
      arrearsSek: 1000.5,
      recurrence: true,
      previousCaseId: p2.caseId,
    });
    // Another district's eviction of a family, in the same term: never counted for EVA.
    const other = await seedEvaluationCase(t, evb, { openedOn: '2026-08-01', closedOn: '2026-09-01', outcome: 'evicted', children: 3 });

    await seedMeeting(t, eva, { heldOn: '2026-06-30', notificationIds: [noticeA] });
    await seedMeeting(t, eva, {
      heldOn: '2026-07-14',
      notificationIds: [noticeB],
      attendance: [
        { unit: 'EKB', role: 'assistant_head', withMandate: true },
        { unit: 'VUX', role: 'absent', withMandate: false },
      ],
    });
    await seedMeeting(t, eva, {
      heldOn: '2026-08-11',
      notificationIds: [c1.notificationIds[0], c2.notificationIds[0]],
      attendance: [
        { unit: 'EKB', role: 'delegate', withMandate: false },
        { unit: 'VUX', role: 'assistant_head', withMandate: true },
      ],
    });
    await seedMeeting(t, eva, {
      heldOn: '2026-09-22',
      notificationIds: [c3.notificationIds[0], c4.notificationIds[0]],
      attendance: [
        { unit: 'EKB', role: 'assistant_head', withMandate: true },
        { unit: 'VUX', role: 'delegate', withMandate: true },
      ],
    });
    // Planned, not held: its agenda does not count.
    await seedMeeting(t, eva, { heldOn: '2026-10-13', started: false, notificationIds: [c5.notificationIds[0]] });
    await seedMeeting(t, evb, { heldOn: '2026-08-11', notificationIds: other.notificationIds });

    await seedContact(t, b.body.caseId, '2026-07-03', false);
    await seedContact(t, b.body.caseId, '2026-07-10', true);
    await seedContact(t, c1.caseId, '2026-08-20', true);
    await seedContact(t, c3.caseId, '2026-09-05', false);
    await seedContact(t, c4.caseId, '2026-09-16', true);
    await seedContact(t, other.caseId, '2026-08-02', true);

    await seedNextStep(t, eva, c4.caseId, {
      unit: 'EKB',
      createdAt: '2026-08-11T10:00:00+02:00',
      dueOn: '2026-08-20',
      status: 'done',
      doneOn: '2026-08-18',
    });
    await seedNextStep(t, eva, c4.caseId, {
      unit: 'EKB',
      createdAt: '2026-08-11T10:00:00+02:00',
      dueOn: '2026-08-20',
      status: 'done',
      doneOn: '2026-08-25',
    });
    await seedNextStep(t, eva, c4.caseId, { unit: 'VUX', createdAt: '2026-08-11T10:00:00+02:00', dueOn: '2026-09-01' });
    await seedNextStep(t, eva, c4.caseId, { unit: 'VUX', createdAt: '2026-09-22T10:00:00+02:00', dueOn: '2099-01-01' });
    // 23:30 on 30 June in Stockholm is spring; 00:30 on 1 July (still 30 June in UTC) is autumn.
    await seedNextStep(t, eva, c4.caseId, { unit: 'EKB', createdAt: '2026-06-30T23:30:00+02:00', dueOn: '2026-07-15' });
    await seedNextStep(t, eva, c4.caseId, { unit: 'VUX', createdAt: '2026-06-30T22:30:00Z', dueOn: '2026-07-15', status: 'cancelled' });
  });
  afterAll(() => t.close());

  it('computes the autumn term from the district’s records only, by the definitions', async () => {
    const res = await indicators('2026-HT').expect(200);
    expect(res.body).toMatchObject({ district: 'EVA', term: '2026-HT', from: '2026-07-01', to: '2026-12-31' });
    expect(res.body.indicators).toMatchObject({
      notificationsReceived: 7,
      householdsWithChildren: 2,
      casesOpened: 6,
      casesClosed: 3,
      evictionsCarriedOut: 2,
      evictionsAffectingChildren: 1,
      leasesKept: 1,
      notificationsOnAgenda: 5,
      medianDaysToFirstAgenda: 8,
      p90DaysToFirstAgenda: 17.8,
      casesWithContact: 4,
      medianDaysToFirstContact: 3,
      p90DaysToFirstContact: 13.1,
      casesReached: 3,
      shareReached: 0.5,
      shareFirstContactWithin14Days: 0.5,
      casesOpenAtTermEnd: 4,
      remainingDebtSek: 30691.5,
      meetingsHeld: 3,
      nextStepsCreated: 5,
      nextStepsDone: 2,
      nextStepsDoneOnTime: 1,
      nextStepsOverdue: 1,
      consentsRecorded: 0,
      exchangesRecorded: 0,
      liaisonSessionsHeld: 0,
      recurrences: 1,
      recurrencesAny: 2,
      notificationsBySource: { landlord_arrears: 6, enforcement_eviction_date: 1 },
      casesClosedByOutcome: { evicted: 2, lease_kept: 1 },
    });
    expect(res.body.indicators.notificationsByLandlord).toEqual([
      { landlord: null, count: 6 },
      { landlord: TEST_LANDLORD.name, count: 1 },
    ]);
    expect(res.body.indicators.units).toEqual([
      {
        unit: 'EKB',
        name: 'Enhet EKB',
        meetingsHeld: 3,
        attended: 3,
        attendedWithMandate: 2,
        nextStepsCreated: 2,
        nextStepsDone: 2,
        nextStepsDoneOnTime: 1,
        nextStepsOverdue: 0,
      },
      {
        unit: 'VUX',
        name: 'Enhet VUX',
        meetingsHeld: 3,
        attended: 2,
        attendedWithMandate: 2,
        nextStepsCreated: 3,
        nextStepsDone: 0,
        nextStepsDoneOnTime: 0,
        nextStepsOverdue: 1,
      },
    ]);
    expect(Object.keys(res.body.definitions)).toEqual(
      expect.arrayContaining(['medianDaysToFirstAgenda', 'shareReached', 'recurrences', 'units']),
    );
  });

  it('puts a notice of 30 June in the spring term and one of 1 July in the autumn term', async () => {
    const spring = (await indicators('2026-VT').expect(200)).body;
    expect(spring).toMatchObject({ from: '2026-01-01', to: '2026-06-30' });
    expect(spring.indicators).toMatchObject({
      notificationsReceived: 2,
      casesOpened: 2,
      casesClosed: 1,
      meetingsHeld: 1,
      medianDaysToFirstAgenda: 0,
      nextStepsCreated: 1,
      casesClosedByOutcome: { moved: 1 },
      casesOpenAtTermEnd: 1,
      remainingDebtSek: 12345.5,
    });
  });

  it('answers an empty term with zeros and no statistics', async () => {
    const res = await indicators('2031-VT').expect(200);
    expect(res.body.indicators).toMatchObject({
      notificationsReceived: 0,
      casesOpened: 0,
      medianDaysToFirstAgenda: null,
      p90DaysToFirstContact: null,
      shareReached: null,
      meetingsHeld: 0,
    });
  });

  it('replaces the term’s targets and judges each against its indicator', async () => {
    const put = (targets: unknown) =>
      t.http().put('/api/v1/districts/EVA/terms/2026-HT/targets').set('Authorization', eva.coordinator).send({ targets });
    const stored = await put([
      { indicator: 'evictionsAffectingChildren', comparator: '=', value: 0 },
      { indicator: 'shareReached', comparator: '>=', value: 0.5 },
      { indicator: 'medianDaysToFirstAgenda', comparator: '<=', value: 7 },
      { indicator: 'nextStepsOverdue', comparator: '<=', value: 1 },
    ]).expect(200);
    expect(stored.body).toEqual({
      district: 'EVA',
      term: '2026-HT',
      targets: [
        { indicator: 'evictionsAffectingChildren', unit: null, comparator: '=', value: 0 },
        { indicator: 'shareReached', unit: null, comparator: '>=', value: 0.5 },
        { indicator: 'medianDaysToFirstAgenda', unit: null, comparator: '<=', value: 7 },
        { indicator: 'nextStepsOverdue', unit: null, comparator: '<=', value: 1 },
      ],
    });
    const judged = (await indicators('2026-HT').expect(200)).body.targets;
    expect(judged).toEqual([
      { indicator: 'evictionsAffectingChildren', unit: null, comparator: '=', value: 0, actual: 1, met: false },
      { indicator: 'shareReached', unit: null, comparator: '>=', value: 0.5, actual: 0.5, met: true },
      { indicator: 'medianDaysToFirstAgenda', unit: null, comparator: '<=', value: 7, actual: 8, met: false },
      { indicator: 'nextStepsOverdue', unit: null, comparator: '<=', value: 1, actual: 1, met: true },
    ]);
    // An empty term's median has nothing to judge.
    await t
      .http()
      .put('/api/v1/districts/EVA/terms/2031-VT/targets')
      .set('Authorization', eva.coordinator)
      .send({ targets: [{ indicator: 'medianDaysToFirstContact', comparator: '<=', value: 14 }] })
      .expect(200);
    expect((await indicators('2031-VT').expect(200)).body.targets).toEqual([
      { indicator: 'medianDaysToFirstContact', unit: null, comparator: '<=', value: 14, actual: null, met: null },
    ]);

    await put([{ indicator: 'evictionsCarriedOut', comparator: '<=', value: 1 }]).expect(200);
    expect((await indicators('2026-HT').expect(200)).body.targets).toEqual([
      { indicator: 'evictionsCarriedOut', unit: null, comparator: '<=', value: 1, actual: 2, met: false },
    ]);
    // Spring's targets are spring's own.
    expect((await indicators('2026-VT').expect(200)).body.targets).toEqual([]);
  });

  it('refuses unknown indicators and comparators naming the field, and keeps the targets as they were', async () => {
    const res = await t
      .http()
      .put('/api/v1/districts/EVA/terms/2026-HT/targets')
      .set('Authorization', eva.coordinator)
      .send({
        targets: [
          { indicator: 'casesOpened', comparator: '>=', value: 1 },
          { indicator: 'happiness', comparator: '>=', value: 1 },
        ],
      })
      .expect(400);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(['targets[1].indicator']);
    const comparator = await t
      .http()
      .put('/api/v1/districts/EVA/terms/2026-HT/targets')
      .set('Authorization', eva.coordinator)
      .send({ targets: [{ indicator: 'casesOpened', comparator: '<', value: 1 }] })
      .expect(400);
    expect(comparator.body.errors.map((e: { field: string }) => e.field)).toEqual(['targets[0].comparator']);
    expect((await indicators('2026-HT').expect(200)).body.targets.map((x: { indicator: string }) => x.indicator)).toEqual([
      'evictionsCarriedOut',
    ]);
  });

  it('refuses a term that is not YYYY-VT or YYYY-HT, naming term', async () => {
    for (const term of ['2026-XT', '2026', 'HT-2026', '2026-ht']) {
      const res = await indicators(term).expect(400);
      expect(res.body.errors).toEqual([expect.objectContaining({ field: 'term' })]);
    }
  });

  it('records decisions and lists them with the indicators', async () => {
    const res = await t
      .http()
      .post('/api/v1/districts/EVA/terms/2026-HT/decisions')
      .set('Authorization', eva.coordinator)
      .send({ text: 'Hembesök inom 14 dagar för alla hushåll med barn', owner: 'Enhetschef BOF', dueOn: '2027-03-31' })
      .expect(201);
    expect(res.body).toMatchObject({ district: 'EVA', term: '2026-HT', owner: 'Enhetschef BOF', dueOn: '2027-03-31' });
    const bad = await t
      .http()
      .post('/api/v1/districts/EVA/terms/2026-HT/decisions')
      .set('Authorization', eva.coordinator)
      .send({ text: 'x', owner: 'y', dueOn: '2027-02-30' })
      .expect(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(['dueOn']);
    const listed = (await indicators('2026-HT').expect(200)).body.decisions;
    expect(listed).toEqual([expect.objectContaining({ id: res.body.id, text: 'Hembesök inom 14 dagar för alla hushåll med barn' })]);
    expect((await indicators('2026-VT').expect(200)).body.decisions).toEqual([]);
  });

  it('lets an evaluator read the aggregates but not set targets or decide; refuses unit reps, admins and auditors', async () => {
    const evaluator = await t.auth('evaluator', 'EVA');
    expect((await indicators('2026-HT', evaluator).expect(200)).body.indicators.casesOpened).toBe(6);
    await t.http().put('/api/v1/districts/EVA/terms/2026-HT/targets').set('Authorization', evaluator).send({ targets: [] }).expect(403);
    await t
      .http()
      .post('/api/v1/districts/EVA/terms/2026-HT/decisions')
      .set('Authorization', evaluator)
      .send({ text: 'x', owner: 'y', dueOn: '2027-01-01' })
      .expect(403);
    for (const role of ['unit_rep', 'admin', 'auditor'] as const) {
      const res = await indicators('2026-HT', await t.auth(role, 'EVA'));
      expect([role, res.status, res.body.code]).toEqual([role, 403, 'FORBIDDEN']);
    }
  });

  it('answers 404 for another district, and for a district that does not exist', async () => {
    await indicators('2026-HT', evb.coordinator).expect(404);
    await indicators('2026-HT', await t.auth('evaluator', 'EVB')).expect(404);
    await t
      .http()
      .put('/api/v1/districts/EVA/terms/2026-HT/targets')
      .set('Authorization', evb.coordinator)
      .send({ targets: [] })
      .expect(404);
    await indicators('2026-HT', await t.auth('coordinator', 'NOPE'), 'NOPE').expect(404);
    // District B sees its own eviction of a family only.
    const own = (await indicators('2026-HT', evb.coordinator, 'EVB').expect(200)).body.indicators;
    expect(own).toMatchObject({
      evictionsCarriedOut: 1,
      evictionsAffectingChildren: 1,
      casesOpened: 1,
      meetingsHeld: 1,
      medianDaysToFirstAgenda: 10,
    });
  });

  it('answers the same export to the same district, term and format while it is queued, and 409 for its file until done', async () => {
    const evaluator = await t.auth('evaluator', 'EVA');
    const ask = (format: string, auth = eva.coordinator) =>
      t.http().post('/api/v1/evaluation-exports').set('Authorization', auth).send({ district: 'EVA', term: '2026-HT', format });
    const first = await ask('csv').expect(202);
    const again = await ask('csv', evaluator).expect(202);
    expect(again.body.id).toBe(first.body.id);
    const xlsx = await ask('xlsx').expect(202);
    expect(xlsx.body.id).not.toBe(first.body.id);
    const status = await t.http().get(`/api/v1/evaluation-exports/${first.body.id}`).set('Authorization', evaluator).expect(200);
    expect(status.body).toMatchObject({
      id: first.body.id,
      status: 'queued',
      progress: 0,
      format: 'csv',
      district: 'EVA',
      term: '2026-HT',
      finishedAt: null,
    });
    const file = await t.http().get(`/api/v1/evaluation-exports/${first.body.id}/file`).set('Authorization', evaluator).expect(409);
    expect(file.body.code).toBe('CONFLICT');
    // One job request per export, with its deterministic id.
    const jobs = await t.dataSource.query(`SELECT job_id FROM outbox_job WHERE name = 'evaluation.build-export' ORDER BY job_id`);
    expect(jobs.map((j: { job_id: string }) => j.job_id).sort()).toEqual(
      [`evaluation-export-${first.body.id}`, `evaluation-export-${xlsx.body.id}`].sort(),
    );
    await t.http().get(`/api/v1/evaluation-exports/${first.body.id}`).set('Authorization', evb.coordinator).expect(404);
    await ask('json', evb.coordinator).expect(404);
    const bad = await ask('pdf').expect(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(['format']);
  });

  it('counts consents, exchanges and liaison sessions held in the term', async () => {
    const [{ id: landlordId }] = await t.dataSource.query('SELECT id FROM landlord LIMIT 1');
    const [{ id: caseId }] = await t.dataSource.query(
      `SELECT id FROM household_case WHERE district_code = 'EVA' AND opened_on = '2026-09-15'`,
    );
    const consent = (givenOn: string) =>
      t.dataSource.query(
        `INSERT INTO consent (district_code, case_id, landlord_id, categories, given_on, form, documented_by, created_by)
         VALUES ('EVA', $1, $2, '{arrears_status}', $3, 'written', 'Anna Andersson', 'test') RETURNING id`,
        [caseId, landlordId, givenOn],
      );
    const [{ id: consentId }] = await consent('2026-08-01');
    await consent('2026-06-15');
    await t.dataSource.query(
      `INSERT INTO landlord_exchange (district_code, case_id, landlord_id, "on", direction, categories, summary, consent_ids, created_by)
       VALUES ('EVA', $1, $2, '2026-08-05', 'to_landlord', '{arrears_status}', 'Kontakt etablerad', $3, 'test')`,
      [caseId, landlordId, [consentId]],
    );
    // Held (attendance recorded), still planned, and cancelled: only the held count as held.
    for (const [on, status] of [
      ['2026-05-01', 'held'],
      ['2026-09-01', 'held'],
      ['2026-10-01', 'planned'],
      ['2026-11-01', 'cancelled'],
    ]) {
      await t.dataSource.query(`INSERT INTO liaison_session (district_code, "on", status, created_by) VALUES ('EVA', $1, $2, 'test')`, [
        on,
        status,
      ]);
    }
    expect((await indicators('2026-HT').expect(200)).body.indicators).toMatchObject({
      consentsRecorded: 1,
      exchangesRecorded: 1,
      liaisonSessionsHeld: 1,
      liaisonSessionsPlanned: 1,
    });
    expect((await indicators('2026-VT').expect(200)).body.indicators).toMatchObject({
      consentsRecorded: 1,
      exchangesRecorded: 0,
      liaisonSessionsHeld: 1,
    });
  });

  it('audits reads and changes without case ids', async () => {
    const rows = await t.dataSource.query(
      `SELECT action, entity_type, case_ids FROM audit_log WHERE entity_type LIKE 'evaluation%' AND district_code = 'EVA' ORDER BY id`,
    );
    expect(rows.map((r: { action: string; entity_type: string }) => `${r.action} ${r.entity_type}`)).toEqual(
      expect.arrayContaining(['read evaluation_indicators', 'update evaluation_target', 'create evaluation_decision']),
    );
    expect(rows.every((r: { case_ids: string[] }) => r.case_ids.length === 0)).toBe(true);
  });
});
