import { hostname } from 'node:os';
import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { createPostgresBackend, createRedisBackend, Job, Queue, Worker, withBackend } from 'bullmq';
import { Client } from 'pg';
import { DataSource, EntityManager } from 'typeorm';
import { BOSAM_CONFIG, BosamConfig } from '../config';
import { requestContext } from '../logging';
import { assertHandlersComplete, JobHandlers, JobName, JobPayloads, QUEUE_NAMES, QUEUE_OF, QueueName } from './jobs';
import { OutboxJob } from './outbox-job.entity';

const OUTBOX_CHANNEL = 'bosam_outbox';
const BULLMQ_SCHEMA = 'bullmq';

export type QueueBackendKind = 'postgres' | 'redis';

/** BullMQ classes bound to the configured backend: Redis when REDIS_URL is set, else PostgreSQL. */
export function queueClasses(config: Pick<BosamConfig, 'redisUrl' | 'databaseUrl' | 'queuePrefix'>) {
  if (config.redisUrl) {
    const url = new URL(config.redisUrl);
    const connection = {
      host: url.hostname,
      port: Number(url.port || 6379),
      username: url.username || undefined,
      password: url.password ? decodeURIComponent(url.password) : undefined,
      db: url.pathname.length > 1 ? Number(url.pathname.slice(1)) : 0,
      tls: url.protocol === 'rediss:' ? {} : undefined,
      maxRetriesPerRequest: null,
    };
    return {
      kind: 'redis' as QueueBackendKind,
      connection,
      prefix: config.queuePrefix as string | undefined,
      ...withBackend(createRedisBackend),
    };
  }
  // The queue schema is migrated with the application's schema (apps/common migrate()), by its owner:
  // the application's role may not run DDL.
  const connection = { connectionString: config.databaseUrl!, schema: BULLMQ_SCHEMA, migrate: false, max: 4 };
  return {
    kind: 'postgres' as QueueBackendKind,
    connection,
    prefix: undefined as string | undefined,
    ...withBackend(createPostgresBackend),
  };
}

export interface EnqueueOptions {
  /** Deterministic id: the same request queues one job however often it is made. */
  jobId: string;
  delayMs?: number;
}

@Injectable()
export class QueueService implements OnApplicationShutdown {
  private readonly logger = new Logger('queues');
  private readonly classes: ReturnType<typeof queueClasses>;
  private readonly queues = new Map<QueueName, Queue>();
  private workers: Worker[] = [];
  private listener?: Client;
  private pollTimer?: NodeJS.Timeout;
  private dispatching?: Promise<number>;
  private dispatchAgain = false;
  private closed = false;

  constructor(
    @Inject(BOSAM_CONFIG) private readonly config: BosamConfig,
    private readonly dataSource: DataSource,
  ) {
    this.classes = queueClasses(config);
  }

  get backend(): QueueBackendKind {
    return this.classes.kind;
  }

