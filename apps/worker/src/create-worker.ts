import { INestApplicationContext, LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { BosamConfig, JobName, JsonLogger, QueueService } from '@bosam/platform';
import { JobHandlersProvider } from './job-handlers';
import { WorkerModule } from './worker.module';

export interface WorkerOptions {
  /** Start the BullMQ workers (false: only dispatch the outbox, e.g. in tests that drive jobs by hand). */
  consume?: boolean;
  /** Dispatch committed outbox rows to the queues. */
  dispatch?: boolean;
}

/** The worker: outbox dispatcher, one BullMQ worker per queue, and the scheduled jobs. */
export async function createWorker(
  config: BosamConfig,
  options: WorkerOptions = {},
  logger?: LoggerService,
): Promise<INestApplicationContext> {
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), {
    logger: logger ?? new JsonLogger(config.logLevel),
    abortOnError: false,
  });
  const queues = app.get(QueueService);
  if (options.consume !== false) {
    queues.startWorkers(app.get(JobHandlersProvider).handlers());
    // Every night at 00:15 Stockholm time: next steps that became overdue (fixed scheduler id, so restarts add none).
    await queues.schedule(JobName.MarkOverdueNextSteps, {}, '15 0 * * *');
  }
  if (options.dispatch !== false) await queues.startDispatcher();
  return app;
}
