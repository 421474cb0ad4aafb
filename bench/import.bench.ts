import 'reflect-metadata';
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { NestFactory } from '@nestjs/core';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { from as copyFrom } from 'pg-copy-streams';
import { withLuhnDigit } from '@bosam/identity';
import { IMPORT_COLUMNS, ImportProcessor, ImportsService } from '@bosam/imports';
import { Actor, loadConfig } from '@bosam/platform';
import { dropBenchDatabase, freshBenchDatabase } from './support';
import { WorkerModule } from '../apps/worker/src/worker.module';

// A large landlord export (BOSAM.md "Realistic input"): 100,000 rows, Swedish Excel style
// (UTF-8 with BOM, semicolons, decimal commas, spaces as thousands separators, CRLF).
const DATABASE = 'bosam_bench_import';
// BENCH_IMPORT_ROWS: a smaller run while tuning.
const DEFAULT_ROWS = Number(process.env.BENCH_IMPORT_ROWS) || 100_000;
// BENCH_IMPORT_BAD_EVERY=k: every k-th row has a bad date (a dirty file: the rejections' cost).
const BAD_EVERY = Number(process.env.BENCH_IMPORT_BAD_EVERY) || 0;
const DISTRICT = 'BENCH';
const LANDLORD = '5566778899';

// The file's columns, as the import knows them; the generated rows leave protectedIdentity out.
const HEADER = IMPORT_COLUMNS.filter((column) => column !== 'protectedIdentity');

/** A valid, unique personnummer for row n (born 1940–1989, birth numbers 100 and up). */
function personnummer(n: number): string {
  const nine = `${40 + (Math.floor(n / 336) % 50)}${String(1 + (Math.floor(n / 28) % 12)).padStart(2, '0')}${String(1 + (n % 28)).padStart(2, '0')}${100 + Math.floor(n / 16800)}`;
  const ten = withLuhnDigit(nine);
  return `${ten.slice(0, 6)}-${ten.slice(6)}`;
}

function line(n: number): string {
  const ore = 100_000 + ((n * 7919) % 5_000_000);
  const kronor = Math.floor(ore / 100)
    .toLocaleString('sv-SE')
    .replace(/\u00a0/g, ' ');
  return [
    'landlord_arrears',
    `SVB-${n}`,
    '556677-8899',
    BAD_EVERY > 0 && n % BAD_EVERY === 0 ? 'igår' : '2026-03-02',
    '2026-02-26',
    '2026-02-27',
    '',
    `${kronor},${String(ore % 100).padStart(2, '0')}`,
    String(1 + (n % 4)),
    `Exempelgatan ${n % 500}`,
    '123 45',
    'Stockholm',
    String(1000 + (n % 900)),
    String(n % 3),
    personnummer(n),
    `Förnamn Efternamn ${n}`,
    '',
    '',
  ].join(';');
}

async function writeFile(path: string, rows: number): Promise<void> {
  const out = createWriteStream(path);
  out.write('\uFEFF' + HEADER.join(';') + '\r\n');
  for (let n = 1; n <= rows; n += 1) {
    if (!out.write(line(n) + '\r\n')) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
}

/** Samples memory every 50 ms while `work` runs. */
async function measured<T>(work: () => Promise<T>): Promise<{ result: T; seconds: number; peakRssMb: number; peakHeapMb: number }> {
  let peakRss = 0;
  let peakHeap = 0;
  const sample = () => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  };
  sample();
  const timer = setInterval(sample, 50);
  const start = process.hrtime.bigint();
  try {
    const result = await work();
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    sample();
    return { result, seconds, peakRssMb: peakRss / 2 ** 20, peakHeapMb: peakHeap / 2 ** 20 };
  } finally {
    clearInterval(timer);
  }
}

export interface ImportFigures {
  rows: number;
  /** Upload to done, through the real path. */
  rowsPerSecond: number;
  /** COPY of the same file into a staging table of text columns. */
  copyRowsPerSecond: number;
  peakRssMb: number;
}

export async function run(): Promise<void> {
  await measureImport(DEFAULT_ROWS);
}

