import { randomUUID } from 'node:crypto';
import { assertHandlersComplete, JobName, QUEUE_OF } from '@bosam/platform';
import { createTestApp, TestApp } from './support/app';
import { queuesSettled } from './support/queues';
import { waitFor } from './support/wait';

// The queue runs on PostgreSQL by default, and on Redis too when REDIS_URL is set.
const backends: Array<'postgres' | 'redis'> = process.env.REDIS_URL ? ['postgres', 'redis'] : ['postgres'];

describe.each(backends)('queue on %s', (backend) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ worker: true, queue: backend });
  });
  afterAll(() => t.close());

  const handledCount = async (pingId: string): Promise<number> => {
    const rows = await t.dataSource.query('SELECT handled_count FROM job_ping WHERE id = $1', [pingId]);
    return rows[0]?.handled_count ?? 0;
  };

  it('uses the configured backend', () => {
    expect(t.queues.backend).toBe(backend);
  });

  it('runs a job requested in a committed transaction exactly once, however often requested', async () => {
    const pingId = randomUUID();
    for (let i = 0; i < 3; i += 1) {
      await t.dataSource.transaction((manager) => t.queues.enqueue(manager, JobName.Ping, { pingId }, { jobId: `ping-${pingId}` }));
      t.queues.dispatchSoon();
    }
    await waitFor(async () => (await handledCount(pingId)) >= 1, 20000, 'the ping job');
    await t.queues.dispatchPending();
    await queuesSettled(t);
    expect(await handledCount(pingId)).toBe(1);
  });

  it('never runs a job requested in a transaction that rolls back', async () => {
    const doomed = randomUUID();
    const marker = randomUUID();
    await expect(
      t.dataSource.transaction(async (manager) => {
        await t.queues.enqueue(manager, JobName.Ping, { pingId: doomed }, { jobId: `ping-${doomed}` });
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    await t.dataSource.transaction((manager) => t.queues.enqueue(manager, JobName.Ping, { pingId: marker }, { jobId: `ping-${marker}` }));
    await t.queues.dispatchPending();
    // Jobs run in order of request: once the later one has run, the doomed one would have too.
    await waitFor(async () => (await handledCount(marker)) >= 1, 20000, 'the marker job');
    expect(await handledCount(doomed)).toBe(0);
    const outbox = await t.dataSource.query('SELECT count(*)::int AS n FROM outbox_job WHERE job_id = $1', [`ping-${doomed}`]);
    expect(outbox[0].n).toBe(0);
  });

  it('keeps a job request until its transaction commits', async () => {
    const pingId = randomUUID();
    const runner = t.dataSource.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    try {
      await t.queues.enqueue(runner.manager, JobName.Ping, { pingId }, { jobId: `ping-${pingId}` });
      await t.queues.dispatchPending();
      // The dispatcher cannot see the uncommitted request, so the queue never got the job to run.
      expect(await t.queues.queue(QUEUE_OF[JobName.Ping]).getJob(`ping-${pingId}`)).toBeFalsy();
      expect(await handledCount(pingId)).toBe(0);
      await runner.commitTransaction();
    } finally {
      await runner.release();
    }
    t.queues.dispatchSoon();
    await waitFor(async () => (await handledCount(pingId)) >= 1, 20000, 'the committed job');
  });
});

describe('job registry', () => {
  it('refuses to start with a job name that has no handler, or a handler for no job', () => {
    const all: Record<string, () => Promise<void>> = Object.fromEntries(
      Object.values(JobName).map((name) => [name, async () => undefined]),
    );
    const withoutPing = Object.fromEntries(Object.entries(all).filter(([name]) => name !== JobName.Ping));
    expect(() => assertHandlersComplete({})).toThrow(/missing handlers/);
    expect(() => assertHandlersComplete(withoutPing)).toThrow(/missing handlers for \[platform\.ping\]/);
    expect(() => assertHandlersComplete({ ...all, 'no.such': async () => undefined })).toThrow(/unknown handlers \[no\.such\]/);
    expect(() => assertHandlersComplete(all)).not.toThrow();
  });
});
