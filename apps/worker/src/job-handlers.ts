import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { EvaluationExportsService } from '@bosam/evaluation';
import { ImportProcessor } from '@bosam/imports';
import { NextStepsService } from '@bosam/meetings';
import { AuditService, handlePing, JobHandlers, JobName } from '@bosam/platform';
import { RetentionService } from '@bosam/retention';

/**
 * The one place where job names meet their handlers. Each handler reads ids from the payload
 * and calls a service in libs/; the type makes a missing job name a compile error, and the
 * queue service checks the same at start-up.
 */
@Injectable()
export class JobHandlersProvider {
  constructor(
    private readonly dataSource: DataSource,
    private readonly nextSteps: NextStepsService,
    private readonly imports: ImportProcessor,
    private readonly evaluationExports: EvaluationExportsService,
    private readonly retention: RetentionService,
    private readonly audit: AuditService,
  ) {}

  handlers(): JobHandlers {
    return {
      [JobName.Ping]: ({ pingId }) => handlePing(this.dataSource, pingId),
      [JobName.MarkOverdueNextSteps]: ({ asOf }) => this.nextSteps.markOverdue(asOf),
      [JobName.ImportNotifications]: ({ importId }, { finalAttempt }) => this.imports.process(importId, { finalAttempt }),
      [JobName.BuildEvaluationExport]: ({ exportId }, { finalAttempt }) => this.evaluationExports.build(exportId, { finalAttempt }),
      [JobName.EnforceRetention]: ({ asOf }) => this.retention.enforce({ asOf }),
      [JobName.AuditCheckpoint]: () => this.audit.checkpoint(),
    };
  }
}
