import { Module } from '@nestjs/common';
import { IntakeService } from './intake.service';

/** Intake of notifications; AuditService and the DataSource come from the platform and TypeORM roots. */
@Module({ providers: [IntakeService], exports: [IntakeService] })
export class IntakeModule {}
