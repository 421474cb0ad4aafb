import { Client } from 'pg';
import { withDatabase } from '@bosam/platform';
import { migrate } from '../apps/common/src';

/** The server the benchmarks use: DATABASE_URL, or the local PostgreSQL. */
export const benchServerUrl = (): string => process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';

async function onServer(sql: string): Promise<void> {
  const client = new Client({ connectionString: withDatabase(benchServerUrl(), 'postgres') });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A new, migrated database for one benchmark (names start with bosam_bench_); returns its URL. */
export async function freshBenchDatabase(base: string): Promise<string> {
  const name = benchDatabaseName(base);
  if (!/^bosam_bench_[a-z_]+$/.test(name)) throw new Error(`bench databases are named bosam_bench_…, not ${name}`);
  await onServer(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await onServer(`CREATE DATABASE ${name}`);
  const url = withDatabase(benchServerUrl(), name);
  await migrate(url);
  return url;
}

export const dropBenchDatabase = (base: string): Promise<void> => onServer(`DROP DATABASE IF EXISTS ${benchDatabaseName(base)} WITH (FORCE)`);

/** BENCH_DB_SUFFIX (lowercase letters and _) keeps two runs on one server apart. */
export const benchDatabaseName = (base: string): string => `${base}${process.env.BENCH_DB_SUFFIX ?? ''}`;
