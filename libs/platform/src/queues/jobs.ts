/**
 * The one registry of background jobs. Every job has a name here, a payload type that
 * carries ids only (never personal data), and the queue it runs on. The worker checks at
 * start-up that every name has exactly one handler.
 */
export enum JobName {
  /** Proves the queue end to end (tests, readiness drills): records the ping as handled. */
  Ping = 'platform.ping',
  /** Daily: marks open next steps past their due date (Stockholm) and notes it on each case's timeline. */
  MarkOverdueNextSteps = 'meetings.mark-overdue-next-steps',
  /** Processes one uploaded notification file (resumes after its last committed batch). */
  ImportNotifications = 'imports.import-notifications',
  /** Builds one termly evaluation export (aggregates only) and stores its file. */
  BuildEvaluationExport = 'evaluation.build-export',
  /** Nightly: thins closed cases past retention (SoL 12:1, research exemption 12:2 with SoF 7:2) and removes old export files. */
  EnforceRetention = 'retention.enforce',
  /** Every minute: signs the audit log's chain heads and writes them outside the database. */
  AuditCheckpoint = 'platform.audit-checkpoint',
}

export interface JobPayloads {
  [JobName.Ping]: { pingId: string };
  [JobName.MarkOverdueNextSteps]: { asOf?: string };
  [JobName.ImportNotifications]: { importId: string };
  [JobName.BuildEvaluationExport]: { exportId: string };
  [JobName.EnforceRetention]: { asOf?: string };
  [JobName.AuditCheckpoint]: Record<string, never>;
}

export const QUEUE_NAMES = ['bosam-default', 'bosam-imports'] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];

export const QUEUE_OF: Record<JobName, QueueName> = {
  [JobName.Ping]: 'bosam-default',
  [JobName.MarkOverdueNextSteps]: 'bosam-default',
  [JobName.ImportNotifications]: 'bosam-imports',
  [JobName.BuildEvaluationExport]: 'bosam-default',
  [JobName.EnforceRetention]: 'bosam-default',
  [JobName.AuditCheckpoint]: 'bosam-default',
};

export type JobHandler<N extends JobName> = (payload: JobPayloads[N], context: JobContext) => Promise<unknown>;
/** Exhaustive by type: a missing job name is a compile error where the worker builds its handlers. */
export type JobHandlers = { [N in JobName]: JobHandler<N> };

export interface JobContext {
  jobId: string;
  attempt: number;
  /** No retry follows if this attempt fails. */
  finalAttempt: boolean;
  updateProgress(progress: number | object): Promise<void>;
}

/** Fails start-up unless every job name has exactly one handler and no handler is unknown. */
export function assertHandlersComplete(handlers: Partial<Record<string, unknown>>): void {
  const names = Object.values(JobName) as string[];
  const missing = names.filter((name) => typeof handlers[name] !== 'function');
  const unknown = Object.keys(handlers).filter((name) => !names.includes(name));
  if (missing.length > 0 || unknown.length > 0) {
    throw new Error(`Job registry mismatch: missing handlers for [${missing.join(', ')}], unknown handlers [${unknown.join(', ')}]`);
  }
}
