// Public door of @bosam/retention: thinning (gallring) of closed cases and old export files, run by a nightly job.
export { RETENTION_REASON, RetentionService } from './retention.service';
export type { DistrictRetentionCounts, RetentionOptions, RetentionReport } from './retention.service';
export { RetentionModule } from './retention.module';
