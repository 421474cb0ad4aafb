/**
 * Faults of the storage underneath, told apart from bugs: a database that is restarting or out
 * of reach is "unavailable" (503, try again shortly), a full disk is "storage full" (507); both
 * are answered as problems, never as a 500 with internals.
 */
export type StorageFault = 'unavailable' | 'storage_full';

// SQLSTATE classes and codes (PostgreSQL, Appendix A): 08 connection exception, 57P01–57P03
// shutting down / crashed / starting up, 53300 too many connections; 53100 disk full.
const UNAVAILABLE_STATES = /^(08\d{3}|57P0[1-3]|53300)$/;
const UNAVAILABLE_MESSAGES = [
  /Connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /connection error and is not queryable/i,
  /Client was closed and is not queryable/i,
  /Cannot use a pool after calling end/i,
  /the database system is (starting up|shutting down|in recovery mode)/i,
  /terminating connection due to administrator command/i,
];
const UNAVAILABLE_ERRNOS = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

/** The fault an error stands for, looking through TypeORM's and Node's wrappers; undefined for anything else. */
export function storageFault(error: unknown, depth = 0): StorageFault | undefined {
  if (!error || typeof error !== 'object' || depth > 4) return undefined;
  const e = error as { code?: unknown; message?: unknown; driverError?: unknown; cause?: unknown; errors?: unknown };
  const code = typeof e.code === 'string' ? e.code : '';
  if (code === '53100' || code === 'ENOSPC' || code === 'EDQUOT') return 'storage_full';
  if (UNAVAILABLE_STATES.test(code) || UNAVAILABLE_ERRNOS.has(code)) return 'unavailable';
  const message = typeof e.message === 'string' ? e.message : '';
  // TypeORM's answer to a query on a connection it dropped after the database cut it off.
  const name = (error as { name?: unknown }).name;
  if (name === 'QueryRunnerProviderAlreadyReleasedError' || name === 'QueryRunnerAlreadyReleasedError') return 'unavailable';
  if (/No space left on device/i.test(message)) return 'storage_full';
  if (UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(message))) return 'unavailable';
  for (const inner of [e.driverError, e.cause, ...(Array.isArray(e.errors) ? e.errors : [])]) {
    const fault = storageFault(inner, depth + 1);
    if (fault) return fault;
  }
  return undefined;
}

/** The SQLSTATE of a database error, looking through TypeORM's wrapper (QueryFailedError.driverError). */
export const sqlState = (error: unknown): string | undefined =>
  (error as { code?: string })?.code ?? (error as { driverError?: { code?: string } })?.driverError?.code;

/** 23505: a row with the same unique key exists already. */
export const isUniqueViolation = (error: unknown): boolean => sqlState(error) === '23505';
