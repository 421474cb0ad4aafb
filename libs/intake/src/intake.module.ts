import { Module } from '@nestjs/common';
import { CasesModule } from '@bosam/cases';
import { IntakeService } from './intake.service';
import { NotificationsService } from './notifications.service';

/**
 * Intake of notifications and their corrections; AuditService and the DataSource come from the platform and TypeORM roots.
 * CasesModule also checks at start that this process holds the stored personal data's key.
 */
@Module({ imports: [CasesModule], providers: [IntakeService, NotificationsService], exports: [IntakeService, NotificationsService] })
export class IntakeModule {}
