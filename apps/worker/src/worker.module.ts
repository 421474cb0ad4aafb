import { DynamicModule, Module } from '@nestjs/common';
import { BosamConfig, DatabaseModule, PlatformModule } from '@bosam/platform';
import { poolOptions } from '../../common/src';
import { JobsModule } from './jobs.module';

/** The worker on its own (docker-compose's `worker` service, tests that need a separate one). */
@Module({})
export class WorkerModule {
  static forRoot(config: BosamConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [DatabaseModule.forRoot(poolOptions(config, 'worker')), PlatformModule.forRoot(config), JobsModule],
    };
  }
}
