import { Module } from '@nestjs/common';
import { CasesModule } from '@bosam/cases';
import { ConsentsService } from './consents.service';
import { LiaisonService } from './liaison.service';

@Module({ imports: [CasesModule], providers: [ConsentsService, LiaisonService], exports: [ConsentsService, LiaisonService] })
export class LandlordsModule {}
