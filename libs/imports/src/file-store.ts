import { Readable, Transform, pipeline } from 'node:stream';
import { parse } from 'csv-parse';
import * as iconv from 'iconv-lite';
import { DataSource, EntityManager } from 'typeorm';
import { PersonalData } from '@bosam/platform';
import { FileEncoding } from './csv-format';

/** Bytes per stored chunk: large enough for few round trips, small enough to keep memory flat. */
export const CHUNK_BYTES = 1024 * 1024;

/** Appends one chunk of an uploaded file (inside the upload's transaction), sealed: the file is full of identity numbers. */
export async function writeChunk(manager: EntityManager, keys: PersonalData, importId: string, seq: number, data: Buffer): Promise<void> {
  await manager.query('INSERT INTO notification_import_chunk (import_id, seq, data) VALUES ($1, $2, $3)', [
    importId,
    seq,
    keys.sealBytes('file', data),
  ]);
}

/** The stored file, chunk by chunk, one chunk in memory at a time. */
export async function* readChunks(dataSource: DataSource, keys: PersonalData, importId: string): AsyncGenerator<Buffer> {
  for (let seq = 0; ; seq += 1) {
    const rows: Array<{ data: Buffer }> = await dataSource.query(
      'SELECT data FROM notification_import_chunk WHERE import_id = $1 AND seq = $2',
      [importId, seq],
    );
    if (rows.length === 0) return;
    yield keys.openBytes('file', rows[0].data);
  }
}

export async function deleteChunks(manager: EntityManager | DataSource, importId: string): Promise<void> {
  await manager.query('DELETE FROM notification_import_chunk WHERE import_id = $1', [importId]);
}

/** A CSV problem with the line it was found on; never repeats the offending text. */
export class CsvStructureError extends Error {}

const CSV_MESSAGES: Record<string, string> = {
  CSV_QUOTE_NOT_CLOSED: 'a quoted field is never closed',
  CSV_INVALID_CLOSING_QUOTE: 'a quote inside a field is not doubled',
  CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE: 'text follows a closing quote',
  CSV_MAX_RECORD_SIZE: 'a field is too long',
};

/**
 * Every record of the stored file, decoded and parsed as a stream: the header first, then
 * the data rows. Blank lines and rows of empty cells (Excel leaves them at the end) are skipped.
 */
export async function* readRecords(
  dataSource: DataSource,
  keys: PersonalData,
  importId: string,
  encoding: FileEncoding,
  delimiter: string,
): AsyncGenerator<string[]> {
  const parser = parse({
    delimiter,
    relax_column_count: true,
    skip_empty_lines: true,
    skip_records_with_empty_values: true,
    bom: true,
    // A runaway quote would otherwise swallow the rest of the file into one field.
    max_record_size: 256 * 1024,
  });
  const decoder = iconv.decodeStream(encoding) as unknown as Transform;
  pipeline(Readable.from(readChunks(dataSource, keys, importId)), decoder, parser, () => undefined);
  try {
    for await (const record of parser as AsyncIterable<string[]>) yield record;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code && code.startsWith('CSV_')) {
      const line = (error as { lines?: number }).lines;
      throw new CsvStructureError(
        `The file is not valid CSV${line ? ` near line ${line}` : ''}: ${CSV_MESSAGES[code] ?? 'it cannot be parsed'}.`,
      );
    }
    throw error;
  } finally {
    parser.destroy();
  }
}
