/**
 * Domain errors carry a stable string code; the HTTP status of each code lives here and
 * nowhere else, and the problem+json filter (http/problem.filter.ts) is the one place that
 * turns them into responses (RFC 9457).
 */
export const ERROR_STATUS = {
  VALIDATION_FAILED: 400,
  ACCESS_REASON_REQUIRED: 400,
  MALFORMED_JSON: 400,
  MALFORMED_FILE: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  CONSENT_MISSING: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  NOTIFICATION_CONFLICT: 409,
  MEETING_STATE: 409,
  OPEN_NEXT_STEPS: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  UNPROCESSABLE: 422,
  RATE_LIMITED: 429,
  INTERNAL_ERROR: 500,
  SERVICE_UNAVAILABLE: 503,
  STORAGE_FULL: 507,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export interface FieldError {
  field: string;
  message: string;
  row?: number;
}

const TITLES: Record<ErrorCode, string> = {
  VALIDATION_FAILED: 'The request is not valid',
  ACCESS_REASON_REQUIRED: 'A reason for access is required (X-Access-Reason)',
  MALFORMED_JSON: 'The request body is not valid JSON',
  MALFORMED_FILE: 'The file cannot be read',
  UNAUTHENTICATED: 'Authentication required',
  FORBIDDEN: 'Not allowed',
  CONSENT_MISSING: 'No valid consent covers this exchange',
  NOT_FOUND: 'Not found',
  CONFLICT: 'Conflict',
  NOTIFICATION_CONFLICT: 'A different notification with the same reference exists',
  MEETING_STATE: 'The meeting is not in a state that allows this',
  OPEN_NEXT_STEPS: 'The case has open next steps',
  PAYLOAD_TOO_LARGE: 'Payload too large',
  UNSUPPORTED_MEDIA_TYPE: 'Unsupported media type',
  UNPROCESSABLE: 'The request cannot be processed',
  RATE_LIMITED: 'Too many requests',
  INTERNAL_ERROR: 'Internal error',
  SERVICE_UNAVAILABLE: 'Service unavailable',
  STORAGE_FULL: 'No space left to store this',
};

export class DomainError extends Error {
  readonly status: number;
  readonly title: string;
  /** A 404 for a record or district outside the caller's district: what was asked for (audited as a security event). */
  otherDistrict?: string[];

  constructor(
    readonly code: ErrorCode,
    detail?: string,
    readonly errors?: FieldError[],
    readonly extra?: Record<string, unknown>,
  ) {
    super(detail ?? TITLES[code]);
    this.status = ERROR_STATUS[code];
    this.title = TITLES[code];
  }
}

export const notFound = (what = 'resource'): DomainError => new DomainError('NOT_FOUND', `No such ${what}.`);
export const forbidden = (detail: string): DomainError => new DomainError('FORBIDDEN', detail);
export const invalid = (field: string, message: string): DomainError =>
  new DomainError('VALIDATION_FAILED', `${field}: ${message}`, [{ field, message }]);
export const invalidFields = (errors: FieldError[]): DomainError =>
  new DomainError('VALIDATION_FAILED', errors.map((e) => `${e.field}: ${e.message}`).join('; '), errors);
