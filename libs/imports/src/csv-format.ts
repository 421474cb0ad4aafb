import { StringDecoder } from 'node:string_decoder';
import { parse as parseSync } from 'csv-parse/sync';
import * as iconv from 'iconv-lite';
import { FieldError } from '@bosam/platform';

/**
 * The notification file format (API.md, "Intake"): what the columns are called, which
 * Swedish names mean the same, and how a row becomes the JSON body of
 * `POST /api/v1/notifications`. Pure functions only.
 */
export const IMPORT_COLUMNS = [
  'source',
  'externalReference',
  'landlordOrgNumber',
  'receivedOn',
  'tenantServedOn',
  'boardNotifiedOn',
  'evictionOn',
  'arrearsSek',
  'monthsInArrears',
  'street',
  'postalCode',
  'city',
  'apartment',
  'childrenInHousehold',
  'personnummer1',
  'name1',
  'personnummer2',
  'name2',
  'protectedIdentity',
] as const;
export type ImportColumn = (typeof IMPORT_COLUMNS)[number];

/** Columns a file must have; whether a row's value may be empty is the intake's rule, per row. */
export const REQUIRED_COLUMNS: readonly ImportColumn[] = [
  'source',
  'externalReference',
  'receivedOn',
  'street',
  'postalCode',
  'city',
  'childrenInHousehold',
  'personnummer1',
  'name1',
];

/** Swedish column names people use in their exports (matched like the English ones). */
export const SWEDISH_ALIASES: Record<ImportColumn, string[]> = {
  source: ['källa', 'typ', 'underrättelsetyp', 'typ av underrättelse'],
  externalReference: ['referens', 'extern referens', 'ärendenummer', 'ärendenr', 'diarienummer'],
  landlordOrgNumber: ['organisationsnummer', 'orgnr', 'org nr', 'hyresvärdens organisationsnummer', 'hyresvärd orgnr'],
  receivedOn: ['mottagen', 'mottagningsdatum', 'inkom', 'inkommen', 'inkomstdatum'],
  tenantServedOn: ['delgiven', 'delgivningsdatum', 'delgiven hyresgäst'],
  boardNotifiedOn: ['underrättad', 'underrättelsedatum', 'skickad till socialnämnden', 'socialnämnden underrättad'],
  evictionOn: ['avhysningsdatum', 'avhysning', 'vräkningsdatum'],
  arrearsSek: ['skuld', 'hyresskuld', 'belopp', 'skuld kr', 'hyresskuld kr'],
  monthsInArrears: ['antal månader', 'månader', 'månader i skuld', 'skuld månader'],
  street: ['gatuadress', 'adress', 'gata'],
  postalCode: ['postnummer', 'postnr'],
  city: ['ort', 'postort'],
  apartment: ['lägenhet', 'lägenhetsnummer', 'lägenhetsnr', 'lgh', 'lgh nr'],
  childrenInHousehold: ['barn', 'antal barn', 'barn i hushållet'],
  personnummer1: ['personnummer', 'personnummer 1', 'pnr', 'pnr1', 'pnr 1'],
  name1: ['namn', 'namn 1', 'namn1', 'hyresgäst', 'hyresgäst 1'],
  personnummer2: ['personnummer 2', 'pnr2', 'pnr 2'],
  name2: ['namn 2', 'namn2', 'hyresgäst 2'],
  protectedIdentity: ['skyddad identitet', 'skyddade personuppgifter'],
};

/** Swedish words for the `source` values, as landlords' systems write them. */
const SOURCE_ALIASES: Record<string, string> = {
  hyresskuld: 'landlord_arrears',
  storningar: 'landlord_disturbance',
  storning: 'landlord_disturbance',
  ansokanomavhysning: 'enforcement_application',
  avhysningsansokan: 'enforcement_application',
  avhysningsdatum: 'enforcement_eviction_date',
  ovrigt: 'other',
  annat: 'other',
};

