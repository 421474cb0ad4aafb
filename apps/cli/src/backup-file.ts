import { createHash, Hash } from 'node:crypto';
import { createReadStream, createWriteStream, lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { PassThrough, Writable } from 'node:stream';
import { createGunzip, createGzip } from 'node:zlib';
import { Client } from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';

/**
 * The backup file: one gzip stream of records, each a JSON line followed by `bytes` bytes of
 * payload. In order: `meta` (format, time, the migrations applied), every `file` of the data
 * folder, then per table a `table` record, its rows in PostgreSQL's COPY text format as `data`
 * records and an `end-table`; the `sequence` values; and `end` with the SHA-256 of everything
 * before it, so that a truncated or damaged file is refused before anything is committed.
 */
export const BACKUP_FORMAT = 'bosam-backup/1';
/** Schemas that hold Bosam's data: the app's tables and BullMQ's queues (PostgreSQL backend). */
export const BACKUP_SCHEMAS = ['public', 'bullmq'];

type Record_ =
  | { kind: 'meta'; format: string; createdAt: string; migrations: string[] }
  | { kind: 'file'; path: string; mode: number; bytes: number }
  | { kind: 'table'; schema: string; table: string; columns: string[] }
  | { kind: 'data'; bytes: number }
  | { kind: 'end-table'; rows: number }
  | { kind: 'sequence'; schema: string; name: string; value: string | null; called: boolean }
  | { kind: 'end'; sha256: string; files: number; tables: number };

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

class RecordWriter {
  private readonly gzip = createGzip();
  private readonly done: Promise<void>;
  private readonly hash = createHash('sha256');

  constructor(path: string) {
    this.done = pipeline(this.gzip, createWriteStream(path, { mode: 0o600 }));
  }

  async write(record: Record_, payload?: Buffer): Promise<void> {
    const head = Buffer.from(`${JSON.stringify(record)}\n`);
    if (record.kind !== 'end') {
      this.hash.update(head);
      if (payload) this.hash.update(payload);
    }
    if (!this.gzip.write(head)) await new Promise((r) => this.gzip.once('drain', r));
    if (payload && !this.gzip.write(payload)) await new Promise((r) => this.gzip.once('drain', r));
  }

  async finish(counts: { files: number; tables: number }): Promise<void> {
    const sha256 = this.hash.digest('hex');
    await this.write({ kind: 'end', sha256, ...counts });
    this.gzip.end();
    await this.done;
  }
}

/** Every file of the data folder except the live cluster and its log, relative to the folder. */
export function dataFiles(dataDir: string, skip: string[]): string[] {
  const root = resolve(dataDir);
  const skipped = new Set(skip.map((p) => resolve(p)));
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (skipped.has(path)) continue;
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) out.push(relative(root, path));
    }
  };
  walk(root);
  return out.sort();
}

