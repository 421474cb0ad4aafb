import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  Actor,
  assertDistrict,
  assertDistrictExists,
  assertUuid,
  AuditService,
  BOSAM_CONFIG,
  BosamConfig,
  DomainError,
  invalid,
  invalidFields,
  JobName,
  notFound,
  PersonalData,
  QueueService,
} from '@bosam/platform';
import { scrubIdentityNumbers } from '@bosam/identity';
import { detectDelimiter, headerLine, IMPORT_COLUMNS, mapHeader, MAX_LINE_BYTES, notCsvReason, splitHeader } from './csv-format';
import { IMPORT_MODES, ImportMode, NotificationImport } from './entities';
import { CHUNK_BYTES, writeChunk } from './file-store';
import { readRejections, REJECTIONS_IN_STATUS } from './rejections';
import { ImportView, RejectionsPageView } from './views';

/** One part of a multipart upload, whatever the HTTP framework. */
export type UploadPart =
  | { kind: 'field'; name: string; value: string }
  | { kind: 'file'; name: string; filename: string; stream: AsyncIterable<Buffer>; truncated(): boolean };

/** What a client told to wait for a running upload should wait before it tries again. */
const UPLOAD_RETRY_AFTER_SECONDS = 10;

const BOOLEAN: Record<string, boolean> = { true: true, false: false, '1': true, '0': false, '': false };

/**
 * Receives notification files: streams the upload into the database in chunks, checks that
 * it is a CSV with known columns, and queues the import with its job request in one short
 * transaction, so that a worker on any host picks it up once it is committed.
 */
