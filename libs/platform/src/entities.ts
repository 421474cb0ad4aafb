import { AuditEntry } from './audit/audit-entry.entity';
import { JobPing } from './queues/ping.entity';
import { OutboxJob } from './queues/outbox-job.entity';

export const PLATFORM_ENTITIES = [AuditEntry, OutboxJob, JobPing];
