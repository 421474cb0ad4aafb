import { INestApplicationContext, LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AuditService, BosamConfig, JobName, JsonLogger, QueueService } from '@bosam/platform';
import { JobHandlersProvider } from './job-handlers';
import { WorkerModule } from './worker.module';

export interface WorkerOptions {
  /** Start the BullMQ workers (false: only dispatch the outbox, e.g. in tests that drive jobs by hand). */
  consume?: boolean;
  /** Dispatch committed outbox rows to the queues. */
  dispatch?: boolean;
}

/**
 * Starts the worker's part in an application that holds the JobsModule: one BullMQ worker per
 * queue, the scheduled jobs and the outbox dispatcher.
 */
export async function startJobs(app: INestApplicationContext, options: WorkerOptions = {}): Promise<void> {
  const queues = app.get(QueueService);
  if (options.consume !== false) {
    queues.startWorkers(app.get(JobHandlersProvider).handlers());
    // Every night at 00:15 Stockholm time: next steps that became overdue (fixed scheduler id, so restarts add none).
    await queues.schedule(JobName.MarkOverdueNextSteps, {}, '15 0 * * *');
    // Every night at 02:30 Stockholm time: retention (gallring) of closed cases and old export files.
    await queues.schedule(JobName.EnforceRetention, {}, '30 2 * * *');
    // Every minute: a signed checkpoint of the audit log's chain heads, kept outside the database.
    await queues.schedule(JobName.AuditCheckpoint, {}, '* * * * *');
  }
  if (options.dispatch !== false) await queues.startDispatcher();
}

/** The worker as an application of its own. */
export async function createWorker(
  config: BosamConfig,
  options: WorkerOptions = {},
  logger?: LoggerService,
): Promise<INestApplicationContext> {
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), {
    logger: logger ?? new JsonLogger(config.logLevel),
    abortOnError: false,
  });
  try {
    await startJobs(app, options);
    // Seals pending audit entries into their chains (each API process does too; one seals a chain at a time).
    app.get(AuditService).startSealing();
    return app;
  } catch (error) {
    // A start that fails part-way closes what it opened before rethrowing.
    await app.close().catch(() => undefined);
    throw error;
  }
}
