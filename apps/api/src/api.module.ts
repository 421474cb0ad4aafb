import { DynamicModule, Module, Type } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CasesModule } from '@bosam/cases';
import { ImportsModule } from '@bosam/imports';
import { IntakeModule } from '@bosam/intake';
import { BosamConfig, HealthController, PlatformModule } from '@bosam/platform';
import { MeetingsModule } from '@bosam/meetings';
import { SetupModule } from '@bosam/setup';
import { appDataSourceOptions } from '../../common/src';
import { AuditController } from './audit/audit.controller';
import { CasesController } from './cases/cases.controller';
import { CorrelationInterceptor } from './correlation.interceptor';
import { ImportsController } from './imports/imports.controller';
import { IntakeController } from './intake/intake.controller';
import { MeetingsController, NextStepsController } from './meetings/meetings.controller';
import { SetupController } from './setup/setup.controller';

/** The HTTP application: controllers are thin, the work is in libs/<context>. */
@Module({})
export class ApiModule {
  /** `extraImports`: modules that run in the same process, e.g. the worker's jobs under `npm start`. */
  static forRoot(config: BosamConfig, extraImports: Type[] = []): DynamicModule {
    return {
      module: ApiModule,
      imports: [TypeOrmModule.forRoot(appDataSourceOptions(config.databaseUrl!)), PlatformModule.forRoot(config), SetupModule, IntakeModule, CasesModule, MeetingsModule, ImportsModule, ...extraImports],
      controllers: [HealthController, SetupController, AuditController, IntakeController, CasesController, MeetingsController, NextStepsController, ImportsController],
      providers: [{ provide: APP_INTERCEPTOR, useClass: CorrelationInterceptor }],
    };
  }
}
