import { AsyncLocalStorage } from 'node:async_hooks';
import { LoggerService } from '@nestjs/common';
import { scrubIdentityNumbers } from '@bosam/identity';

/** Per-request (or per-job) context: the correlation id that ties log lines and errors together. */
export interface RequestContext {
  correlationId: string;
  /** `METHOD /route/:pattern` of the HTTP request, for the audit log. */
  route?: string;
  /** Why the caller reads or changes personal data (header X-Access-Reason), for the audit log. */
  reason?: string;
  /** The client's address, for the audit log. */
  clientAddress?: string;
}

export const requestContext = new AsyncLocalStorage<RequestContext>();

export const currentCorrelationId = (): string | undefined => requestContext.getStore()?.correlationId;
export const currentRequest = (): RequestContext | undefined => requestContext.getStore();

const LEVELS = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 } as const;
type Level = keyof typeof LEVELS;

// A personnummer-shaped run of digits is never written to a log, whatever a message holds.
export const scrubLogText = (text: string): string => scrubIdentityNumbers(text);

const scrubFields = (fields: Record<string, unknown> | undefined): Record<string, unknown> | undefined =>
  fields &&
  Object.fromEntries(
    Object.entries(fields).map(([key, value]) => [key, typeof value === 'string' && key !== 'correlationId' ? scrubLogText(value) : value]),
  );

/**
 * JSON lines on stdout. Messages are written by our own code and carry ids, never personal
 * data; the scrub above is a second line of defence for third-party messages.
 */
export class JsonLogger implements LoggerService {
  constructor(private readonly threshold: Level = 'info') {}

  private write(level: Level, message: unknown, context?: string, fields?: Record<string, unknown>): void {
    if (LEVELS[level] < LEVELS[this.threshold]) return;
    const line: Record<string, unknown> = {
      level,
      time: new Date().toISOString(),
      context,
      msg: scrubLogText(message instanceof Error ? message.message : String(message)),
      correlationId: currentCorrelationId(),
      ...scrubFields(fields),
    };
    process.stdout.write(`${JSON.stringify(line)}\n`);
  }

  log(message: unknown, context?: string): void {
    this.write('info', message, context);
  }
  info(message: unknown, fields?: Record<string, unknown>, context?: string): void {
    this.write('info', message, context, fields);
  }
  error(message: unknown, trace?: string, context?: string): void {
    this.write('error', message, context, trace ? { trace: scrubLogText(trace) } : undefined);
  }
  warn(message: unknown, context?: string): void {
    this.write('warn', message, context);
  }
  debug(message: unknown, context?: string): void {
    this.write('debug', message, context);
  }
  verbose(message: unknown, context?: string): void {
    this.write('debug', message, context);
  }
}
