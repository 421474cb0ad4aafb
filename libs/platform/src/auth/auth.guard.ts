import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DomainError } from '../errors';
import { Actor, Role } from './actor';
import { ALLOW_KEY, PUBLIC_KEY } from './decorators';
import { TokenVerifier } from './tokens';
import { UnitLookup } from './unit-lookup';

/**
 * Global guard: every route needs a valid bearer token and a role that the route's
 * @Allow names. Fails closed: a route that forgot @Allow is refused.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: TokenVerifier,
    private readonly units: UnitLookup,
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
    // A unit representative acts for a unit of their district: a token naming any other is refused
    // (after the role check, so that a route the role may not use costs no look-up).
    if (actor.role === 'unit_rep' && !(await this.units.exists(actor.district, actor.unit!))) {
      throw new DomainError('UNAUTHENTICATED', 'The token names a unit that does not exist in its district.');
    }
    return true;
  }
}
