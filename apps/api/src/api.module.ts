import { DynamicModule, Module, Type } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { CasesModule } from '@bosam/cases';
import { EvaluationModule } from '@bosam/evaluation';
import { ImportsModule } from '@bosam/imports';
import { IntakeModule } from '@bosam/intake';
import { LandlordsModule } from '@bosam/landlords';
import { BosamConfig, DatabaseModule, HealthController, InputGuardInterceptor, PlatformModule } from '@bosam/platform';
import { MeetingsModule } from '@bosam/meetings';
import { SetupModule } from '@bosam/setup';
import { poolOptions } from '../../common/src';
import { AuditController } from './audit/audit.controller';
import { CasesController, RepaymentPlansController } from './cases/cases.controller';
import { CorrelationInterceptor } from './correlation.interceptor';
import { EvaluationController, EvaluationDecisionsController, EvaluationExportsController } from './evaluation/evaluation.controller';
import { ImportsController } from './imports/imports.controller';
import { IntakeController } from './intake/intake.controller';
import { LandlordsController } from './landlords/landlords.controller';
import { DecisionsController, MeetingsController, NextStepsController } from './meetings/meetings.controller';
import { SetupController } from './setup/setup.controller';
import { WebModule } from './web';

/** The HTTP application: controllers are thin, the work is in libs/<context>. */
@Module({})
export class ApiModule {
  /** `extraImports`: modules that run in the same process, e.g. the worker's jobs under `npm start`. */
  static forRoot(config: BosamConfig, extraImports: Type[] = []): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        DatabaseModule.forRoot(poolOptions(config, 'api')),
        PlatformModule.forRoot(config),
        SetupModule,
        IntakeModule,
        CasesModule,
        MeetingsModule,
        ImportsModule,
        LandlordsModule,
        EvaluationModule,
        WebModule,
        ...extraImports,
      ],
      controllers: [
        HealthController,
        SetupController,
        AuditController,
        IntakeController,
        CasesController,
        RepaymentPlansController,
        MeetingsController,
        DecisionsController,
        NextStepsController,
        ImportsController,
        LandlordsController,
        EvaluationController,
        EvaluationDecisionsController,
        EvaluationExportsController,
      ],
      providers: [
        { provide: APP_INTERCEPTOR, useClass: CorrelationInterceptor },
        { provide: APP_INTERCEPTOR, useClass: InputGuardInterceptor },
      ],
    };
  }
}
