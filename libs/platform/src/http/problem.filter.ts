import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger, Optional } from '@nestjs/common';
import { FastifyReply, FastifyRequest } from 'fastify';
import { decodeJwt } from 'jose';
import { scrubIdentityNumbers } from '@bosam/identity';
import { storageFault } from '../database/faults';
import { AuditService } from '../audit/audit.service';
import { Actor } from '../auth/actor';
import { DomainError, ErrorCode, ERROR_STATUS, FieldError } from '../errors';
import { scrubLogText } from '../logging';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ErrorCode;
  errors?: FieldError[];
  correlationId?: string;
  [extra: string]: unknown;
}

const PROBLEM_BASE = 'https://bosam.se/problems/';

/** Errors from Fastify itself (body parsing, limits) have codes of their own. */
function fromFastifyCode(code: string | undefined): ErrorCode | undefined {
  switch (code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return 'MALFORMED_JSON';
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
    case 'FST_REQ_FILE_TOO_LARGE':
    case 'FST_FILES_LIMIT':
    case 'FST_PARTS_LIMIT':
      return 'PAYLOAD_TOO_LARGE';
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return 'UNSUPPORTED_MEDIA_TYPE';
    default:
      return undefined;
  }
}

function codeForStatus(status: number): ErrorCode {
  switch (status) {
    case 400:
      return 'VALIDATION_FAILED';
    case 401:
      return 'UNAUTHENTICATED';
    case 403:
      return 'FORBIDDEN';
    case 404:
      return 'NOT_FOUND';
    case 409:
      return 'CONFLICT';
    case 413:
      return 'PAYLOAD_TOO_LARGE';
    case 415:
      return 'UNSUPPORTED_MEDIA_TYPE';
    case 422:
      return 'UNPROCESSABLE';
    case 429:
      return 'RATE_LIMITED';
    case 503:
      return 'SERVICE_UNAVAILABLE';
    default:
      return 'INTERNAL_ERROR';
  }
}

/**
 * Builds the problem document for any thrown value; internals never reach the client. No error ever
 * repeats a personal identity number (API.md): whatever a detail or a field error was built from
 * (a field name, a file's field, a reference), personnummer-shaped numbers leave as a placeholder.
 */
export function toProblem(error: unknown, correlationId?: string): Problem {
  if (error instanceof DomainError) {
    return {
      ...(error.extra ?? {}),
      type: `${PROBLEM_BASE}${error.code.toLowerCase().replace(/_/g, '-')}`,
      title: error.title,
      status: error.status,
      detail: scrubIdentityNumbers(error.message),
      code: error.code,
      ...(error.errors
        ? { errors: error.errors.map((e) => ({ ...e, field: scrubIdentityNumbers(e.field), message: scrubIdentityNumbers(e.message) })) }
        : {}),
      correlationId,
    };
  }
  // The database restarting, out of reach or out of space: a fault to wait out, not a bug.
  const fault = storageFault(error);
  if (fault === 'unavailable') {
    return toProblem(
      new DomainError(
        'SERVICE_UNAVAILABLE',
        'The database is not available right now; nothing was changed by this request unless it says so. Try again in a few seconds.',
      ),
      correlationId,
    );
  }
  if (fault === 'storage_full') {
    return toProblem(
      new DomainError(
        'STORAGE_FULL',
        'The server has no space left to store this; nothing of it was kept. Try again once an operator has freed space.',
      ),
      correlationId,
    );
  }
  // Nest wraps Fastify's own errors (body parsing, limits) in an HttpException whose cause has the code.
  const fastifyCode =
    fromFastifyCode((error as { code?: string })?.code) ?? fromFastifyCode((error as { cause?: { code?: string } })?.cause?.code);
  if (fastifyCode) {
    const detail =
      fastifyCode === 'MALFORMED_JSON'
        ? 'The request body could not be parsed as JSON.'
        : fastifyCode === 'PAYLOAD_TOO_LARGE'
          ? 'The request body is larger than allowed.'
          : 'This content type is not accepted here.';
    return toProblem(new DomainError(fastifyCode, detail), correlationId);
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const code = codeForStatus(status);
    const detail = status === 404 ? 'No such route.' : status >= 500 ? 'An unexpected error occurred.' : error.message;
    return toProblem(new DomainError(code, detail), correlationId);
  }
  const status = (error as { statusCode?: number })?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return toProblem(new DomainError(codeForStatus(status), 'The request could not be handled.'), correlationId);
  }
  return toProblem(new DomainError('INTERNAL_ERROR', 'An unexpected error occurred.'), correlationId);
}

