import { Queue } from 'bullmq';
import { QUEUE_NAMES } from '@bosam/platform';
import { TestApp } from './app';
import { waitFor } from './wait';

/**
 * Resolves once no job request waits in the outbox and no job waits or runs in the queues given:
 * from then on nothing runs that is not requested anew (scheduled and retried jobs wait as delayed).
 * This is the signal "a job ran only once" is proved with, instead of a pause.
 */
export async function whenSettled(
  pendingInOutbox: () => Promise<number>,
  queues: Array<Pick<Queue, 'getJobCounts'>>,
  timeoutMs = 30000,
): Promise<void> {
  await waitFor(
    async () => {
      if ((await pendingInOutbox()) > 0) return false;
      for (const queue of queues) {
        const counts = await queue.getJobCounts('waiting', 'active', 'prioritized', 'waiting-children');
        if (Object.values(counts).some((count) => count > 0)) return false;
      }
      return true;
    },
    timeoutMs,
    'the queues to settle',
  );
}

/** SQL: job requests not yet handed to a queue. */
export const PENDING_IN_OUTBOX = 'SELECT count(*)::int AS n FROM outbox_job WHERE dispatched_at IS NULL';

/** whenSettled for a test application's own outbox and queues. */
export const queuesSettled = (t: TestApp, timeoutMs?: number): Promise<void> =>
  whenSettled(
    async () => (await t.dataSource.query(PENDING_IN_OUTBOX))[0].n,
    QUEUE_NAMES.map((name) => t.queues.queue(name)),
    timeoutMs,
  );