/** Case, spaces, punctuation and diacritics do not matter in a column name ("Lgh.nr" = "lgh nr"). */
export function normalizeHeader(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

const HEADER_INDEX: Map<string, ImportColumn> = (() => {
  const index = new Map<string, ImportColumn>();
  for (const column of IMPORT_COLUMNS) {
    index.set(normalizeHeader(column), column);
    for (const alias of SWEDISH_ALIASES[column]) index.set(normalizeHeader(alias), column);
  }
  return index;
})();

export interface HeaderMap {
  /** For each field of a row, the column it belongs to (undefined: an empty trailing header). */
  columns: Array<ImportColumn | undefined>;
}

/** More named columns than this is no notification file: one error, not one per column. */
export const MAX_HEADER_COLUMNS = 60;
/** More bytes than this between two line breaks is no notification file (a row is a few hundred). */
export const MAX_LINE_BYTES = 32 * 1024;

/** Maps the header row to columns; names every unknown, repeated or missing column. */
export function mapHeader(header: string[]): { map?: HeaderMap; errors: FieldError[] } {
  const named = header.filter((h) => h.trim() !== '').length;
  if (named > MAX_HEADER_COLUMNS) {
    return {
      errors: [{ field: 'file', message: `the header row has ${named} columns; a notification file has at most ${IMPORT_COLUMNS.length}` }],
    };
  }
  const errors: FieldError[] = [];
  const seen = new Set<ImportColumn>();
  const columns = header.map((raw, index) => {
    const name = raw.trim();
    if (name === '') {
      // Excel often adds empty columns at the end; an empty name in the middle is an error.
      if (header.slice(index).every((h) => h.trim() === '')) return undefined;
      errors.push({ field: `column ${index + 1}`, message: 'has no name' });
      return undefined;
    }
    const column = HEADER_INDEX.get(normalizeHeader(name));
    if (!column) {
      errors.push({ field: safeHeader(name), message: 'is not a known column' });
      return undefined;
    }
    if (seen.has(column)) errors.push({ field: safeHeader(name), message: `repeats the column ${column}` });
    seen.add(column);
    return column;
  });
  for (const column of REQUIRED_COLUMNS) {
    if (!seen.has(column)) errors.push({ field: column, message: 'required column is missing' });
  }
  return errors.length > 0 ? { errors } : { map: { columns }, errors };
}

// A header is echoed back in errors; keep it short and never a number that looks like an identity.
function safeHeader(name: string): string {
  const short = name.length > 60 ? `${name.slice(0, 57)}...` : name;
  return /\d{6}/.test(short) ? '(unnamed column)' : short;
}

export type FileEncoding = 'utf-8' | 'windows-1252' | 'utf-16le' | 'utf-16be';

/** Why a file is not a CSV at all, judged from its first bytes; undefined when it may be one. */
export function notCsvReason(head: Buffer): string | undefined {
  if (head.length === 0) return 'The file is empty.';
  const starts = (...bytes: number[]) => bytes.every((b, i) => head[i] === b);
  if (starts(0x50, 0x4b, 0x03, 0x04))
    return 'The file is an Excel workbook or a ZIP archive, not CSV: save it as "CSV (semicolon separated)".';
  if (starts(0xd0, 0xcf, 0x11, 0xe0)) return 'The file is an old Excel workbook (.xls), not CSV: save it as "CSV (semicolon separated)".';
  if (starts(0x25, 0x50, 0x44, 0x46)) return 'The file is a PDF, not CSV.';
  if (starts(0x1f, 0x8b)) return 'The file is compressed (gzip), not CSV.';
  if (detectBomEncoding(head)?.startsWith('utf-16')) return undefined;
  // Text files have few NUL bytes and control characters; binaries have many. A stray NUL in a
  // cell is that row's problem (rowToNotification rejects it), not the file's.
  let control = 0;
  let nul = 0;
  const sample = head.subarray(0, Math.min(head.length, 8192));
  for (const byte of sample) {
    if (byte === 0) nul += 1;
    if (byte < 0x09 || (byte > 0x0d && byte < 0x20)) control += 1;
  }
  if (nul > Math.max(2, sample.length / 100) || control > sample.length / 20) return 'The file is binary, not CSV text.';
  return undefined;
}

export function detectBomEncoding(head: Buffer): FileEncoding | undefined {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8';
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  return undefined;
}

/**
 * Decides between UTF-8 and Windows-1252 over a whole file, chunk by chunk: a byte-order
 * mark decides at once; otherwise the file is UTF-8 exactly when every byte sequence is
 * valid UTF-8 (Windows-1252 text with å, ä or ö almost never is).
 */
export class EncodingDetector {
  private bom?: FileEncoding;
  private first = true;
  private valid = true;
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });

  push(chunk: Buffer): void {
    if (this.first) {
      this.first = false;
      this.bom = detectBomEncoding(chunk);
    }
    if (this.bom || !this.valid) return;
    try {
      this.decoder.decode(chunk, { stream: true });
    } catch {
      this.valid = false;
    }
  }

  result(): FileEncoding {
    if (this.bom) return this.bom;
    if (this.valid) {
      try {
        this.decoder.decode();
      } catch {
        return 'windows-1252';
      }
      return 'utf-8';
    }
    return 'windows-1252';
  }
}