@Injectable()
export class ImportsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly queues: QueueService,
    private readonly audit: AuditService,
    @Inject(BOSAM_CONFIG) private readonly config: BosamConfig,
    private readonly keys: PersonalData,
  ) {}

  /** Uploads in progress per user (this process): a user may not tie up the API with many at once. */
  private readonly uploading = new Map<string, number>();

  async upload(actor: Actor, parts: AsyncIterable<UploadPart>): Promise<{ id: string }> {
    const key = `${actor.district}\u0000${actor.sub}`;
    const running = this.uploading.get(key) ?? 0;
    if (running >= this.config.importUploadsPerUser) {
      throw new DomainError(
        'RATE_LIMITED',
        `At most ${this.config.importUploadsPerUser} uploads at a time; wait until one has finished.`,
        undefined,
        {
          retryAfter: UPLOAD_RETRY_AFTER_SECONDS,
        },
      );
    }
    this.uploading.set(key, running + 1);
    try {
      return await this.receive(actor, parts);
    } finally {
      const left = (this.uploading.get(key) ?? 1) - 1;
      if (left > 0) this.uploading.set(key, left);
      else this.uploading.delete(key);
    }
  }

  /**
   * No transaction is open while the client sends: the import row (status `receiving`) and each
   * chunk are written in statements of their own, and one short transaction at the end turns the
   * upload into a queued import with its job request and audit entry. A failed upload is deleted;
   * one left behind by a process that died is removed by a later upload.
   */
  private async receive(actor: Actor, parts: AsyncIterable<UploadPart>): Promise<{ id: string }> {
    const id = randomUUID();
    await this.dataSource.query(
      `DELETE FROM notification_import WHERE status = 'receiving' AND created_at < now() - make_interval(secs => $1)`,
      [Math.ceil(this.config.httpRequestTimeoutMs / 1000) + 60],
    );
    await this.dataSource.query(
      `INSERT INTO notification_import (id, district_code, created_by, created_by_name, filename, size_bytes, mode, status)
       VALUES ($1, $2, $3, $4, '', 0, 'valid_rows', 'receiving')`,
      [id, actor.district, actor.sub, actor.name],
    );
    try {
      const fields: Record<string, string> = {};
      let file: { filename: string; size: number } | undefined;
      for await (const part of parts) {
        if (part.kind === 'field') {
          fields[part.name] = part.value;
          // Fail early, before reading a large file, when the district is not the caller's.
          if (part.name === 'district') assertDistrict(actor, part.value);
          continue;
        }
        if (part.name !== 'file') throw invalid(part.name, 'is not a known field; send the file as "file"');
        if (file) throw invalid('file', 'send one file per import');
        file = { filename: part.filename || 'notifications.csv', size: await this.storeFile(this.dataSource.manager, id, part) };
      }
      const district = fields.district;
      if (district === undefined) throw invalid('district', 'is required');
      assertDistrict(actor, district);
      await assertDistrictExists(this.dataSource, district);
      const mode = (fields.mode ?? 'valid_rows') as ImportMode;
      if (!IMPORT_MODES.includes(mode)) throw invalid('mode', `must be one of ${IMPORT_MODES.join(', ')}`);
      const dryRun = BOOLEAN[(fields.dryRun ?? '').trim().toLowerCase()];
      if (dryRun === undefined) throw invalid('dryRun', 'must be true or false');
      const unknown = Object.keys(fields).filter((name) => !['district', 'mode', 'dryRun'].includes(name));
      if (unknown.length > 0) throw invalidFields(unknown.map((field) => ({ field, message: 'is not a known field' })));
      if (!file) throw invalid('file', 'is required');
      const received = file;

      await this.dataSource.transaction(async (manager) => {
        const still = await manager.query(`SELECT 1 FROM notification_import WHERE id = $1 AND status = 'receiving' FOR UPDATE`, [id]);
        if (still.length === 0) throw new DomainError('CONFLICT', 'The upload took too long; send the file again.');
        await manager.query(
          `UPDATE notification_import SET filename = $2, size_bytes = $3, mode = $4, dry_run = $5, status = 'queued',
                  created_at = now(), updated_at = now()
            WHERE id = $1`,
          // The name is shown back in the status: never with an identity number in it.
          [id, scrubIdentityNumbers(received.filename).slice(0, 255), received.size, mode, dryRun],
        );
        await this.queues.enqueue(manager, JobName.ImportNotifications, { importId: id }, { jobId: `import-${id}` });
        await this.audit.record(
          actor,
          { action: 'import', entityType: 'notification_import', entityIds: [id], reason: 'file received' },
          manager,
        );
      });
    } catch (error) {
      // The chunks go with the row (ON DELETE CASCADE).
      await this.dataSource.query(`DELETE FROM notification_import WHERE id = $1 AND status = 'receiving'`, [id]).catch(() => undefined);
      throw error;
    }
    this.queues.dispatchSoon();
    return { id };
  }

  /** Streams the file into chunks; checks the first one for what no CSV looks like and for the header. */
  private async storeFile(manager: DataSource['manager'], id: string, part: Extract<UploadPart, { kind: 'file' }>): Promise<number> {
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    let seq = 0;
    let size = 0;
    let line = 1;
    let lineBytes = 0;
    const flush = async () => {
      const data = Buffer.concat(pending);
      if (seq === 0) this.checkHead(data);
      await writeChunk(manager, this.keys, id, seq, data);
      seq += 1;
      pending = [];
      pendingBytes = 0;
    };
    for await (const chunk of part.stream) {
      if (part.truncated()) throw this.tooLarge();
      // A runaway line (a header of a million columns, a cell of megabytes) is refused at once, with one error.
      for (let start = 0; ;) {
        const newline = chunk.indexOf(0x0a, start);
        lineBytes += (newline < 0 ? chunk.length : newline) - start;
        if (lineBytes > MAX_LINE_BYTES) {
          const message = `line ${line} is longer than ${MAX_LINE_BYTES} bytes; no row of a notification file is that long`;
          throw new DomainError('MALFORMED_FILE', `The file cannot be imported: ${message}.`, [{ field: 'file', message }]);
        }
        if (newline < 0) break;
        line += 1;
        lineBytes = 0;
        start = newline + 1;
      }
      pending.push(chunk);
      pendingBytes += chunk.length;
      size += chunk.length;
      if (pendingBytes >= CHUNK_BYTES) await flush();
    }
    if (part.truncated()) throw this.tooLarge();
    if (pendingBytes > 0 || seq === 0) await flush();
    return size;
  }

  private tooLarge(): DomainError {
    return new DomainError('PAYLOAD_TOO_LARGE', `The file is larger than the limit of ${this.config.importMaxBytes} bytes.`);
  }

  /** A clear 400 at once for a file that is not CSV, or whose columns are unknown or missing. */
  private checkHead(head: Buffer): void {
    const reason = notCsvReason(head);
    if (reason) throw new DomainError('MALFORMED_FILE', reason, [{ field: 'file', message: reason }]);
    const { line } = headerLine(head);
    const { errors } = mapHeader(splitHeader(line, detectDelimiter(line)));
    if (errors.length > 0) {
      throw new DomainError(
        'VALIDATION_FAILED',
        `The header row does not match the notification file format (columns: ${IMPORT_COLUMNS.join(', ')}).`,
        errors,
      );
    }
  }

  async get(actor: Actor, rawId: string): Promise<ImportView> {
    const id = assertUuid(rawId, 'import');
    const [row] = await this.dataSource.query(
      `SELECT id, district_code, filename, mode, dry_run, status, total, processed, imported, duplicates, rejected_count,
              failure_reason, created_at, started_at, finished_at
         FROM notification_import WHERE id = $1 AND district_code = $2 AND status <> 'receiving'`,
      [id, actor.district],
    );
    if (!row) throw notFound('import');
    return {
      id: row.id,
      district: row.district_code,
      filename: row.filename,
      mode: row.mode,
      dryRun: row.dry_run,
      status: row.status,
      total: row.total,
      processed: row.processed,
      imported: row.imported,
      duplicates: row.duplicates,
      rejected: await readRejections(this.dataSource, id, 0, REJECTIONS_IN_STATUS),
      rejectedCount: row.rejected_count,
      failureReason: row.failure_reason,
      createdAt: new Date(row.created_at).toISOString(),
      startedAt: row.started_at ? new Date(row.started_at).toISOString() : null,
      finishedAt: row.finished_at ? new Date(row.finished_at).toISOString() : null,
    };
  }

  /** A page of an import's rejections (404 for another district's import). */
  async rejections(actor: Actor, rawId: string, offset = 0, limit = REJECTIONS_IN_STATUS): Promise<RejectionsPageView> {
    const id = assertUuid(rawId, 'import');
    const [row] = await this.dataSource.query(
      `SELECT rejected_count FROM notification_import WHERE id = $1 AND district_code = $2 AND status <> 'receiving'`,
      [id, actor.district],
    );
    if (!row) throw notFound('import');
    return { items: await readRejections(this.dataSource, id, offset, limit), total: row.rejected_count, offset, limit };
  }

  /** The caller's district's imports still queued or running, and those finished in the last day (the start page). */
  async recent(actor: Actor): Promise<ImportView[]> {
    const rows: Array<{ id: string }> = await this.dataSource.query(
      `SELECT id FROM notification_import
        WHERE district_code = $1 AND (status IN ('queued', 'running') OR finished_at > now() - interval '1 day')
        ORDER BY created_at DESC LIMIT 20`,
      [actor.district],
    );
    return Promise.all(rows.map((row) => this.get(actor, row.id)));
  }
}
