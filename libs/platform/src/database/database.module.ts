import { DynamicModule, Global, Module, OnApplicationShutdown } from '@nestjs/common';
import { DataSource, DataSourceOptions } from 'typeorm';
import { openDataSource } from './data-source';

/**
 * The application's DataSource (its own pool), injectable as `DataSource` in every module, and
 * closed when the application shuts down. Not `TypeOrmModule.forRoot`: that one keeps a registry
 * of names per process and warns when a second application registers the default name, and
 * `npm start` runs two applications (API and worker, each with its own pool) in one process.
 */
@Global()
@Module({})
export class DatabaseModule implements OnApplicationShutdown {
  constructor(private readonly dataSource: DataSource) {}

  static forRoot(options: DataSourceOptions): DynamicModule {
    return {
      module: DatabaseModule,
      providers: [{ provide: DataSource, useFactory: () => openDataSource(options) }],
      exports: [DataSource],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}