/** The first line of the file's head, decoded with the encoding the head suggests. */
export function headerLine(head: Buffer): { line: string; encoding: FileEncoding } {
  let encoding = detectBomEncoding(head);
  if (!encoding) {
    // Judge only complete lines: the head may end inside a multi-byte character.
    const lastNewline = head.lastIndexOf(0x0a);
    const complete = lastNewline >= 0 ? head.subarray(0, lastNewline) : head;
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(complete);
      encoding = 'utf-8';
    } catch {
      encoding = 'windows-1252';
    }
  }
  const text = decode(head, encoding);
  const end = text.search(/\r?\n/);
  return { line: end >= 0 ? text.slice(0, end) : text, encoding };
}

export function decode(bytes: Buffer, encoding: FileEncoding): string {
  if (encoding === 'utf-8') {
    const decoder = new StringDecoder('utf8');
    return decoder.write(bytes).replace(/^\uFEFF/, '');
  }
  return iconv.decode(bytes, encoding);
}

/** `;` or `,`, whichever the header line uses more outside quotes (Swedish Excel writes `;`). */
export function detectDelimiter(line: string): ';' | ',' {
  let semicolons = 0;
  let commas = 0;
  let quoted = false;
  for (const char of line) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && char === ';') semicolons += 1;
    else if (!quoted && char === ',') commas += 1;
  }
  return semicolons >= commas && semicolons > 0 ? ';' : commas > 0 ? ',' : ';';
}

/** Splits one header line into names. */
export function splitHeader(line: string, delimiter: string): string[] {
  const records = parseSync(line, { delimiter, relax_quotes: true, relax_column_count: true }) as string[][];
  return records[0] ?? [];
}

/**
 * "12 345,50" → 12345.5; "12345.50" → 12345.5; "12.345,50" → 12345.5. Spaces (also
 * non-breaking ones, as Excel writes them) are thousands separators; the last `,` or `.`
 * followed by one or two digits is the decimal point. Anything else is left as text
 * so that the intake's validation names the field.
 */
export function parseAmount(text: string): number | string {
  let s = text.replace(/[\s\u00a0\u202f]/g, '').replace(/(kr|sek|:-)$/i, '');
  const negative = s.startsWith('-');
  if (negative) s = s.slice(1);
  const decimal = /[.,](\d{1,2})$/.exec(s);
  let whole = decimal ? s.slice(0, decimal.index) : s;
  // What remains before the decimals may only use `.` or `,` as thousands separators, in groups of three.
  if (/^\d{1,3}([.,]\d{3})+$/.test(whole)) whole = whole.replace(/[.,]/g, '');
  if (!/^\d+$/.test(whole)) return text;
  const value = Number(`${whole}.${decimal ? decimal[1] : '0'}`);
  return negative ? -value : value;
}

function parseInteger(text: string): number | string {
  const s = text.replace(/[\s\u00a0\u202f]/g, '');
  return /^-?\d+$/.test(s) ? Number(s) : text;
}

