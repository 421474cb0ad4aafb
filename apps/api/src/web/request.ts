import { FastifyRequest } from 'fastify';
import { Actor } from '@bosam/platform';

/** A request of the web interface, after WebGuard: the session's actor and CSRF token. */
export type WebRequest = FastifyRequest & {
  actor: Actor;
  csrfToken: string;
  cookies: Record<string, string | undefined>;
  body: unknown;
};

/** htmx asks for a fragment; a plain browser for a whole page. */
export const isHtmx = (request: FastifyRequest): boolean => request.headers['hx-request'] === 'true';

/** A form field as one trimmed string ('' when missing); a repeated field gives its first value. */
export function field(body: unknown, name: string): string {
  const value = (body as Record<string, unknown> | undefined)?.[name];
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first.trim() : '';
}

/** Every value of a repeated field (checkboxes, rows of a table). */
export function fields(body: unknown, name: string): string[] {
  const value = (body as Record<string, unknown> | undefined)?.[name];
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return list.filter((v): v is string => typeof v === 'string').map((v) => v.trim());
}

/** Only paths of this site are followed after sign-in (no open redirect). */
export function safeReturnTo(value: unknown): string {
  return typeof value === 'string' && /^\/(?![/\\])[^\s]*$/.test(value) && value.length < 500 ? value : '/';
}
