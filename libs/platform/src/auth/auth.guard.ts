import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { BOSAM_CONFIG, BosamConfig } from '../config';
import { DomainError } from '../errors';
import { SharedRateStore, WindowCounter } from '../http/throttle';
import { Actor, Role } from './actor';
import { ALLOW_KEY, PUBLIC_KEY } from './decorators';
import { TokenVerifier } from './tokens';
import { UnitLookup } from './unit-lookup';

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

// `retryAfter` (seconds) is also sent as the Retry-After header (see problem.filter.ts).
const tooMany = (detail: string, retryAfter: number): DomainError => new DomainError('RATE_LIMITED', detail, undefined, { retryAfter });

/**
 * Global guard: every route needs a valid bearer token and a role that the route's
 * @Allow names. Fails closed: a route that forgot @Allow is refused. An address that keeps
 * failing authentication, and a user who writes faster than anyone works, are answered 429.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly authFailures: WindowCounter;
  private readonly writes: WindowCounter;

  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: TokenVerifier,
    private readonly units: UnitLookup,
    @Inject(BOSAM_CONFIG) config: BosamConfig,
    rates: SharedRateStore,
  ) {
    // Counted in a store all API processes share: behind a balancer the limits hold for the whole service.
    this.authFailures = new WindowCounter(rates, 'auth-failures', config.authFailuresPerMinute);
    this.writes = new WindowCounter(rates, 'writes', config.writesPerMinute);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const request = context
      .switchToHttp()
      .getRequest<{ headers: Record<string, string | undefined>; actor?: Actor; ip?: string; method?: string }>();
    const address = request.ip ?? 'unknown';
    // Checked before the token, so that guessing costs neither a verification nor an audit entry.
    const wait = await this.authFailures.blocked(address);
    if (wait !== undefined) throw tooMany('Too many failed authentications from this address.', wait);
    let actor: Actor;
    try {
      actor = await this.verifier.verify(request.headers.authorization);
    } catch (error) {
      if (error instanceof DomainError && error.code === 'UNAUTHENTICATED') await this.authFailures.hit(address);
      throw error;
    }
    request.actor = actor;
    if (!READ_METHODS.has(request.method ?? 'GET')) {
      const writeWait = await this.writes.hit(`${actor.district}:${actor.sub}`);
      if (writeWait !== undefined) throw tooMany('Too many changes in a short time; wait and try again.', writeWait);
    }
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
