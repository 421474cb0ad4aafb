import { Module } from '@nestjs/common';
import { EvaluationService } from './evaluation.service';
import { EvaluationExportsService } from './exports.service';
import { IndicatorsService } from './indicators.service';

@Module({
  providers: [IndicatorsService, EvaluationService, EvaluationExportsService],
  exports: [IndicatorsService, EvaluationService, EvaluationExportsService],
})
export class EvaluationModule {}
