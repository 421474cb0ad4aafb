import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Nest injection token of the validated configuration. */
export const BOSAM_CONFIG = Symbol('BOSAM_CONFIG');

export type AuthMode = 'local' | 'oidc';

export interface BosamConfig {
  port: number;
  /** Unset means: start the embedded PostgreSQL (see embedded-postgres.ts). The application's login. */
  databaseUrl?: string;
  /**
   * The schema owner's login, for migrations only. Set, the application logs in with DATABASE_URL as
   * a role that migrations grant no more than it needs (the audit log: INSERT and SELECT only).
   */
  migrationDatabaseUrl?: string;
  /** Unset means: queues run on PostgreSQL (BullMQ's PostgreSQL backend). */
  redisUrl?: string;
  authMode: AuthMode;
  authLocalSecret?: string;
  /** PERSONAL_DATA_KEYS: `id:base64` keys, current first; unset: generated once into the data folder. */
  personalDataKeys?: string;
  oidcIssuer?: string;
  oidcAudience?: string;
  /** The web interface's client at the issuer (authorization-code flow with PKCE); defaults to the audience. */
  oidcClientId?: string;
  /** Unset: a public client (PKCE only). */
  oidcClientSecret?: string;
  /** Undefined means "decide from the database": demo data only for an empty embedded one. */
  demo?: boolean;
  dataDir: string;
  embeddedPgPort: number;
  /** Largest notification file accepted, in bytes. */
  importMaxBytes: number;
  /** Lock of a running import job: after a worker crash, the import resumes within about twice this. */
  importLockMs: number;
  /** Lock of every other running job (exports, nightly jobs): after a worker crash, the job runs again within about twice this. */
  jobLockMs: number;
  /** Largest JSON body accepted, in bytes. */
  bodyLimitBytes: number;
  /** How long one import job works before the rest of its file queues again behind other files. */
  importSliceMs: number;
  /** Uploads one user may send at the same time; more answer 429. */
  importUploadsPerUser: number;
  /** The request's headers must arrive within this (slow clients are cut off). */
  httpHeadersTimeoutMs: number;
  /** The whole request, body included, must arrive within this. */
  httpRequestTimeoutMs: number;
  /** A connection on which nothing is received or sent for this long is closed, also in the middle of a body. */
  httpIdleTimeoutMs: number;
  /** PostgreSQL `statement_timeout` of the application's sessions. */
  dbStatementTimeoutMs: number;
  /** PostgreSQL `idle_in_transaction_session_timeout` of the application's sessions. */
  dbIdleInTransactionTimeoutMs: number;
  /** Connections in the API's pool and in the worker's (separate pools, also under `npm start`). */
  dbPoolApi: number;
  dbPoolWorker: number;
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  /** Redis key prefix of the queues, so that several installations can share one Redis. */
  queuePrefix: string;
  /** Years after a closed case's last entry before it is thinned (SoL 12:1). */
  retentionYears: number;
  /** Birth days (1–31) whose persons' records are kept for research (SoL 12:2, SoF 7:2); empty: no exemption. */
  retentionExemptBirthDays: number[];
  /** Days an evaluation export file is kept before the retention job removes it. */
  retentionExportDays: number;
  /** The retention job counts and logs what it would thin, and deletes nothing. */
  retentionDryRun: boolean;
  /** Key that signs the audit checkpoints (kept outside the database); unset: generated into the data folder. */
  auditCheckpointKey?: string;
  /** The key before the last rotation, so that a checkpoint it signed still verifies. */
  auditCheckpointPreviousKey?: string;
  /** Benchmarks only (a database whose name says "bench"): audited reads write no audit entry, to measure the audit's cost. */
  benchSkipAudit: boolean;
  /** Failed authentications from one address per minute before it is answered 429. */
  authFailuresPerMinute: number;
  /** Writes (POST, PUT, PATCH, DELETE) per user per minute before 429. */
  writesPerMinute: number;
  /** Deepest nesting of a JSON body (objects and arrays). */
  jsonMaxDepth: number;
  /** Most items in any array of a JSON body. */
  jsonMaxArrayItems: number;
}