function parseBoolean(text: string): boolean | string {
  const s = normalizeHeader(text);
  if (['ja', 'j', 'true', 'yes', 'x', '1'].includes(s)) return true;
  if (['nej', 'n', 'false', 'no', '0'].includes(s)) return false;
  return text;
}

// Excel likes to add a midnight time to dates.
function parseDate(text: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})(?:[ T]00:00(?::00)?)?$/.exec(text);
  return m ? m[1] : text;
}

function parseSource(text: string): string {
  return SOURCE_ALIASES[normalizeHeader(text)] ?? text;
}

/**
 * One data row as the JSON body of `POST /api/v1/notifications`. Empty cells are left out
 * (absent = not known); the second tenant only when one of its cells is filled.
 */
export function rowToNotification(
  cells: string[],
  header: HeaderMap,
  district: string,
): { body?: Record<string, unknown>; errors: FieldError[] } {
  if (cells.length > header.columns.length && cells.slice(header.columns.length).some((c) => c.trim() !== '')) {
    return { errors: [{ field: 'row', message: `has ${cells.length} fields but the header has ${header.columns.length}` }] };
  }
  const value: Partial<Record<ImportColumn, string>> = {};
  const errors: FieldError[] = [];
  header.columns.forEach((column, index) => {
    const cell = (cells[index] ?? '').trim();
    // PostgreSQL text cannot hold NUL, and no notice needs one.
    if (column && cell.includes('\u0000')) errors.push({ field: column, message: 'contains a NUL character' });
    else if (column && cell !== '') value[column] = cell;
  });
  if (errors.length > 0) return { errors };
  const body: Record<string, unknown> = { district };
  const put = (key: string, v: unknown) => {
    if (v !== undefined) body[key] = v;
  };
  put('source', value.source === undefined ? undefined : parseSource(value.source));
  put('externalReference', value.externalReference);
  put('landlordOrgNumber', value.landlordOrgNumber);
  for (const key of ['receivedOn', 'tenantServedOn', 'boardNotifiedOn', 'evictionOn'] as const) {
    put(key, value[key] === undefined ? undefined : parseDate(value[key]));
  }
  put('arrearsSek', value.arrearsSek === undefined ? undefined : parseAmount(value.arrearsSek));
  put('monthsInArrears', value.monthsInArrears === undefined ? undefined : parseInteger(value.monthsInArrears));
  put('childrenInHousehold', value.childrenInHousehold === undefined ? undefined : parseInteger(value.childrenInHousehold));
  put('protectedIdentity', value.protectedIdentity === undefined ? undefined : parseBoolean(value.protectedIdentity));
  const address: Record<string, string> = {};
  for (const key of ['street', 'postalCode', 'city', 'apartment'] as const) {
    if (value[key] !== undefined) address[key] = value[key];
  }
  if (Object.keys(address).length > 0) body.address = address;
  const tenants: Array<Record<string, string>> = [];
  for (const n of [1, 2] as const) {
    const personnummer = value[`personnummer${n}`];
    const name = value[`name${n}`];
    // The first tenant always, so that a missing one is reported as personnummer1.
    if (n === 2 && personnummer === undefined && name === undefined) continue;
    const tenant: Record<string, string> = {};
    if (personnummer !== undefined) tenant.personnummer = personnummer;
    if (name !== undefined) tenant.name = name;
    tenants.push(tenant);
  }
  body.tenants = tenants;
  return { body, errors: [] };
}

/** A field of the JSON body, as the column a person sees in the file (`tenants[1].name` → `name2`). */
export function columnOfField(field: string): string {
  const tenant = /^tenants(?:\[(\d+)\])?(?:\.(personnummer|name))?$/.exec(field);
  if (tenant) return `${tenant[2] ?? 'personnummer'}${tenant[1] === undefined ? 1 : Number(tenant[1]) + 1}`;
  const address = /^address(?:\.(\w+))?$/.exec(field);
  if (address) return address[1] ?? 'street';
  return field;
}
