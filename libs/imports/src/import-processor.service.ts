import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { scrubIdentityNumbers } from '@bosam/identity';
import { contentHash, inIntakeTransaction, IntakeService } from '@bosam/intake';
import {
  Actor,
  AuditEvent,
  AuditService,
  BOSAM_CONFIG,
  BosamConfig,
  DomainError,
  FieldError,
  JobName,
  PersonalData,
  QueueService,
} from '@bosam/platform';
import {
  columnOfField,
  decode,
  detectDelimiter,
  EncodingDetector,
  FileEncoding,
  HeaderMap,
  mapHeader,
  rowToNotification,
} from './csv-format';
import { NotificationImport, RejectedRow } from './entities';
import { CsvStructureError, deleteChunks, readChunks, readRecords } from './file-store';
import { storeRejections } from './rejections';

/** Rows per transaction: each batch commits its rows together with the progress checkpoint. */
export const IMPORT_BATCH_ROWS = 500;

/** A file that can never be imported: the import fails with this reason, and is not retried. */
export class UnreadableFileError extends Error {}

interface RowItem {
  row: number;
  body?: Record<string, unknown>;
  errors: FieldError[];
}

type Outcome = { kind: 'created'; caseId?: string } | { kind: 'duplicate' } | { kind: 'rejected'; rejected: RejectedRow[] };

interface Tally {
  processed: number;
  imported: number;
  duplicates: number;
}

const actorOf = (imp: NotificationImport): Actor => ({
  sub: imp.createdBy,
  name: imp.createdByName,
  role: 'coordinator',
  district: imp.districtCode,
});

/** Every rejected field of a row, named by the file's column; messages never repeat an identity number. */
export function rejectedRows(row: number, error: DomainError | FieldError[]): RejectedRow[] {
  const fieldErrors = Array.isArray(error) ? error : error.errors;
  if (fieldErrors && fieldErrors.length > 0) {
    return fieldErrors.map((e) => ({ row, field: columnOfField(e.field), message: scrubIdentityNumbers(e.message) }));
  }
  const domain = error as DomainError;
  const field = domain.code === 'NOTIFICATION_CONFLICT' ? 'externalReference' : 'row';
  return [{ row, field, message: scrubIdentityNumbers(domain.message) }];
}

/**
 * Processes one uploaded file in the worker: counts its rows, checks them (all_or_nothing
 * and dry runs), and imports them in batches. Every batch goes through IntakeService.receiveMany,
 * the same validation, matching, idempotency and deadline code as the JSON route. Each
 * batch commits together with the checkpoint, so a run that is killed resumes after the
 * last committed row: none is lost, none is doubled.
 */
@Injectable()
export class ImportProcessor {
  private readonly logger = new Logger('imports');

  constructor(
    private readonly dataSource: DataSource,
    private readonly intake: IntakeService,
    private readonly audit: AuditService,
    private readonly queues: QueueService,
    @Inject(BOSAM_CONFIG) private readonly config: BosamConfig,
    private readonly keys: PersonalData,
  ) {}

  /** The job's work. `finalAttempt`: an unexpected error marks the import failed instead of retrying. */
  async process(importId: string, options: { finalAttempt?: boolean; batchRows?: number } = {}): Promise<void> {
    // findOneBy with an undefined id would answer the first row of the table.
    if (typeof importId !== 'string' || importId === '') return;
    let imp = await this.dataSource.getRepository(NotificationImport).findOneBy({ id: importId });
    if (!imp || imp.status === 'done' || imp.status === 'failed') return;
    await this.dataSource.query(
      `UPDATE notification_import SET status = 'running', started_at = coalesce(started_at, now()), attempts = attempts + 1
        WHERE id = $1`,
      [importId],
    );
    try {
      if (imp.phase === 'count') imp = await this.count(imp);
      if (imp.phase === 'check') imp = await this.check(imp, options.batchRows ?? IMPORT_BATCH_ROWS);
      if (imp.phase === 'import' && (await this.importRows(imp, options.batchRows ?? IMPORT_BATCH_ROWS)) === 'sliced') {
        // The rest runs as a new job at the back of the queue: other districts' files get their turn first.
        this.queues.dispatchSoon();
        return;
      }
      await this.finish(imp, 'done');
    } catch (error) {
      if (error instanceof UnreadableFileError || error instanceof CsvStructureError) {
        await this.finish(imp, 'failed', error.message);
        return;
      }
      this.logger.warn(`import ${importId} interrupted: ${scrubIdentityNumbers((error as Error).message)}`);
      if (options.finalAttempt) await this.finish(imp, 'failed', 'The import stopped because of an internal error. Upload the file again.');
      throw error;
    }
  }

