import { types } from 'pg';
import { DataSource, DataSourceOptions, MixedList, EntitySchema } from 'typeorm';

// Dates the law counts are calendar dates: PostgreSQL `date` values stay 'YYYY-MM-DD' strings,
// never JavaScript Dates (which would shift with the process time zone).
const PG_DATE_OID = 1082;
types.setTypeParser(PG_DATE_OID, (value: string) => value);
import { SnakeNamingStrategy } from './naming';

type EntityList = MixedList<string | (new (...args: never[]) => unknown) | EntitySchema>;
type MigrationList = MixedList<string | (new (...args: never[]) => unknown)>;

/** How the application's own sessions are bounded (the API's pool and the worker's). */
export interface SessionLimits {
  /** `application_name`, so that pg_stat_activity tells the pools apart. */
  name: string;
  poolMax: number;
  statementTimeoutMs: number;
  idleInTransactionTimeoutMs: number;
}

/**
 * One way to build the TypeORM options, for the app, the migration CLI and the tests.
 * Entities and migrations are listed explicitly (no globs: they break under bundlers).
 * `limits`: the application's pools; without them (migrations, scripts) sessions are unbounded.
 */
export function dataSourceOptions(url: string, entities: EntityList, migrations: MigrationList, limits?: SessionLimits): DataSourceOptions {
  // A stuck statement or a transaction left open (a client that stopped sending) must not hold a
  // connection for ever: PostgreSQL ends them itself.
  const extra = limits
    ? {
        max: limits.poolMax,
        application_name: limits.name,
        statement_timeout: limits.statementTimeoutMs,
        idle_in_transaction_session_timeout: limits.idleInTransactionTimeoutMs,
        // Nor does a request wait for ever for a connection (a database that does not answer, a
        // pool held up): after 30 s it gets a 503. A database that is down refuses at once anyway.
        connectionTimeoutMillis: 30000,
      }
    : { max: 10, application_name: 'bosam' };
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
    extra,
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