export function sendProblem(reply: FastifyReply, problem: Problem): void {
  // RFC 9110 10.2.3: a 429 says when to try again.
  if (problem.status === 429 && typeof problem.retryAfter === 'number') void reply.header('retry-after', String(problem.retryAfter));
  if (problem.status === 503) void reply.header('retry-after', '5');
  void reply.status(problem.status).header('content-type', 'application/problem+json; charset=utf-8').send(problem);
}

const UUID_VALUE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The uuids a request names (path, query, top-level body fields): what a 404 may have been asked about. */
function requestedIds(request: FastifyRequest): string[] {
  const values = [request.params, request.query, request.body]
    .filter((part): part is Record<string, unknown> => typeof part === 'object' && part !== null && !Array.isArray(part))
    .flatMap((part) => Object.values(part));
  return [...new Set(values.filter((v): v is string => typeof v === 'string' && UUID_VALUE.test(v)).map((v) => v.toLowerCase()))].slice(
    0,
    10,
  );
}

/** The subject a refused token claims, unverified and cleaned, to say who tried. */
function claimedSubject(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  const token = typeof header === 'string' ? /^Bearer\s+(\S+)$/.exec(header.trim())?.[1] : undefined;
  if (!token) return undefined;
  try {
    const { sub } = decodeJwt(token);
    return typeof sub === 'string' && sub !== ''
      ? scrubIdentityNumbers(sub)
          .replace(/[^\x20-\x7e]/g, '?')
          .slice(0, 64)
      : undefined;
  } catch {
    return undefined;
  }
}

/** The one place where every error becomes application/problem+json (RFC 9457). */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');

  constructor(@Optional() private readonly audit?: AuditService) {}

  async catch(error: unknown, host: ArgumentsHost): Promise<void> {
    const context = host.switchToHttp();
    const request = context.getRequest<FastifyRequest>();
    const reply = context.getResponse<FastifyReply>();
    const problem = toProblem(error, String(request.id));
    if (problem.status === 503 || problem.status === 507) {
      this.logger.warn(`${request.method} ${request.routeOptions?.url ?? ''}: ${problem.code}`);
    } else if (problem.status >= 500) {
      const err = error as Error;
      this.logger.error(scrubLogText(`${err?.name ?? 'Error'}: ${err?.message ?? String(error)}`), scrubLogText(err?.stack ?? ''));
    }
    if (this.audit && (problem.status === 401 || problem.status === 403 || problem.status === 404)) {
      // Recorded before answering (so the log has it when the caller sees the refusal), but never
      // held up for long, nor failed, by the audit write.
      await Promise.race([
        this.securityEvent(error, problem, request).catch((e: Error) => this.logger.warn(`security event not recorded: ${e.message}`)),
        new Promise((resolve) => setTimeout(resolve, 2000).unref()),
      ]);
    }
    sendProblem(reply, problem);
  }

  /** 401 and 403 always (a refused consent is audited where it is decided); 404 when it is another district's. */
  private async securityEvent(error: unknown, problem: Problem, request: FastifyRequest): Promise<void> {
    if (problem.code === 'CONSENT_MISSING') return;
    const actor = (request as FastifyRequest & { actor?: Actor }).actor;
    let entityIds: string[] | undefined;
    if (problem.status === 404) {
      if (!actor) return;
      entityIds = error instanceof DomainError ? error.otherDistrict : undefined;
      if (!entityIds) {
        const ids = requestedIds(request);
        entityIds = ids.length ? await this.audit!.ofOtherDistricts(ids, actor.district) : [];
      }
      if (entityIds.length === 0) return;
    }
    await this.audit!.recordSecurityEvent({
      actor,
      claimedSubject: actor ? undefined : claimedSubject(request),
      status: problem.status,
      code: problem.code,
      route: `${request.method} ${request.routeOptions?.url ?? 'unknown'}`,
      clientAddress: request.ip,
      entityIds,
      correlationId: String(request.id),
    });
  }
}

export const ERROR_CODES = Object.keys(ERROR_STATUS) as ErrorCode[];