  /** First pass: the encoding (over the whole file), the separator, the header and the number of rows. */
  private async count(imp: NotificationImport): Promise<NotificationImport> {
    const detector = new EncodingDetector();
    let head: Buffer | undefined;
    for await (const chunk of readChunks(this.dataSource, this.keys, imp.id)) {
      head ??= chunk;
      detector.push(chunk);
    }
    if (!head) throw new UnreadableFileError('The file is empty.');
    const encoding = detector.result();
    const firstLine = decode(head, encoding).split(/\r?\n/, 1)[0];
    const delimiter = detectDelimiter(firstLine);
    let header: string[] | undefined;
    let total = 0;
    for await (const record of readRecords(this.dataSource, this.keys, imp.id, encoding, delimiter)) {
      if (header) total += 1;
      else header = record;
    }
    if (!header) throw new UnreadableFileError('The file has no header row.');
    const { errors } = mapHeader(header);
    if (errors.length > 0) {
      throw new UnreadableFileError(`The header row is not usable: ${errors.map((e) => `${e.field} ${e.message}`).join('; ')}.`);
    }
    const phase = imp.dryRun || imp.mode === 'all_or_nothing' ? 'check' : 'import';
    await this.dataSource.query(
      'UPDATE notification_import SET encoding = $2, delimiter = $3, total = $4, phase = $5, updated_at = now() WHERE id = $1',
      [imp.id, encoding, delimiter, total, phase],
    );
    return { ...imp, encoding, delimiter, total, phase };
  }

  /** The data rows from `after` on, each mapped to the JSON body of the intake route. */
  private async *rows(imp: NotificationImport, after = 0): AsyncGenerator<RowItem> {
    let header: HeaderMap | undefined;
    let row = 0;
    for await (const record of readRecords(this.dataSource, this.keys, imp.id, imp.encoding as FileEncoding, imp.delimiter!)) {
      if (!header) {
        header = mapHeader(record).map;
        if (!header) throw new UnreadableFileError('The header row is not usable.');
        continue;
      }
      row += 1;
      if (row <= after) continue;
      yield { row, ...rowToNotification(record, header, imp.districtCode) };
    }
  }

  private async *batches(imp: NotificationImport, size: number, after = 0): AsyncGenerator<RowItem[]> {
    let batch: RowItem[] = [];
    for await (const item of this.rows(imp, after)) {
      batch.push(item);
      if (batch.length >= size) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0) yield batch;
  }

  /**
   * A batch through the intake, inside the caller's transaction: each row is answered as if the rows
   * had been received one after another, and a rejected row leaves nothing behind.
   */
  private async receiveBatch(
    manager: EntityManager,
    actor: Actor,
    batch: RowItem[],
    importId: string,
    options: { auditEvents?: AuditEvent[]; dryRun?: boolean },
  ): Promise<Outcome[]> {
    const outcomes: Outcome[] = new Array(batch.length);
    const bodies: Array<{ at: number; body: Record<string, unknown> }> = [];
    batch.forEach((item, at) => {
      if (item.errors.length > 0 || !item.body) outcomes[at] = { kind: 'rejected', rejected: rejectedRows(item.row, item.errors) };
      else bodies.push({ at, body: item.body });
    });
    if (bodies.length === 0) return outcomes;
    const results = await this.intake.receiveMany(
      actor,
      bodies.map((b) => b.body),
      { manager, importId, ...options },
    );
    results.forEach((result, i) => {
      const { at } = bodies[i];
      if (result.ok) outcomes[at] = result.created ? { kind: 'created', caseId: result.receipt.caseId } : { kind: 'duplicate' };
      else if (result.error.status < 500) outcomes[at] = { kind: 'rejected', rejected: rejectedRows(batch[at].row, result.error) };
      else throw result.error;
    });
    return outcomes;
  }

