import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { previousTermCode } from '@bosam/calendar';
import { Actor, assertUuid, AuditService, DomainError, JobName, notFound, QueueService } from '@bosam/platform';
import { CreateEvaluationExportDto } from './dto';
import { ExportFormat } from './entities';
import { EvaluationService } from './evaluation.service';
import { CONTENT_TYPES, exportFilename, renderExport } from './export-files';
import { IndicatorsService } from './indicators.service';
import { buildReport } from './report';
import { EvaluationExportView } from './views';

export interface ExportFile {
  filename: string;
  contentType: string;
  content: Buffer;
}

/**
 * Evaluation exports: requested over HTTP, built by the worker (job BuildEvaluationExport) and
 * stored in the database. Aggregates only, small counts suppressed; the same district, term and
 * format asked for while one is pending is that one (a partial unique index says so).
 */
@Injectable()
export class EvaluationExportsService {
  private readonly logger = new Logger('evaluation-exports');

  constructor(
    private readonly dataSource: DataSource,
    private readonly queues: QueueService,
    private readonly audit: AuditService,
    private readonly evaluation: EvaluationService,
    private readonly figures: IndicatorsService,
  ) {}

  async request(actor: Actor, dto: CreateEvaluationExportDto): Promise<{ id: string }> {
    const id = await this.dataSource.transaction(async (manager) => {
      await this.evaluation.assertScope(actor, dto.district, dto.term, manager);
      const [created] = await manager.query(
        `INSERT INTO evaluation_export (district_code, term, format, requested_by) VALUES ($1, $2, $3, $4)
         ON CONFLICT (district_code, term, format) WHERE status IN ('queued', 'running') DO NOTHING RETURNING id`,
        [dto.district, dto.term, dto.format, actor.sub],
      );
      let exportId: string;
      if (created) {
        exportId = created.id;
        await this.queues.enqueue(manager, JobName.BuildEvaluationExport, { exportId }, { jobId: `evaluation-export-${exportId}` });
      } else {
        const [pending] = await manager.query(
          `SELECT id FROM evaluation_export WHERE district_code = $1 AND term = $2 AND format = $3 AND status IN ('queued', 'running')`,
          [dto.district, dto.term, dto.format],
        );
        // Finished between the insert and this read: ask again for a fresh one.
        if (!pending) throw new DomainError('CONFLICT', 'An export of this term has just finished; request it again.');
        exportId = pending.id;
      }
      await this.audit.record(
        actor,
        {
          action: 'export',
          entityType: 'evaluation_export',
          entityIds: [exportId],
          reason: `evaluation ${dto.term} ${dto.format} requested`,
        },
        manager,
      );
      return exportId;
    });
    this.queues.dispatchSoon();
    return { id };
  }

  async get(actor: Actor, rawId: string): Promise<EvaluationExportView> {
    const id = assertUuid(rawId, 'export');
    const [row] = await this.dataSource.query(
      `SELECT id, status, progress, format, district_code, term, created_at, finished_at, failure_reason
         FROM evaluation_export WHERE id = $1 AND district_code = $2`,
      [id, actor.district],
    );
    if (!row) throw notFound('export');
    return {
      id: row.id,
      status: row.status,
      progress: row.progress,
      format: row.format,
      district: row.district_code,
      term: row.term,
      createdAt: new Date(row.created_at).toISOString(),
      finishedAt: row.finished_at ? new Date(row.finished_at).toISOString() : null,
      failureReason: row.failure_reason,
    };
  }

  /** The file once done; while queued or running (or failed) 409, so a client knows to wait or ask again. */
  async file(actor: Actor, rawId: string): Promise<ExportFile> {
    const id = assertUuid(rawId, 'export');
    const [row] = await this.dataSource.query(
      'SELECT status, format, district_code, term, content FROM evaluation_export WHERE id = $1 AND district_code = $2',
      [id, actor.district],
    );
    if (!row) throw notFound('export');
    if (row.status !== 'done') {
      throw new DomainError(
        'CONFLICT',
        row.status === 'failed'
          ? 'The export failed; request a new one.'
          : row.status === 'expired'
            ? 'The export file was removed under the retention rules; request a new one.'
            : `The export is not ready yet (status ${row.status}).`,
      );
    }
    await this.audit.record(actor, { action: 'export', entityType: 'evaluation_export', entityIds: [id], reason: 'file downloaded' });
    const format = row.format as ExportFormat;
    return { filename: exportFilename(row.district_code, row.term, format), contentType: CONTENT_TYPES[format], content: row.content };
  }

  /** The job's work: compute, suppress, render, store. An unexpected error on the final attempt marks it failed. */
  async build(exportId: string, options: { finalAttempt?: boolean } = {}): Promise<void> {
    // An UPDATE … RETURNING answers [rows, count].
    const [[row]] = await this.dataSource.query(
      `UPDATE evaluation_export SET status = 'running', started_at = coalesce(started_at, now()), progress = 10
        WHERE id = $1 AND status IN ('queued', 'running') RETURNING district_code, term, format`,
      [exportId],
    );
    if (!row) return;
    try {
      const [figures, targets, decisions, previousDecisions, tenantNames, warnings] = await Promise.all([
        this.figures.compute(row.district_code, row.term),
        this.evaluation.targets(row.district_code, row.term),
        this.evaluation.decisions(row.district_code, row.term),
        this.evaluation.decisions(row.district_code, previousTermCode(row.term)),
        this.evaluation.tenantNames(row.district_code),
        this.evaluation.warnings(row.district_code, row.term),
      ]);
      await this.dataSource.query('UPDATE evaluation_export SET progress = 60 WHERE id = $1', [exportId]);
      // The previous term's decisions first, with their status: followed up at this term's evaluation.
      const report = buildReport(figures, targets, [...previousDecisions, ...decisions], { tenantNames, warnings });
      const content = await renderExport(report, row.format as ExportFormat);
      // Only a running export is finished: a build that lost its job to another worker (its lock
      // expired while it was held up) and finishes second leaves the first one's file alone.
      const [, finished] = await this.dataSource.query(
        `UPDATE evaluation_export SET status = 'done', progress = 100, content = $2, finished_at = now() WHERE id = $1 AND status = 'running'`,
        [exportId, content],
      );
      if (finished === 0) this.logger.warn(`evaluation export ${exportId} was already finished elsewhere`);
    } catch (error) {
      this.logger.error(`evaluation export ${exportId} failed: ${(error as Error).message}`);
      if (options.finalAttempt) {
        await this.dataSource.query(
          `UPDATE evaluation_export SET status = 'failed', failure_reason = $2, finished_at = now() WHERE id = $1`,
          [exportId, 'The export could not be built. Request it again.'],
        );
      }
      throw error;
    }
  }
}
