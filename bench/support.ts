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
export async function freshBenchDatabase(name: string): Promise<string> {
  if (!/^bosam_bench_[a-z_]+$/.test(name)) throw new Error(`bench databases are named bosam_bench_…, not ${name}`);
  await onServer(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await onServer(`CREATE DATABASE ${name}`);
  const url = withDatabase(benchServerUrl(), name);
  await migrate(url);
  return url;
}

export const dropBenchDatabase = (name: string): Promise<void> => onServer(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
