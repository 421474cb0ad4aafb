import { Module } from '@nestjs/common';
import { LandlordsModule } from '@bosam/landlords';
import { EvaluationService } from './evaluation.service';
import { EvaluationExportsService } from './exports.service';
import { IndicatorsService } from './indicators.service';

@Module({
  imports: [LandlordsModule],
  providers: [IndicatorsService, EvaluationService, EvaluationExportsService],
  exports: [IndicatorsService, EvaluationService, EvaluationExportsService],
})
export class EvaluationModule {}
