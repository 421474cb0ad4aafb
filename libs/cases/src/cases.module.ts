import { Module } from '@nestjs/common';
import { CasesService } from './cases.service';
import { FollowUpService } from './follow-up.service';

@Module({ providers: [CasesService, FollowUpService], exports: [CasesService, FollowUpService] })
export class CasesModule {}