/** Imports a generated file of `rows` rows and COPYs the same file; prints and returns the figures. */
export async function measureImport(rowCount: number, database = DATABASE): Promise<ImportFigures> {
  const ROWS = rowCount;
  const BAD_ROWS = BAD_EVERY > 0 ? Math.floor(ROWS / BAD_EVERY) : 0;
  const figures: ImportFigures = { rows: ROWS, rowsPerSecond: 0, copyRowsPerSecond: 0, peakRssMb: 0 };
  const url = await freshBenchDatabase(database);
  const dir = mkdtempSync(join(tmpdir(), 'bosam-bench-import-'));
  const file = join(dir, 'underrattelser.csv');
  try {
    await writeFile(file, ROWS);
    const bytes = statSync(file).size;
    process.stdout.write(`file: ${ROWS} rows, ${(bytes / 2 ** 20).toFixed(1)} MiB (UTF-8 with BOM, ';', decimal commas)\n`);

    const config = loadConfig({
      DATABASE_URL: url,
      LOG_LEVEL: 'error',
      AUTH_LOCAL_SECRET: 'bench-secret-bench-secret-bench-secret-0123',
      IMPORT_MAX_BYTES: String(2 ** 30),
    });
    const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { logger: false });
    try {
      const ds = app.get(DataSource);
      await ds.query(`INSERT INTO district (code, name) VALUES ($1, 'Benchmark')`, [DISTRICT]);
      await ds.query(`INSERT INTO landlord (org_number, name, municipal) VALUES ($1, 'Bostadsbolaget', true)`, [LANDLORD]);
      const actor: Actor = { sub: 'bench-coordinator', name: 'Bench', role: 'coordinator', district: DISTRICT };

      // The real path: the upload streamed into the database, then the worker's processing, in this process.
      const upload = await measured(() =>
        app.get(ImportsService).upload(
          actor,
          (async function* () {
            yield { kind: 'field' as const, name: 'district', value: DISTRICT };
            yield {
              kind: 'file' as const,
              name: 'file',
              filename: 'underrattelser.csv',
              stream: createReadStream(file),
              truncated: () => false,
            };
          })(),
        ),
      );
      const id = upload.result.id;
      // One job per slice (IMPORT_SLICE_MS), as the worker would run them one after another.
      const processing = await measured(async () => {
        for (;;) {
          await app.get(ImportProcessor).process(id);
          const [{ status }] = await ds.query('SELECT status FROM notification_import WHERE id = $1', [id]);
          if (status === 'done' || status === 'failed') return;
        }
      });
      const [report] = await ds.query(
        'SELECT status, total, imported, duplicates, rejected_count AS rejected FROM notification_import WHERE id = $1',
        [id],
      );
      if (report.status !== 'done' || report.imported !== ROWS - BAD_ROWS)
        throw new Error(`import did not complete: ${JSON.stringify(report)}`);
      const importSeconds = upload.seconds + processing.seconds;
      figures.rowsPerSecond = ROWS / importSeconds;
      figures.peakRssMb = Math.max(upload.peakRssMb, processing.peakRssMb);
      process.stdout.write(
        `import (upload ${upload.seconds.toFixed(1)} s + processing ${processing.seconds.toFixed(1)} s): ${ROWS} rows in ${importSeconds.toFixed(1)} s = ` +
          `${Math.round(ROWS / importSeconds)} rows/s (processing alone ${Math.round(ROWS / processing.seconds)} rows/s); ` +
          `peak RSS ${Math.max(upload.peakRssMb, processing.peakRssMb).toFixed(0)} MiB, peak heap ${Math.max(upload.peakHeapMb, processing.peakHeapMb).toFixed(0)} MiB; ` +
          `imported ${report.imported}, duplicates ${report.duplicates}, rejected ${report.rejected}\n`,
      );
    } finally {
      await app.close();
    }

    // The floor: the same bytes into a plain staging table with COPY, no validation, matching or deadlines.
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(`CREATE TABLE import_staging (${HEADER.map((h) => `"${h}" text`).join(', ')})`);
      const copy = await measured(() =>
        pipeline(
          createReadStream(file),
          client.query(copyFrom(`COPY import_staging FROM STDIN WITH (FORMAT csv, DELIMITER ';', HEADER true, ENCODING 'UTF8')`)),
        ),
      );
      const [{ n }] = (await client.query('SELECT count(*)::int AS n FROM import_staging')).rows;
      figures.copyRowsPerSecond = n / copy.seconds;
      process.stdout.write(
        `raw COPY into a staging table: ${n} rows in ${copy.seconds.toFixed(2)} s = ${Math.round(n / copy.seconds)} rows/s\n`,
      );
    } finally {
      await client.end();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await dropBenchDatabase(database).catch(() => undefined);
  }
  return figures;
}
