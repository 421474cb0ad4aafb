import { runMigrations as runQueueMigrations } from 'bullmq';
import { Client } from 'pg';
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

export interface MigrateOptions {
  /**
   * The application's login. When it is another role than the one migrating (the schema owner),
   * that role is created if missing (with the URL's password) and granted what the application
   * needs and no more: on the audit log only INSERT and SELECT.
   */
  appUrl?: string;
}

const userOf = (url: string): string => decodeURIComponent(new URL(url).username || process.env.PGUSER || 'postgres');
const passwordOf = (url: string): string | undefined => (new URL(url).password ? decodeURIComponent(new URL(url).password) : undefined);
const ROLE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;
const literal = (value: string): string => `'${value.replace(/'/g, "''")}'`;

/** Applies pending migrations as the owner of `url`, then the queue schema and the application role's grants. */
export async function migrate(url: string, options: MigrateOptions = {}): Promise<string[]> {
  const dataSource = await openDataSource(appDataSourceOptions(url));
  let applied: string[];
  try {
    applied = (await dataSource.runMigrations({ transaction: 'each' })).map((m) => m.name);
  } finally {
    await dataSource.destroy();
  }
  // The PostgreSQL queue schema too (unused, and empty, with Redis): the application never runs DDL.
  await migrateQueueSchema(url);
  if (options.appUrl && userOf(options.appUrl) !== userOf(url)) await grantAppRole(url, userOf(options.appUrl), passwordOf(options.appUrl));
  return applied;
}

async function migrateQueueSchema(url: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await runQueueMigrations(client as never, 'bullmq');
  } finally {
    await client.end();
  }
}

/**
 * The application's role: DML on the application's tables, none on the migration ledger, and on
 * the audit log INSERT and SELECT, and UPDATE of the three sealing columns only (no DELETE,
 * TRUNCATE or TRIGGER; not being the owner, it cannot drop or disable the log's triggers either,
 * and they allow sealing a pending entry once and no other change). Run after every migration, so new
 * tables are covered. Idempotent.
 */
export async function grantAppRole(ownerUrl: string, role: string, password?: string): Promise<void> {
  if (!ROLE_NAME.test(role)) throw new Error(`The application's database user "${role}" must be a plain lower-case name.`);
  const client = new Client({ connectionString: ownerUrl });
  await client.connect();
  const quoted = `"${role}"`;
  try {
    const exists = (await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role])).rowCount! > 0;
    if (!exists) {
      try {
        await client.query(`CREATE ROLE ${quoted} LOGIN${password ? ` PASSWORD ${literal(password)}` : ''}`);
      } catch (error) {
        // Made at the same moment by another migration run: fine.
        if ((error as { code?: string }).code !== '42710') throw error;
      }
    } else if (password) {
      // Keeps the role's password what the application's URL says; an owner without the right leaves it alone.
      await client.query(`ALTER ROLE ${quoted} LOGIN PASSWORD ${literal(password)}`).catch(() => undefined);
    }
    await client.query('BEGIN');
    await client.query(
      `GRANT CONNECT, TEMPORARY ON DATABASE "${(await client.query('SELECT current_database() AS d')).rows[0].d.replace(/"/g, '""')}" TO ${quoted}`,
    );
    for (const schema of ['public', 'bullmq']) {
      const present = (await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema])).rowCount! > 0;
      if (!present) continue;
      await client.query(`GRANT USAGE ON SCHEMA ${schema} TO ${quoted}`);
      await client.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${schema} TO ${quoted}`);
      await client.query(`GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA ${schema} TO ${quoted}`);
      await client.query(`GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA ${schema} TO ${quoted}`);
    }
    await client.query(`REVOKE ALL ON schema_migrations FROM ${quoted}`);
    await client.query(`GRANT SELECT ON schema_migrations TO ${quoted}`);
    await client.query(`REVOKE ALL ON audit_log FROM ${quoted}`);
    await client.query(`GRANT SELECT, INSERT ON audit_log TO ${quoted}`);
    // Sealing sets a pending entry's place and hashes; the trigger allows that once and nothing else.
    await client.query(`GRANT UPDATE (seq, prev_hash, hash) ON audit_log TO ${quoted}`);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
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
