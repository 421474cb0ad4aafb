import { types } from 'pg';
import { DataSource, DataSourceOptions, MixedList, EntitySchema } from 'typeorm';

// Dates the law counts are calendar dates: PostgreSQL `date` values stay 'YYYY-MM-DD' strings,
// never JavaScript Dates (which would shift with the process time zone).
const PG_DATE_OID = 1082;
types.setTypeParser(PG_DATE_OID, (value: string) => value);
import { SnakeNamingStrategy } from './naming';

type EntityList = MixedList<string | (new (...args: never[]) => unknown) | EntitySchema>;
type MigrationList = MixedList<string | (new (...args: never[]) => unknown)>;

/**
 * One way to build the TypeORM options, for the app, the migration CLI and the tests.
 * Entities and migrations are listed explicitly (no globs: they break under bundlers).
 */
export function dataSourceOptions(url: string, entities: EntityList, migrations: MigrationList): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: entities as DataSourceOptions['entities'],
    migrations: migrations as DataSourceOptions['migrations'],
    migrationsTableName: 'schema_migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    migrationsRun: false,
    uuidExtension: 'pgcrypto',
    namingStrategy: new SnakeNamingStrategy(),
    extra: { max: 10, application_name: 'bosam' },
    parseInt8: true,
  } as DataSourceOptions;
}

export async function openDataSource(options: DataSourceOptions): Promise<DataSource> {
  const dataSource = new DataSource(options);
  await dataSource.initialize();
  return dataSource;
}

/** The database name of a PostgreSQL URL. */
export const databaseNameOf = (url: string): string => decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));

/** The same server, another database. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}