  /**
   * Imports the rows after the checkpoint, one transaction per batch, for at most about
   * IMPORT_SLICE_MS: then the batch's transaction also requests the next slice as a new job, so
   * that a big file takes turns with the files queued behind it (fair between districts).
   */
  private async importRows(imp: NotificationImport, batchRows: number): Promise<'done' | 'sliced'> {
    const actor = actorOf(imp);
    const tally: Tally = { processed: imp.checkpoint, imported: imp.imported, duplicates: imp.duplicates };
    const started = Date.now();
    for await (const batch of this.batches(imp, batchRows, imp.checkpoint)) {
      let next = { ...tally };
      let sliced = false;
      // Run again from the start when a notice received meanwhile raced a row of the batch (see inIntakeTransaction).
      await inIntakeTransaction(this.dataSource, async (manager) => {
        next = { ...tally };
        sliced = false;
        // The checkpoint is the lock: a second runner of the same import (a stalled job that
        // woke up) finds it moved and stops instead of doing the rows again.
        const [current] = await manager.query('SELECT checkpoint, rejected_count FROM notification_import WHERE id = $1 FOR UPDATE', [
          imp.id,
        ]);
        if (current.checkpoint !== tally.processed) throw new Error('The import is being processed by another worker.');
        const rejected: RejectedRow[] = [];
        const auditEvents: AuditEvent[] = [];
        for (const outcome of await this.receiveBatch(manager, actor, batch, imp.id, { auditEvents })) {
          if (outcome.kind === 'created') next.imported += 1;
          else if (outcome.kind === 'duplicate') next.duplicates += 1;
          else rejected.push(...outcome.rejected);
        }
        next.processed = batch[batch.length - 1].row;
        await storeRejections(manager, imp.id, current.rejected_count, rejected);
        await manager.query(
          `UPDATE notification_import
              SET checkpoint = $2, processed = GREATEST(processed, $2), imported = $3, duplicates = $4,
                  rejected_count = rejected_count + $5, updated_at = now()
            WHERE id = $1`,
          [imp.id, next.processed, next.imported, next.duplicates, rejected.length],
        );
        // One audit write per batch.
        await this.audit.record(actor, auditEvents, manager);
        if (Date.now() - started >= this.config.importSliceMs && next.processed < (imp.total ?? 0)) {
          // The job id names the checkpoint: requested twice, it runs once.
          await this.queues.enqueue(
            manager,
            JobName.ImportNotifications,
            { importId: imp.id },
            { jobId: `import-${imp.id}-${next.processed}` },
          );
          sliced = true;
        }
      });
      Object.assign(tally, next);
      if (sliced) return 'sliced';
    }
    return 'done';
  }

