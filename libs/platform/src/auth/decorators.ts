import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { Actor, Role } from './actor';

export const ALLOW_KEY = 'bosam:allow';
export const PUBLIC_KEY = 'bosam:public';

/** Who may call this route. A route with no @Allow (and not @Public) refuses everyone. */
export const Allow = (...roles: Role[]) => SetMetadata(ALLOW_KEY, roles);

/** A route outside /api/v1 that needs no token (health, docs). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

export const CurrentActor = createParamDecorator((_: unknown, context: ExecutionContext): Actor => {
  return context.switchToHttp().getRequest<{ actor: Actor }>().actor;
});