  queue(name: QueueName): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new this.classes.Queue(name, {
        connection: this.classes.connection as never,
        ...(this.classes.prefix ? { prefix: this.classes.prefix } : {}),
        defaultJobOptions: {
          attempts: 5,
          backoff: { type: 'exponential', delay: 2000 },
          removeOnComplete: { age: 7 * 24 * 3600, count: 10000 },
          removeOnFail: { age: 30 * 24 * 3600 },
        },
      }) as Queue;
      queue.on('error', (error: Error) => this.logger.warn(`queue ${name}: ${error.message}`));
      this.queues.set(name, queue);
    }
    return queue;
  }

  /**
   * Requests a job inside the caller's transaction (outbox). It reaches the queue only after
   * that transaction commits; call `dispatchSoon()` after the commit to skip the wait.
   */
  async enqueue<N extends JobName>(manager: EntityManager, name: N, payload: JobPayloads[N], options: EnqueueOptions) {
    if (/[:\s]/.test(options.jobId)) throw new Error(`Job ids may not contain ':' or spaces: ${options.jobId}`);
    await manager.insert(OutboxJob, {
      name,
      queue: QUEUE_OF[name],
      jobId: options.jobId,
      payload: payload as never,
      delayMs: options.delayMs ?? 0,
    });
  }

  /** Hands committed job requests to the queues. Safe to run in several processes at once. */
  dispatchPending(): Promise<number> {
    // A notification that arrives while shutting down must not open a queue again.
    if (this.closed) return Promise.resolve(0);
    if (this.dispatching) {
      this.dispatchAgain = true;
      return this.dispatching;
    }
    const run = async (): Promise<number> => {
      let total = 0;
      do {
        this.dispatchAgain = false;
        for (;;) {
          const sent = await this.dispatchBatch();
          total += sent;
          if (sent < 100) break;
        }
      } while (this.dispatchAgain && !this.closed);
      return total;
    };
    this.dispatching = run().finally(() => (this.dispatching = undefined));
    return this.dispatching;
  }

  /** Fire-and-forget dispatch after a commit; failures are retried by the worker's poll. */
  dispatchSoon(): void {
    this.dispatchPending().catch((error: Error) => this.logger.warn(`outbox dispatch deferred: ${error.message}`));
  }

  private async dispatchBatch(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const rows: Array<{ id: string; name: string; queue: QueueName; job_id: string; payload: object; delay_ms: number }> =
        await manager.query(
          `SELECT id, name, queue, job_id, payload, delay_ms FROM outbox_job
            WHERE dispatched_at IS NULL ORDER BY created_at LIMIT 100 FOR UPDATE SKIP LOCKED`,
        );
      for (const row of rows) {
        // A job id already in the queue is ignored by BullMQ, so a repeat after a crash is harmless.
        await this.queue(row.queue).add(row.name, row.payload, { jobId: row.job_id, delay: row.delay_ms || undefined });
      }
      if (rows.length > 0) {
        await manager.query('UPDATE outbox_job SET dispatched_at = now() WHERE id = ANY($1)', [rows.map((r) => r.id)]);
      }
      return rows.length;
    });
  }

  /** Worker side: dispatch on every committed outbox insert (NOTIFY fires at commit) and every few seconds. */
  async startDispatcher(pollMs = 2000): Promise<void> {
    this.listener = new Client({ connectionString: this.config.databaseUrl });
    await this.listener.connect();
    this.listener.on('notification', () => this.dispatchSoon());
    this.listener.on('error', (error) => this.logger.warn(`outbox listener: ${error.message}`));
    await this.listener.query(`LISTEN ${OUTBOX_CHANNEL}`);
    this.pollTimer = setInterval(() => this.dispatchSoon(), pollMs);
    this.dispatchSoon();
  }

  /** Starts one BullMQ worker per queue; each job goes to its one handler in the registry. */
  startWorkers(handlers: JobHandlers, options: { concurrency?: number } = {}): void {
    assertHandlersComplete(handlers);
    this.workers = QUEUE_NAMES.map(
      (queueName) =>
        new this.classes.Worker(
          queueName,
          async (job: Job) => {
            const handler = handlers[job.name as JobName] as (payload: unknown, context: unknown) => Promise<unknown>;
            if (!handler) throw new Error(`No handler for job ${job.name}`);
            return requestContext.run({ correlationId: `job-${job.id}` }, () =>
              handler(job.data, {
                jobId: String(job.id),
                attempt: job.attemptsMade + 1,
                finalAttempt: job.attemptsMade + 1 >= (job.opts.attempts ?? 1),
                updateProgress: (progress: number | object) => job.updateProgress(progress as never),
              }),
            );
          },
          {
            connection: this.classes.connection as never,
            ...(this.classes.prefix ? { prefix: this.classes.prefix } : {}),
            concurrency: options.concurrency ?? (queueName === 'bosam-imports' ? 1 : 4),
            autorun: true,
            // Stamped on each job it takes (processedBy), so an operator can tell which process ran it.
            name: `${hostname()}:${process.pid}`,
            // A job whose worker died (crash, kill) runs again once its lock expires; imports resume
            // from their checkpoint, so they may be retried after a crash more than once.
            ...(queueName === 'bosam-imports'
              ? { lockDuration: this.config.importLockMs, stalledInterval: this.config.importLockMs, maxStalledCount: 3 }
              : { lockDuration: this.config.jobLockMs, stalledInterval: this.config.jobLockMs }),
          },
        ) as Worker,
    );
    for (const worker of this.workers) {
      worker.on('failed', (job, error) => this.logger.warn(`job ${job?.name} ${job?.id} failed: ${error.message}`));
      worker.on('error', (error) => this.logger.warn(`worker error: ${error.message}`));
    }
  }

  /** Runs a repeatable job on a schedule; the scheduler id is fixed, so restarts do not add more. */
  async schedule<N extends JobName>(name: N, payload: JobPayloads[N], cron: string): Promise<void> {
    await this.queue(QUEUE_OF[name]).upsertJobScheduler(
      `scheduled-${name}`,
      { pattern: cron, tz: 'Europe/Stockholm' },
      { name, data: payload },
    );
  }

  /** For readiness: the queue backend answers. */
  async ping(timeoutMs = 3000): Promise<void> {
    const queue = this.queue('bosam-default');
    await Promise.race([
      queue.getJobCounts('waiting'),
      new Promise((_, reject) => setTimeout(() => reject(new Error('queue backend timed out')), timeoutMs).unref()),
    ]);
  }

  /**
   * Lets running jobs finish (for at most `graceMs`), then closes every connection. A job cut
   * off by the grace period is left to BullMQ's stalled-job check: another worker, or the next
   * start, takes it up once its lock expires (imports resume from their checkpoint).
   */
  async close(graceMs = Infinity): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.pollTimer) clearInterval(this.pollTimer);
    let timer: NodeJS.Timeout | undefined;
    const drained = await Promise.race([
      Promise.allSettled(this.workers.map((worker) => worker.pause())).then(() => true),
      ...(Number.isFinite(graceMs) ? [new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), graceMs)))] : []),
    ]);
    if (timer) clearTimeout(timer);
    if (!drained) this.logger.warn(`running jobs did not finish within ${graceMs} ms; they resume after their lock expires`);
    await Promise.allSettled(this.workers.map((worker) => worker.close(!drained)));
    await this.dispatching?.catch(() => undefined);
    await Promise.allSettled([...this.queues.values()].map((queue) => queue.close()));
    await this.listener?.end().catch(() => undefined);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.close();
  }
}
