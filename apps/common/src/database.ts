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

/** Names of the migrations, in order (TypeORM records these in schema_migrations). */
export const migrationNames = (): string[] => MIGRATIONS.map((m) => new (m as new () => { name?: string })().name ?? m.name);

/**
 * Applies the first `count` migrations only: a restore brings a backup's schema back exactly as
 * it was (the next start applies the rest), and the upgrade test fills a database at an older schema.
 */
export async function migrateTo(url: string, count: number): Promise<string[]> {
  const dataSource = await openDataSource(dataSourceOptions(url, ENTITIES, MIGRATIONS.slice(0, count)));
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
