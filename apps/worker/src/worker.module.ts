import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CasesModule } from '@bosam/cases';
import { IntakeModule } from '@bosam/intake';
import { BosamConfig, PlatformModule } from '@bosam/platform';
import { ImportsModule } from '@bosam/imports';
import { MeetingsModule } from '@bosam/meetings';
import { SetupModule } from '@bosam/setup';
import { appDataSourceOptions } from '../../common/src';
import { JobHandlersProvider } from './job-handlers';

@Module({})
export class WorkerModule {
  static forRoot(config: BosamConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [TypeOrmModule.forRoot(appDataSourceOptions(config.databaseUrl!)), PlatformModule.forRoot(config), SetupModule, IntakeModule, CasesModule, MeetingsModule, ImportsModule],
      providers: [JobHandlersProvider],
    };
  }
}
