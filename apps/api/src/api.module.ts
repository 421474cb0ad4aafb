import { DynamicModule, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { BosamConfig, HealthController, PlatformModule } from '@bosam/platform';
import { SetupModule } from '@bosam/setup';
import { appDataSourceOptions } from '../../common/src';
import { AuditController } from './audit/audit.controller';
import { CorrelationInterceptor } from './correlation.interceptor';
import { SetupController } from './setup/setup.controller';

/** The HTTP application: controllers are thin, the work is in libs/<context>. */
@Module({})
export class ApiModule {
  static forRoot(config: BosamConfig): DynamicModule {
    return {
      module: ApiModule,
      imports: [TypeOrmModule.forRoot(appDataSourceOptions(config.databaseUrl!)), PlatformModule.forRoot(config), SetupModule],
      controllers: [HealthController, SetupController, AuditController],
      providers: [{ provide: APP_INTERCEPTOR, useClass: CorrelationInterceptor }],
    };
  }
}
