import { DataSource } from 'typeorm';
import { BosamConfig, dataSourceOptions, openDataSource, SessionLimits } from '@bosam/platform';
import { ENTITIES, MIGRATIONS } from './schema';

export const appDataSourceOptions = (url: string, limits?: SessionLimits) => dataSourceOptions(url, ENTITIES, MIGRATIONS, limits);

/** The API's pool or the worker's: each its own, bounded by the configured session limits. */
export function poolOptions(config: BosamConfig, pool: 'api' | 'worker') {
  return appDataSourceOptions(config.databaseUrl!, {
    name: `bosam-${pool}`,
    poolMax: pool === 'api' ? config.dbPoolApi : config.dbPoolWorker,
    statementTimeoutMs: config.dbStatementTimeoutMs,
    idleInTransactionTimeoutMs: config.dbIdleInTransactionTimeoutMs,
  });
}

export async function migrate(url: string): Promise<string[]> {
  const dataSource = await openDataSource(appDataSourceOptions(url));
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await dataSource.destroy();
  }
}

export async function withDataSource<T>(config: BosamConfig, work: (ds: DataSource) => Promise<T>): Promise<T> {
  const dataSource = await openDataSource(appDataSourceOptions(config.databaseUrl!));
  try {
    return await work(dataSource);
  } finally {
    await dataSource.destroy();
  }
}
