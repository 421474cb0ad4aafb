import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DomainError } from '../errors';
import { Actor, Role } from './actor';
import { ALLOW_KEY, PUBLIC_KEY } from './decorators';
import { TokenVerifier } from './tokens';

/**
 * Global guard: every route needs a valid bearer token and a role that the route's
 * @Allow names. Fails closed: a route that forgot @Allow is refused.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: TokenVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const request = context.switchToHttp().getRequest<{ headers: Record<string, string | undefined>; actor?: Actor }>();
    const actor = await this.verifier.verify(request.headers.authorization);
    request.actor = actor;
    const allowed = this.reflector.getAllAndOverride<Role[] | undefined>(ALLOW_KEY, targets) ?? [];
    if (!allowed.includes(actor.role)) {
      throw new DomainError('FORBIDDEN', `The role ${actor.role} may not do this.`);
    }
    return true;
  }
}
