import { DataSource } from 'typeorm';
import { BosamConfig, dataSourceOptions, openDataSource } from '@bosam/platform';
import { ENTITIES, MIGRATIONS } from './schema';

export const appDataSourceOptions = (url: string) => dataSourceOptions(url, ENTITIES, MIGRATIONS);

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
