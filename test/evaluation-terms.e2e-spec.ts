import { addDays, parseTerm, previousTermCode, termOf, todayInStockholm } from '@bosam/calendar';
import { createTestApp, TestApp } from './support/app';
import { seedEvaluationCase } from './support/evaluation-factories';
import { DistrictFixture, newDistrict } from './support/meeting-factories';

/**
 * The evaluation's definitions and its loop: homes kept by every outcome that keeps the lease, children
 * counted as children and as households, terms not started (never judged), running (preliminary, with a
 * cut-off) and complete, targets for one unit, and decisions followed up with their status a term later.
 */
describe('termly evaluation: definitions, term status, unit targets and decisions followed up', () => {
  let t: TestApp;
  let evc: DistrictFixture;
  const today = todayInStockholm();
  const running = termOf(today);
  const notStarted = termOf(addDays(parseTerm(running).to, 1));
  const indicators = (term: string, auth?: string) =>
    t
      .http()
      .get(`/api/v1/districts/EVC/terms/${term}/indicators`)
      .set('Authorization', auth ?? evc.coordinator)
      .expect(200);
  const putTargets = (term: string, targets: unknown) =>
    t.http().put(`/api/v1/districts/EVC/terms/${term}/targets`).set('Authorization', evc.coordinator).send({ targets });

  beforeAll(async () => {
    t = await createTestApp();
    evc = await newDistrict(t, 'EVC', ['EKB', 'VUX']);
    await newDistrict(t, 'EVD', ['EKB']);
    // 2026-VT: every outcome that keeps the home, and two evictions of families (3 and 2 children).
    const closed: Array<[string, number]> = [
      ['lease_kept', 0],
      ['commitment_given', 1],
      ['commitment_given', 0],
      ['agreement', 4],
      ['withdrawn', 0],
      ['moved', 0],
      ['evicted', 3],
      ['evicted', 2],
      ['evicted', 0],
    ];
    for (const [outcome, children] of closed)
      await seedEvaluationCase(t, evc, { openedOn: '2026-02-02', closedOn: '2026-05-15', outcome, children });
  });
  afterAll(() => t.close());

  it('counts kept homes over lease_kept, commitment_given, agreement and withdrawn, with the breakdown beside it', async () => {
    const res = (await indicators('2026-VT')).body;
    expect(res.indicators).toMatchObject({
      casesClosed: 9,
      leasesKept: 5,
      leasesKeptByOutcome: { lease_kept: 1, commitment_given: 2, agreement: 1, withdrawn: 1 },
      evictionsCarriedOut: 3,
      evictionsAffectingChildren: 2,
      childrenAffectedByEvictions: 5,
      householdsWithChildren: 4,
      childrenInNotifiedHouseholds: 10,
    });
    expect(res.definitions.leasesKept).toContain('commitment_given');
  });

  it('marks a complete term final, a running one preliminary with its cut-off, and never judges a term that has not started', async () => {
    expect((await indicators('2026-VT')).body).toMatchObject({
      status: 'complete',
      preliminary: false,
      cutoff: '2026-06-30',
      reportDate: '2026-06-30',
    });
    expect((await indicators(running)).body).toMatchObject({
      status: 'running',
      preliminary: true,
      cutoff: today,
      statusText: expect.stringContaining('Preliminärt'),
    });
    await putTargets(notStarted, [
      { indicator: 'evictionsCarriedOut', comparator: '<=', value: 0 },
      { indicator: 'nextStepsOverdue', unit: 'EKB', comparator: '<=', value: 0 },
    ]).expect(200);
    const future = (await indicators(notStarted)).body;
    expect(future).toMatchObject({
      status: 'not_started',
      preliminary: false,
      cutoff: null,
      statusText: expect.stringContaining('inga uppgifter ännu'),
    });
    expect(future.targets).toEqual([
      { indicator: 'evictionsCarriedOut', unit: null, comparator: '<=', value: 0, actual: null, met: null },
      { indicator: 'nextStepsOverdue', unit: 'EKB', comparator: '<=', value: 0, actual: null, met: null },
    ]);
  });

  it('sets targets for one unit, judged on that unit’s figures, and refuses a unit or indicator that does not fit', async () => {
    await t.dataSource.query(
      `INSERT INTO next_step (district_code, case_id, unit_id, action, due_on, status, created_by, created_at)
       SELECT 'EVC', c.id, $1, 'Ring', '2026-03-01', 'open', 'test', '2026-02-10T10:00:00+01:00' FROM household_case c WHERE c.district_code = 'EVC' LIMIT 2`,
      [evc.units.VUX],
    );
    const stored = await putTargets('2026-VT', [
      { indicator: 'nextStepsOverdue', unit: 'VUX', comparator: '<=', value: 0 },
      { indicator: 'nextStepsOverdue', unit: 'EKB', comparator: '<=', value: 0 },
      { indicator: 'evictionsAffectingChildren', comparator: '=', value: 0 },
    ]).expect(200);
    expect(stored.body.targets[0]).toEqual({ indicator: 'nextStepsOverdue', unit: 'VUX', comparator: '<=', value: 0 });
    expect((await indicators('2026-VT')).body.targets).toEqual([
      { indicator: 'nextStepsOverdue', unit: 'VUX', comparator: '<=', value: 0, actual: 2, met: false },
      { indicator: 'nextStepsOverdue', unit: 'EKB', comparator: '<=', value: 0, actual: 0, met: true },
      { indicator: 'evictionsAffectingChildren', unit: null, comparator: '=', value: 0, actual: 2, met: false },
    ]);
    const bad: Array<[unknown, string]> = [
      [{ indicator: 'nextStepsOverdue', unit: 'NOPE', comparator: '<=', value: 0 }, 'targets[0].unit'],
      [{ indicator: 'leasesKept', unit: 'EKB', comparator: '>=', value: 1 }, 'targets[0].indicator'],
      [{ indicator: 'meetingsAttended', comparator: '>=', value: 1 }, 'targets[0].indicator'],
    ];
    for (const [target, field] of bad) {
      const res = await putTargets('2026-VT', [target]);
      expect([field, res.status, res.body.errors?.map((e: { field: string }) => e.field)]).toEqual([field, 400, [field]]);
    }
  });

  it('follows a term’s decisions up at the next term’s evaluation, with their status', async () => {
    const spring = '2026-VT';
    const autumn = '2026-HT';
    const decide = (text: string) =>
      t
        .http()
        .post(`/api/v1/districts/EVC/terms/${spring}/decisions`)
        .set('Authorization', evc.coordinator)
        .send({ text, owner: 'Enhetschef EKB', dueOn: '2026-09-30' })
        .expect(201);
    const done = await decide('Hembesök inom 14 dagar för hushåll med barn');
    const dropped = await decide('Gemensam blankett för samtycke');
    const open = await decide('Boendestöd i fler ärenden');
    expect(done.body).toMatchObject({ status: 'open', statusOn: null });
    const patch = (id: string, body: object, auth = evc.coordinator) =>
      t.http().patch(`/api/v1/evaluation-decisions/${id}`).set('Authorization', auth).send(body);
    expect((await patch(done.body.id, { status: 'done' }).expect(200)).body).toMatchObject({ status: 'done', statusOn: today });
    await patch(dropped.body.id, { status: 'dropped' }).expect(200);
    const bad = await patch(open.body.id, { status: 'finished' });
    expect([bad.status, bad.body.errors?.[0]?.field]).toEqual([400, 'status']);
    expect((await patch(open.body.id, { status: 'done' }, await t.auth('evaluator', 'EVC'))).status).toBe(403);
    expect((await patch(open.body.id, { status: 'done' }, await t.auth('coordinator', 'EVD'))).status).toBe(404);

    const next = (await indicators(autumn, await t.auth('evaluator', 'EVC'))).body;
    expect(next.previousTerm).toBe(previousTermCode(autumn));
    expect(next.previousDecisions.map((d: { text: string; status: string }) => [d.text, d.status])).toEqual([
      ['Hembesök inom 14 dagar för hushåll med barn', 'done'],
      ['Gemensam blankett för samtycke', 'dropped'],
      ['Boendestöd i fler ärenden', 'open'],
    ]);
    expect((await indicators(spring)).body.decisions).toHaveLength(3);
    const audit = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM audit_log WHERE entity_type = 'evaluation_decision' AND action = 'update' AND district_code = 'EVC'`,
    );
    expect(audit[0].n).toBe(2);
  });
});