  /**
   * Runs every row through the intake as a dry run and reports what an import would do.
   * A row that repeats an earlier row of the file is recognised by the intake's own key
   * (source, sender, reference) and content hash, kept in a session table, so memory does
   * not grow with the file.
   */
  private async check(imp: NotificationImport, batchRows: number): Promise<NotificationImport> {
    const actor = actorOf(imp);
    const tally: Tally = { processed: 0, imported: 0, duplicates: 0 };
    let rejectedCount = 0;
    await this.dataSource.transaction(async (manager) => {
      await manager.query('DELETE FROM notification_import_rejection WHERE import_id = $1', [imp.id]);
      await manager.query(
        `UPDATE notification_import SET processed = 0, imported = 0, duplicates = 0, rejected_count = 0, updated_at = now() WHERE id = $1`,
        [imp.id],
      );
    });
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.query(
        'CREATE TEMP TABLE IF NOT EXISTS import_check_key (key text PRIMARY KEY, hash text NOT NULL, row integer NOT NULL)',
      );
      await runner.query('TRUNCATE import_check_key');
      for await (const batch of this.batches(imp, batchRows)) {
        let outcomes: Array<{ item: RowItem; outcome: Outcome }> = [];
        // A dry run writes nothing; the rollback makes sure of it.
        await runner.startTransaction();
        try {
          const decided = await this.receiveBatch(runner.manager, actor, batch, imp.id, { dryRun: true });
          outcomes = batch.map((item, at) => ({ item, outcome: decided[at] }));
        } finally {
          await runner.rollbackTransaction();
        }
        const earlier = await this.earlierRows(
          runner.manager,
          outcomes.filter((o) => o.outcome.kind === 'created').map((o) => o.item),
        );
        const rejected: RejectedRow[] = [];
        for (const { item, outcome } of outcomes) {
          const seen = earlier.get(item.row);
          if (outcome.kind === 'created') {
            if (!seen) tally.imported += 1;
            else if (seen.sameContent) tally.duplicates += 1;
            else {
              rejected.push({
                row: item.row,
                field: 'externalReference',
                message: `conflicts with row ${seen.row} of this file: the same source, sender and reference with other content`,
              });
            }
          } else if (outcome.kind === 'duplicate') tally.duplicates += 1;
          else rejected.push(...outcome.rejected);
        }
        tally.processed = batch[batch.length - 1].row;
        await runner.startTransaction();
        try {
          await storeRejections(runner.manager, imp.id, rejectedCount, rejected);
          await runner.query(
            `UPDATE notification_import SET processed = $2, imported = $3, duplicates = $4, rejected_count = $5, updated_at = now()
              WHERE id = $1`,
            [imp.id, tally.processed, tally.imported, tally.duplicates, rejectedCount + rejected.length],
          );
          await runner.commitTransaction();
        } catch (error) {
          await runner.rollbackTransaction();
          throw error;
        }
        rejectedCount += rejected.length;
      }
    } finally {
      await runner.query('DROP TABLE IF EXISTS import_check_key').catch(() => undefined);
      await runner.release();
    }
    if (imp.dryRun) {
      // all_or_nothing would import nothing at all if one row is bad.
      if (imp.mode === 'all_or_nothing' && rejectedCount > 0) {
        await this.dataSource.query('UPDATE notification_import SET imported = 0 WHERE id = $1', [imp.id]);
      }
      return { ...imp, phase: 'finished' };
    }
    if (rejectedCount > 0) {
      await this.dataSource.query('UPDATE notification_import SET imported = 0, duplicates = 0 WHERE id = $1', [imp.id]);
      return { ...imp, phase: 'finished' };
    }
    // Every row is good: import them for real (processed stays at total; imported counts up).
    await this.dataSource.query(
      `UPDATE notification_import SET phase = 'import', checkpoint = 0, imported = 0, duplicates = 0, updated_at = now() WHERE id = $1`,
      [imp.id],
    );
    return { ...imp, phase: 'import', checkpoint: 0, imported: 0, duplicates: 0 };
  }

  /**
   * For rows the intake would store: the earlier row of the file with the same key, and
   * whether its content was the same (then it is a duplicate, else a conflict).
   */
  private async earlierRows(manager: EntityManager, items: RowItem[]): Promise<Map<number, { row: number; sameContent: boolean }>> {
    const found = new Map<number, { row: number; sameContent: boolean }>();
    const firstInBatch = new Map<string, { row: number; hash: string }>();
    const keys: string[] = [];
    const hashes: string[] = [];
    const rows: number[] = [];
    for (const item of items) {
      const { notice } = this.intake.validate(item.body);
      const key = `${notice.source}|${notice.senderKey}|${notice.externalReference}`;
      // Keyed, like the stored notices' fingerprints: the session's scratch table holds nothing an identity number can be tried against.
      const hash = this.keys.fingerprint(contentHash(notice));
      const first = firstInBatch.get(key);
      if (first) {
        found.set(item.row, { row: first.row, sameContent: first.hash === hash });
        continue;
      }
      firstInBatch.set(key, { row: item.row, hash });
      keys.push(key);
      hashes.push(hash);
      rows.push(item.row);
    }
    if (keys.length === 0) return found;
    // The join sees the table as it was before this statement: only rows of earlier batches.
    const earlier: Array<{ row: number; earlier: number; same: boolean }> = await manager.query(
      `WITH incoming AS (SELECT * FROM unnest($1::text[], $2::text[], $3::int[]) AS i(key, hash, row)),
            added AS (INSERT INTO import_check_key (key, hash, row) SELECT key, hash, row FROM incoming ON CONFLICT (key) DO NOTHING)
       SELECT i.row, k.row AS earlier, i.hash = k.hash AS same FROM incoming i JOIN import_check_key k ON k.key = i.key`,
      [keys, hashes, rows],
    );
    for (const r of earlier) found.set(r.row, { row: r.earlier, sameContent: r.same });
    return found;
  }

  private async finish(imp: NotificationImport, status: 'done' | 'failed', reason?: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.query(
        `UPDATE notification_import SET status = $2, phase = 'finished', failure_reason = $3, finished_at = now(), updated_at = now()
          WHERE id = $1`,
        [imp.id, status, reason ?? null],
      );
      // The file holds personal data: it is kept only as long as the import needs it.
      await deleteChunks(manager, imp.id);
      await this.audit.record(
        actorOf(imp),
        {
          action: 'import',
          entityType: 'notification_import',
          entityIds: [imp.id],
          reason: status === 'failed' ? 'import failed' : 'import finished',
        },
        manager,
      );
    });
  }
}