/** Writes the backup: the data folder's files, then the database as one consistent snapshot. */
export async function writeBackup(options: {
  file: string;
  dataDir: string;
  skip: string[];
  databaseUrl: string;
}): Promise<{ files: number; tables: number; rows: number }> {
  const writer = new RecordWriter(options.file);
  const client = new Client({ connectionString: options.databaseUrl });
  await client.connect();
  let rows = 0;
  try {
    // One snapshot for every table: what one transaction sees is what a restore brings back.
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const migrations = (await client.query('SELECT name FROM schema_migrations ORDER BY id')).rows.map((r: { name: string }) => r.name);
    await writer.write({ kind: 'meta', format: BACKUP_FORMAT, createdAt: new Date().toISOString(), migrations });

    const files = dataFiles(options.dataDir, options.skip);
    for (const path of files) {
      const full = join(options.dataDir, path);
      const content = readFileSync(full);
      await writer.write(
        { kind: 'file', path: path.split(sep).join('/'), mode: lstatSync(full).mode & 0o777, bytes: content.length },
        content,
      );
    }

    const tables: Array<{ schema: string; table: string; columns: string[] }> = (
      await client.query(
        `SELECT n.nspname AS schema, c.relname AS "table",
                array_agg(a.attname::text ORDER BY a.attnum) AS columns
           FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
          WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition AND n.nspname = ANY($1)
          GROUP BY n.nspname, c.relname ORDER BY n.nspname, c.relname`,
        [BACKUP_SCHEMAS],
      )
    ).rows;
    for (const { schema, table, columns } of tables) {
      await writer.write({ kind: 'table', schema, table, columns });
      const source = client.query(
        copyTo(`COPY ${quoteIdent(schema)}.${quoteIdent(table)} (${columns.map(quoteIdent).join(', ')}) TO STDOUT`),
      );
      let pending: Buffer[] = [];
      let size = 0;
      let count = 0;
      const flush = async () => {
        if (size === 0) return;
        const payload = Buffer.concat(pending);
        pending = [];
        size = 0;
        await writer.write({ kind: 'data', bytes: payload.length }, payload);
      };
      for await (const chunk of source as AsyncIterable<Buffer>) {
        pending.push(chunk);
        size += chunk.length;
        for (const byte of chunk) if (byte === 10) count += 1;
        if (size >= 1024 * 1024) await flush();
      }
      await flush();
      rows += count;
      await writer.write({ kind: 'end-table', rows: count });
    }

    const sequences: Array<{ schema: string; name: string }> = (
      await client.query(
        `SELECT n.nspname AS schema, c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE c.relkind = 'S' AND n.nspname = ANY($1) ORDER BY 1, 2`,
        [BACKUP_SCHEMAS],
      )
    ).rows;
    for (const { schema, name } of sequences) {
      const [state] = (
        await client.query(`SELECT last_value::text AS value, is_called AS called FROM ${quoteIdent(schema)}.${quoteIdent(name)}`)
      ).rows;
      await writer.write({ kind: 'sequence', schema, name, value: state.value, called: state.called });
    }
    await client.query('COMMIT');
    await writer.finish({ files: files.length, tables: tables.length });
    return { files: files.length, tables: tables.length, rows };
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Reads records back from the file, checking the hash as it goes. */
class RecordReader {
  private buffer = Buffer.alloc(0);
  private readonly source: AsyncIterator<Buffer>;
  private ended = false;
  readonly hash: Hash = createHash('sha256');

  constructor(path: string) {
    const gunzip = createGunzip();
    const raw = createReadStream(path);
    raw.on('error', (error) => gunzip.destroy(error));
    this.source = (raw.pipe(gunzip) as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
  }

  private async fill(): Promise<boolean> {
    if (this.ended) return false;
    const next = await this.source.next();
    if (next.done) {
      this.ended = true;
      return false;
    }
    this.buffer = Buffer.concat([this.buffer, next.value]);
    return true;
  }

  async next(): Promise<{ record: Record_; payload?: Buffer } | undefined> {
    let newline = this.buffer.indexOf(10);
    while (newline < 0) {
      if (!(await this.fill())) {
        if (this.buffer.length === 0) return undefined;
        throw new Error('The backup file is truncated.');
      }
      newline = this.buffer.indexOf(10);
    }
    const head = this.buffer.subarray(0, newline + 1);
    const record = JSON.parse(head.toString('utf8')) as Record_;
    this.buffer = this.buffer.subarray(newline + 1);
    if (record.kind === 'end') return { record };
    this.hash.update(head);
    const bytes = 'bytes' in record ? record.bytes : 0;
    while (this.buffer.length < bytes) if (!(await this.fill())) throw new Error('The backup file is truncated.');
    const payload = Buffer.from(this.buffer.subarray(0, bytes));
    this.buffer = this.buffer.subarray(bytes);
    this.hash.update(payload);
    return { record, payload: bytes > 0 ? payload : undefined };
  }
}

/** The backup's meta record, without reading further. */
export async function readBackupMeta(file: string): Promise<{ migrations: string[]; createdAt: string }> {
  const reader = new RecordReader(file);
  const first = await reader.next().catch(() => undefined);
  if (!first || first.record.kind !== 'meta' || first.record.format !== BACKUP_FORMAT) throw new Error(`${file} is not a Bosam backup.`);
  return first.record;
}

/**
 * Restores a backup: files through `writeFile` (before anything else, so the database password
 * is in place), then every table's rows into the database at `databaseUrl`, whose schema must
 * already be the backup's. One transaction, with triggers and foreign-key checks off while it
 * loads (`session_replication_role = replica`): the rows are the snapshot's, already consistent.
 */
export async function readBackup(options: {
  file: string;
  writeFile(path: string, content: Buffer, mode: number): void;
  /** Called after the files, before the rows: prepares the database and returns its URL. */
  openDatabase(migrations: string[]): Promise<string>;
}): Promise<{ files: number; tables: number; rows: number }> {
  const reader = new RecordReader(options.file);
  const first = await reader.next();
  if (!first || first.record.kind !== 'meta' || first.record.format !== BACKUP_FORMAT)
    throw new Error(`${options.file} is not a Bosam backup.`);
  const meta = first.record;
  let files = 0;
  let tables = 0;
  let rows = 0;
  let next = await reader.next();
  while (next?.record.kind === 'file') {
    if (next.record.path.split('/').includes('..')) throw new Error('The backup names a file outside the data folder.');
    options.writeFile(next.record.path, next.payload ?? Buffer.alloc(0), next.record.mode);
    files += 1;
    next = await reader.next();
  }
  const client = new Client({ connectionString: await options.openDatabase(meta.migrations) });
  await client.connect();
  try {
    await client.query('BEGIN');
    await client.query('SET LOCAL session_replication_role = replica');
    for (; next && next.record.kind !== 'end'; next = await reader.next()) {
      const record = next.record;
      if (record.kind === 'table') {
        const name = `${quoteIdent(record.schema)}.${quoteIdent(record.table)}`;
        // Rows the migrations wrote (their own bookkeeping) give way to the snapshot's.
        await client.query(`DELETE FROM ${name}`);
        const sink = client.query(copyFrom(`COPY ${name} (${record.columns.map(quoteIdent).join(', ')}) FROM STDIN`)) as Writable;
        const feed = new PassThrough();
        const loaded = pipeline(feed, sink);
        for (next = await reader.next(); next && next.record.kind === 'data'; next = await reader.next()) {
          if (!feed.write(next.payload)) await new Promise((r) => feed.once('drain', r));
        }
        feed.end();
        await loaded;
        if (next?.record.kind !== 'end-table') throw new Error('The backup file is damaged (a table without its end).');
        rows += next.record.rows;
        tables += 1;
      } else if (record.kind === 'sequence') {
        if (record.value !== null) {
          await client.query('SELECT setval($1::regclass, $2::bigint, $3)', [
            `${quoteIdent(record.schema)}.${quoteIdent(record.name)}`,
            record.value,
            record.called,
          ]);
        }
      } else {
        throw new Error(`The backup file is damaged (unexpected ${record.kind}).`);
      }
    }
    if (!next || next.record.kind !== 'end') throw new Error('The backup file is truncated.');
    if (next.record.sha256 !== reader.hash.digest('hex')) throw new Error('The backup file is damaged (its checksum does not match).');
    if (next.record.tables !== tables || next.record.files !== files) throw new Error('The backup file is damaged (counts do not match).');
    await client.query('COMMIT');
    return { files, tables, rows };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end().catch(() => undefined);
  }
}
