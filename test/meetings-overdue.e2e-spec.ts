import { JobName, QUEUE_OF } from '@bosam/platform';
import { NextStepsService } from '@bosam/meetings';
import { createTestApp, TestApp } from './support/app';
import { DistrictFixture, newCase, newDistrict, newNextStep } from './support/meeting-factories';
import { waitFor } from './support/wait';

describe('meetings: the daily overdue job', () => {
  let t: TestApp;
  let d: DistrictFixture;

  beforeAll(async () => {
    t = await createTestApp({ worker: true });
    d = await newDistrict(t, 'OVD', ['EKB', 'VUX']);
  });
  afterAll(() => t.close());

  const events = async (stepId: string): Promise<number> => {
    const [row] = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM case_event WHERE kind = 'next_step_overdue' AND data->>'nextStepId' = $1`,
      [stepId],
    );
    return row.n;
  };
  const marked = async (stepId: string): Promise<boolean> =>
    (await t.dataSource.query('SELECT overdue_marked_at FROM next_step WHERE id = $1', [stepId]))[0].overdue_marked_at !== null;

  it('marks each open step past its due date once, and writes it on the case timeline once', async () => {
    const { caseId } = await newCase(t, d, { arrearsSek: 100 });
    const due = await newNextStep(t, d, caseId, { unit: 'EKB', dueOn: '2027-01-14' });
    const today = await newNextStep(t, d, caseId, { unit: 'EKB', dueOn: '2027-01-15' });
    const done = await newNextStep(t, d, caseId, { unit: 'VUX', dueOn: '2027-01-01', status: 'done' });
    const service = t.app.get(NextStepsService);
    expect(await service.markOverdue('2027-01-15')).toBe(1);
    expect(await marked(due)).toBe(true);
    expect(await marked(today)).toBe(false);
    expect(await marked(done)).toBe(false);
    expect(await service.markOverdue('2027-01-15')).toBe(0);
    expect(await events(due)).toBe(1);
    // The next day, the step due "today" is overdue too (dates counted in Stockholm).
    expect(await service.markOverdue('2027-01-16')).toBe(1);
    expect(await events(today)).toBe(1);
    const [event] = await t.dataSource.query(
      `SELECT case_id, actor_sub, data FROM case_event WHERE kind = 'next_step_overdue' AND data->>'nextStepId' = $1`,
      [due],
    );
    expect(event).toMatchObject({ case_id: caseId, actor_sub: 'system', data: { dueOn: '2027-01-14', asOf: '2027-01-15' } });
  });

  it('runs through the queue, and is scheduled daily under a fixed id', async () => {
    const { caseId } = await newCase(t, d, { arrearsSek: 100 });
    const step = await newNextStep(t, d, caseId, { unit: 'VUX', dueOn: '2026-01-02' });
    await t.dataSource.transaction((m) =>
      t.queues.enqueue(m, JobName.MarkOverdueNextSteps, { asOf: '2026-01-05' }, { jobId: 'mark-overdue-2026-01-05' }),
    );
    t.queues.dispatchSoon();
    await waitFor(() => marked(step), 20000, 'the overdue job');
    expect(await events(step)).toBe(1);
    const schedulers = await t.queues.queue(QUEUE_OF[JobName.MarkOverdueNextSteps]).getJobSchedulers();
    expect(schedulers.map((s) => s.key ?? s.id)).toContain(`scheduled-${JobName.MarkOverdueNextSteps}`);
  });

  it('derives overdue from the due date in Stockholm time on the list', async () => {
    const { caseId } = await newCase(t, d, { arrearsSek: 100 });
    const past = await newNextStep(t, d, caseId, { unit: 'EKB', dueOn: '2020-01-01' });
    const future = await newNextStep(t, d, caseId, { unit: 'EKB', dueOn: '2999-01-01' });
    const res = await t.http().get('/api/v1/next-steps?unit=EKB&status=open').set('Authorization', d.coordinator).expect(200);
    const byId = new Map(res.body.map((s: { id: string; overdue: boolean }) => [s.id, s.overdue]));
    expect(byId.get(past)).toBe(true);
    expect(byId.get(future)).toBe(false);
    await t.http().get('/api/v1/next-steps?status=late').set('Authorization', d.coordinator).expect(400);
  });
});
