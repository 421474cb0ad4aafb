import { Module } from '@nestjs/common';
import { CasesService } from './cases.service';
import { FollowUpService } from './follow-up.service';
import { DataKeyCheck } from './personal-data-keys';

// DataKeyCheck: at start, this process must hold the key the stored personal data uses (see personal-data-keys.ts).
@Module({ providers: [CasesService, FollowUpService, DataKeyCheck], exports: [CasesService, FollowUpService] })
export class CasesModule {}
