import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Observable, throwError } from 'rxjs';
import { DomainError, FieldError } from '../errors';

/**
 * Checks every request's input before anything expensive runs (class-validator, the database):
 * JSON nesting and array sizes, and text that no field may hold. Generic on purpose: a new
 * operation is covered without a line of its own.
 */

export interface JsonLimits {
  maxDepth: number;
  maxArrayItems: number;
}

// C0 controls other than tab, line feed and carriage return, and DEL: PostgreSQL cannot store NUL
// in text, and none of them belongs in a name, a note or a code.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
// Bidirectional embeddings, overrides and isolates: they make a name read differently than it is stored.
const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069]/;
// Characters that show nothing: format characters (zero-width spaces and joiners, soft hyphen, BOM…)
// and the fillers that render blank.
const INVISIBLE = /[\p{Cf}\u115F\u1160\u3164\uFFA0\u2800\u180E]/u;
const INVISIBLE_OR_SPACE = /^[\s\p{Cf}\u115F\u1160\u3164\uFFA0\u2800\u180E]+$/u;

// Dates and terms Bosam handles: notices, deadlines and terms of this era, birth dates of the living.
// Year 0000 does not exist in PostgreSQL's calendar, and far years overflow date arithmetic, so a
// value of the right format outside these years is refused here, whatever the field.
export const FIRST_YEAR = 1900;
export const LAST_YEAR = 2199;
const DATE_LIKE = /^(\d{4})-\d{2}-\d{2}(T.*)?$/;
const TERM_LIKE = /^(\d{4})-(VT|HT)$/;

/** Why a text is refused, or undefined. Plain whitespace alone is left to each field's own rule. */
export function textProblem(value: string): string | undefined {
  const year = DATE_LIKE.exec(value)?.[1] ?? TERM_LIKE.exec(value)?.[1];
  if (year !== undefined && (Number(year) < FIRST_YEAR || Number(year) > LAST_YEAR)) {
    return `must be a date or term in the years ${FIRST_YEAR}–${LAST_YEAR}`;
  }
  if (CONTROL.test(value)) return 'must not contain control characters';
  if (BIDI_CONTROL.test(value)) return 'must not contain right-to-left or left-to-right override characters';
  if (INVISIBLE.test(value) && INVISIBLE_OR_SPACE.test(value)) return 'must contain visible characters';
  return undefined;
}

/**
 * The deepest nesting of a JSON text, counted without parsing it (so that a body nested thousands
 * deep is refused before any parser recurses into it). Stops counting once `limit` is passed.
 */
export function jsonDepthExceeds(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92)
        i += 1; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      depth += 1;
      if (depth > limit) return true;
    } else if (c === 125 || c === 93) depth -= 1;
  }
  return false;
}

/**
 * Why a number is refused, or undefined: beyond what a double holds exactly (an offset of 1e20 would
 * overflow the database's integers), or subnormal (1e-320: not a quantity anyone means).
 */
export function numberProblem(value: number): string | undefined {
  if (!Number.isFinite(value)) return 'must be a finite number';
  if (Math.abs(value) > Number.MAX_SAFE_INTEGER) return 'is too large a number';
  if (value !== 0 && Math.abs(value) < 1e-300) return 'is too small a number';
  return undefined;
}

const NUMERIC = /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i;

const fieldOf = (path: string, key: string | number): string =>
  typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${key}` : key;

/** Every array too long and every text refused in a parsed JSON value, named by field (at most 20). */
export function jsonProblems(value: unknown, limits: JsonLimits): FieldError[] {
  const problems: FieldError[] = [];
  const stack: Array<[unknown, string]> = [[value, '']];
  while (stack.length > 0 && problems.length < 20) {
    const [current, path] = stack.pop()!;
    if (typeof current === 'string') {
      const problem = textProblem(current);
      if (problem) problems.push({ field: path || 'body', message: problem });
    } else if (typeof current === 'number') {
      const problem = numberProblem(current);
      if (problem) problems.push({ field: path || 'body', message: problem });
    } else if (Array.isArray(current)) {
      if (current.length > limits.maxArrayItems) {
        problems.push({ field: path || 'body', message: `must have at most ${limits.maxArrayItems} items` });
        continue;
      }
      current.forEach((item, index) => stack.push([item, fieldOf(path, index)]));
    } else if (current !== null && typeof current === 'object') {
      for (const [key, item] of Object.entries(current)) {
        const keyProblem = textProblem(key);
        if (keyProblem) problems.push({ field: fieldOf(path, '?'), message: `names a field that ${keyProblem.replace(/^must/, 'must')}` });
        else stack.push([item, fieldOf(path, key)]);
      }
    }
  }
  return problems;
}

/** The 400 for a JSON body, or undefined when it may go on to validation. */
export function checkJsonBody(text: string, limits: JsonLimits): DomainError | undefined {
  if (jsonDepthExceeds(text, limits.maxDepth)) {
    return new DomainError('VALIDATION_FAILED', `The body is nested deeper than ${limits.maxDepth} levels.`, [
      { field: 'body', message: `must not be nested deeper than ${limits.maxDepth} levels` },
    ]);
  }
  return undefined;
}

/** The 400 for path parameters and query values that hold text no field may hold. */
export function checkRequestTexts(parts: Record<string, Record<string, unknown> | undefined>): DomainError | undefined {
  const problems: FieldError[] = [];
  for (const part of Object.values(parts)) {
    if (!part || typeof part !== 'object') continue;
    for (const [name, raw] of Object.entries(part)) {
      for (const value of Array.isArray(raw) ? raw : [raw]) {
        if (typeof value !== 'string') continue;
        const problem = textProblem(value) ?? textProblem(name) ?? (NUMERIC.test(value.trim()) ? numberProblem(Number(value)) : undefined);
        if (problem) problems.push({ field: textProblem(name) ? '?' : name, message: problem });
      }
    }
  }
  if (problems.length === 0) return undefined;
  return new DomainError('VALIDATION_FAILED', problems.map((p) => `${p.field}: ${p.message}`).join('; '), problems);
}

/** Refuses path parameters and query values with text no field may hold, before any handler runs. */
@Injectable()
export class InputGuardInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<{ params?: Record<string, unknown>; query?: Record<string, unknown> }>();
    const error = checkRequestTexts({ params: request.params, query: request.query });
    if (error) return throwError(() => error);
    return next.handle();
  }
}
