import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { PersonalData, withDatabase } from '@bosam/platform';
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

/**
 * The benchmark's database as an earlier run left it, migrated to today's schema, or null when there is none
 * (BENCH_REUSE=1: generate the national data once, measure many times).
 */
export async function keptBenchDatabase(base: string): Promise<string | null> {
  const name = benchDatabaseName(base);
  const client = new Client({ connectionString: withDatabase(benchServerUrl(), 'postgres') });
  await client.connect();
  try {
    if ((await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 0) return null;
  } finally {
    await client.end();
  }
  const url = withDatabase(benchServerUrl(), name);
  await migrate(url);
  return url;
}

export const dropBenchDatabase = (base: string): Promise<void> =>
  onServer(`DROP DATABASE IF EXISTS ${benchDatabaseName(base)} WITH (FORCE)`);

/** BENCH_DB_SUFFIX (lowercase letters and _) keeps two runs on one server apart. */
export const benchDatabaseName = (base: string): string => `${base}${process.env.BENCH_DB_SUFFIX ?? ''}`;

/**
 * Tenants for generated cases, as the application stores them (sealed identity number and blind index):
 * `rows(from, to)` is a SELECT of (case_id, personnummer, name) for the generator's numbers from..to.
 */
export async function insertSealedTenants(
  ds: DataSource,
  keys: PersonalData,
  total: number,
  rows: (from: number, to: number) => string,
): Promise<void> {
  const CHUNK = 20_000;
  for (let from = 1; from <= total; from += CHUNK) {
    const part: Array<{ case_id: string; personnummer: string; name: string }> = await ds.query(
      rows(from, Math.min(total, from + CHUNK - 1)),
    );
    await ds.query(
      `INSERT INTO case_tenant (case_id, personnummer_index, personnummer_sealed, name)
       SELECT * FROM unnest($1::uuid[], $2::bytea[], $3::text[], $4::text[])`,
      [
        part.map((r) => r.case_id),
        part.map((r) => keys.index(r.personnummer)),
        part.map((r) => keys.seal('personnummer', r.personnummer)),
        part.map((r) => r.name),
      ],
    );
  }
}