export class ConfigError extends Error {
  constructor(
    public readonly variable: string,
    message: string,
  ) {
    super(`Configuration error in ${variable}: ${message}`);
  }
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(name, `must be a whole number, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max) throw new ConfigError(name, `must be between ${min} and ${max}, got ${value}`);
  return value;
}

function oneOf<T extends string>(env: NodeJS.ProcessEnv, name: string, allowed: readonly T[], fallback: T): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!allowed.includes(raw as T)) throw new ConfigError(name, `must be one of ${allowed.join(', ')}, got "${raw}"`);
  return raw as T;
}

function url(env: NodeJS.ProcessEnv, name: string, protocols: string[]): string | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(name, 'is not a valid URL');
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(name, `must start with ${protocols.map((p) => `${p}//`).join(' or ')}`);
  }
  return raw;
}

function dayList(env: NodeJS.ProcessEnv, name: string, fallback: number[]): number[] {
  const raw = env[name];
  if (raw === undefined) return fallback;
  if (raw.trim() === '') return [];
  const days = raw.split(',').map((part) => part.trim());
  for (const day of days) {
    if (!/^\d{1,2}$/.test(day) || Number(day) < 1 || Number(day) > 31) {
      throw new ConfigError(name, `must be a comma-separated list of days 1–31, got "${raw}"`);
    }
  }
  return [...new Set(days.map(Number))].sort((a, b) => a - b);
}

function flag(env: NodeJS.ProcessEnv, name: string): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '' || raw === '0') return false;
  if (raw === '1') return true;
  throw new ConfigError(name, `must be 1 or 0, got "${raw}"`);
}

/** Reads and validates the environment once; a bad value stops start-up naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): BosamConfig {
  const dataDir = resolve(env.BOSAM_DATA_DIR || join(process.cwd(), '.data'));
  const authMode = oneOf(env, 'AUTH_MODE', ['local', 'oidc'] as const, 'local');
  const demoRaw = env.BOSAM_DEMO;
  if (demoRaw !== undefined && demoRaw !== '' && demoRaw !== '0' && demoRaw !== '1') {
    throw new ConfigError('BOSAM_DEMO', `must be 1 or 0, got "${demoRaw}"`);
  }
  const config: BosamConfig = {
    port: integer(env, 'PORT', 3000, 0, 65535),
    databaseUrl: url(env, 'DATABASE_URL', ['postgres:', 'postgresql:']),
    migrationDatabaseUrl: url(env, 'DATABASE_MIGRATION_URL', ['postgres:', 'postgresql:']),
    redisUrl: url(env, 'REDIS_URL', ['redis:', 'rediss:']),
    authMode,
    authLocalSecret: env.AUTH_LOCAL_SECRET || undefined,
    personalDataKeys: env.PERSONAL_DATA_KEYS || undefined,
    oidcIssuer: url(env, 'OIDC_ISSUER', ['https:', 'http:']),
    oidcAudience: env.OIDC_AUDIENCE || undefined,
    oidcClientId: env.OIDC_CLIENT_ID || env.OIDC_AUDIENCE || undefined,
    oidcClientSecret: env.OIDC_CLIENT_SECRET || undefined,
    demo: demoRaw === '1' ? true : demoRaw === '0' ? false : undefined,
    dataDir,
    embeddedPgPort: integer(env, 'EMBEDDED_PG_PORT', 54329, 1024, 65535),
    importMaxBytes: integer(env, 'IMPORT_MAX_BYTES', 50 * 1024 * 1024, 1024, 2 ** 31),
    importLockMs: integer(env, 'IMPORT_LOCK_MS', 30000, 500, 3600000),
    jobLockMs: integer(env, 'JOB_LOCK_MS', 30000, 500, 3600000),
    bodyLimitBytes: integer(env, 'BODY_LIMIT_BYTES', 1024 * 1024, 1024, 64 * 1024 * 1024),
    importSliceMs: integer(env, 'IMPORT_SLICE_MS', 10000, 1, 3600000),
    importUploadsPerUser: integer(env, 'IMPORT_UPLOADS_PER_USER', 2, 1, 100),
    httpHeadersTimeoutMs: integer(env, 'HTTP_HEADERS_TIMEOUT_MS', 10000, 500, 600000),
    httpRequestTimeoutMs: integer(env, 'HTTP_REQUEST_TIMEOUT_MS', 300000, 1000, 3600000),
    httpIdleTimeoutMs: integer(env, 'HTTP_IDLE_TIMEOUT_MS', 30000, 500, 600000),
    dbStatementTimeoutMs: integer(env, 'DB_STATEMENT_TIMEOUT_MS', 60000, 100, 3600000),
    dbIdleInTransactionTimeoutMs: integer(env, 'DB_IDLE_IN_TRANSACTION_TIMEOUT_MS', 30000, 100, 3600000),
    dbPoolApi: integer(env, 'DB_POOL_API', 10, 1, 200),
    dbPoolWorker: integer(env, 'DB_POOL_WORKER', 5, 1, 200),
    queuePrefix: env.QUEUE_PREFIX || 'bosam',
    retentionYears: integer(env, 'RETENTION_YEARS', 5, 1, 100),
    retentionExemptBirthDays: dayList(env, 'RETENTION_EXEMPT_BIRTH_DAYS', [5, 15, 25]),
    retentionExportDays: integer(env, 'RETENTION_EXPORT_DAYS', 30, 1, 3650),
    retentionDryRun: flag(env, 'RETENTION_DRY_RUN'),
    auditCheckpointKey: env.AUDIT_CHECKPOINT_KEY || undefined,
    auditCheckpointPreviousKey: env.AUDIT_CHECKPOINT_PREVIOUS_KEY || undefined,
    benchSkipAudit: flag(env, 'BOSAM_BENCH_SKIP_AUDIT'),
    authFailuresPerMinute: integer(env, 'AUTH_FAILURES_PER_MINUTE', 20, 1, 1_000_000),
    writesPerMinute: integer(env, 'WRITES_PER_MINUTE', 600, 1, 1_000_000),
    jsonMaxDepth: integer(env, 'JSON_MAX_DEPTH', 16, 2, 256),
    jsonMaxArrayItems: integer(env, 'JSON_MAX_ARRAY_ITEMS', 1000, 1, 1_000_000),
    logLevel: oneOf(env, 'LOG_LEVEL', ['debug', 'info', 'warn', 'error', 'silent'] as const, 'info'),
  };
  if (authMode === 'oidc') {
    if (!config.oidcIssuer) throw new ConfigError('OIDC_ISSUER', 'is required when AUTH_MODE=oidc');
    if (!config.oidcAudience) throw new ConfigError('OIDC_AUDIENCE', 'is required when AUTH_MODE=oidc');
  }
  if (config.authLocalSecret !== undefined && config.authLocalSecret.length < 32) {
    throw new ConfigError('AUTH_LOCAL_SECRET', 'must be at least 32 characters');
  }
  for (const [name, value] of [
    ['AUDIT_CHECKPOINT_KEY', config.auditCheckpointKey],
    ['AUDIT_CHECKPOINT_PREVIOUS_KEY', config.auditCheckpointPreviousKey],
  ] as const) {
    if (value !== undefined && value.length < 32) throw new ConfigError(name, 'must be at least 32 characters');
  }
  if (config.benchSkipAudit && !(config.databaseUrl && /bench/i.test(new URL(config.databaseUrl).pathname))) {
    throw new ConfigError(
      'BOSAM_BENCH_SKIP_AUDIT',
      'is for benchmarks only: DATABASE_URL must name a database whose name contains "bench"',
    );
  }
  if (config.personalDataKeys !== undefined) validateKeyring(config.personalDataKeys);
  return config;
}

/** PERSONAL_DATA_KEYS: `id:base64` entries (32-byte keys), separated by commas; checked here, used by crypto/personal-data. */
function validateKeyring(text: string): void {
  const entries = text
    .split(/[,\n]/)
    .map((e) => e.trim())
    .filter(Boolean);
  if (entries.length === 0) throw new ConfigError('PERSONAL_DATA_KEYS', 'holds no key');
  const ids = new Set<string>();
  for (const entry of entries) {
    const at = entry.indexOf(':');
    const id = at > 0 ? entry.slice(0, at) : '';
    if (!/^[A-Za-z0-9_-]{1,32}$/.test(id)) {
      throw new ConfigError('PERSONAL_DATA_KEYS', 'each key must be written as id:base64 (id: 1–32 letters, digits, - or _)');
    }
    if (Buffer.from(entry.slice(at + 1), 'base64').length !== 32)
      throw new ConfigError('PERSONAL_DATA_KEYS', `key ${id} must be 32 bytes in base64`);
    if (ids.has(id)) throw new ConfigError('PERSONAL_DATA_KEYS', `names the key id ${id} twice`);
    ids.add(id);
  }
}

/**
 * The HS256 secret of local auth mode: AUTH_LOCAL_SECRET, or one generated once into the
 * data directory so that tokens printed by `npm run token` keep working across restarts.
 */
export function localAuthSecret(config: BosamConfig): string {
  if (config.authLocalSecret) return config.authLocalSecret;
  const file = join(config.dataDir, 'auth-local-secret');
  if (!existsSync(file)) {
    mkdirSync(config.dataDir, { recursive: true });
    writeFileSync(file, randomBytes(48).toString('base64url'), { mode: 0o600, flag: 'wx' });
  }
  const secret = readFileSync(file, 'utf8').trim();
  // The same rule as for the variable: a short secret can be guessed offline from one token.
  if (secret.length < 32) throw new ConfigError('AUTH_LOCAL_SECRET', `the secret in ${file} must be at least 32 characters`);
  return secret;
}

function generatedSecret(config: BosamConfig, name: string): string {
  const file = join(config.dataDir, name);
  if (!existsSync(file)) {
    mkdirSync(config.dataDir, { recursive: true });
    try {
      writeFileSync(file, randomBytes(48).toString('base64url'), { mode: 0o600, flag: 'wx' });
    } catch (error) {
      if ((error as { code?: string }).code !== 'EEXIST') throw error; // another process made it first
    }
  }
  return readFileSync(file, 'utf8').trim();
}

/**
 * The keys that sign audit checkpoints: AUDIT_CHECKPOINT_KEY, or one generated once into the data
 * folder (never in the database, which the checkpoints guard). `previous` is the key before a
 * rotation: AUDIT_CHECKPOINT_PREVIOUS_KEY, or the file `audit-checkpoint-key.previous`.
 */
export function auditCheckpointKeys(config: BosamConfig): { current: string; previous?: string } {
  const current = config.auditCheckpointKey ?? generatedSecret(config, 'audit-checkpoint-key');
  const previousFile = join(config.dataDir, 'audit-checkpoint-key.previous');
  const previous = config.auditCheckpointPreviousKey ?? (existsSync(previousFile) ? readFileSync(previousFile, 'utf8').trim() : undefined);
  return { current, previous: previous || undefined };
}
