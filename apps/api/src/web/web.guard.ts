import { CanActivate, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ALLOW_KEY, DomainError, Role } from '@bosam/platform';
import { WebRequest } from './request';
import { SESSION_COOKIE, SessionService, sameToken } from './session.service';

const WEB_PUBLIC_KEY = 'bosam:web-public';
/** A page that needs no session (sign-in). */
export const SignInPage = () => SetMetadata(WEB_PUBLIC_KEY, true);

/** Thrown when a page needs a session and there is none (or it expired): the filter sends to /login. */
export class SignInRequired extends Error {
  constructor(readonly expired: boolean) {
    super('sign-in required');
  }
}
/** A form posted without this session's CSRF token, or from another site. */
export class CsrfRefused extends Error {}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The web interface's guard, in the place of the API's bearer-token guard: the session cookie gives the
 * actor (the same claims a token gives), the route's @Allow gives the roles, exactly as for the API.
 * Every request that changes something must carry the session's CSRF token (form field `_csrf`, or the
 * header X-CSRF-Token) and, when the browser says where it comes from, come from this site.
 */
@Injectable()
export class WebGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: SessionService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    const request = context.switchToHttp().getRequest<WebRequest>();
    if (!SAFE.has(request.method)) assertSameOrigin(request);
    if (this.reflector.getAllAndOverride<boolean>(WEB_PUBLIC_KEY, targets)) return true;
    const session = await this.sessions.resume(request.cookies?.[SESSION_COOKIE]);
    if (!session) throw new SignInRequired(!!request.cookies?.[SESSION_COOKIE]);
    request.actor = session.actor;
    request.csrfToken = session.csrfToken;
    if (!SAFE.has(request.method)) {
      const header = request.headers['x-csrf-token'];
      const fromBody = (request.body as Record<string, unknown> | undefined)?._csrf;
      // A multipart upload is read by its handler, after this guard: its form names the token in the URL.
      const fromQuery = (request.query as Record<string, unknown> | undefined)?._csrf;
      const given = [header, fromBody, fromQuery].find((v): v is string => typeof v === 'string');
      if (!sameToken(given, session.csrfToken)) throw new CsrfRefused();
    }
    const allowed = this.reflector.getAllAndOverride<Role[] | undefined>(ALLOW_KEY, targets) ?? [];
    if (!allowed.includes(session.actor.role)) throw new DomainError('FORBIDDEN', `The role ${session.actor.role} may not do this.`);
    return true;
  }
}

/** A form post names its origin (Origin, else Referer): another site's is refused. */
export function assertSameOrigin(request: WebRequest): void {
  const origin = request.headers.origin ?? request.headers.referer;
  if (!origin || origin === 'null') return;
  try {
    if (new URL(origin).host !== request.headers.host) throw new CsrfRefused();
  } catch (error) {
    if (error instanceof CsrfRefused) throw error;
    throw new CsrfRefused();
  }
}
