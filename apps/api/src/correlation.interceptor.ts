import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Observable } from 'rxjs';
import { scrubIdentityNumbers } from '@bosam/identity';
import { requestContext } from '@bosam/platform';

interface RoutedRequest {
  id: string;
  ip?: string;
  method: string;
  headers: Record<string, string | string[] | undefined>;
  routeOptions?: { url?: string };
}

/** The caller's stated reason for access (X-Access-Reason), kept short and free of identity numbers. */
function accessReason(request: RoutedRequest): string | undefined {
  const header = request.headers['x-access-reason'];
  const value = (Array.isArray(header) ? header[0] : header)?.trim();
  return value ? scrubIdentityNumbers(value).slice(0, 200) : undefined;
}

/**
 * Runs each handler inside its request's context, so logs and audit entries carry the
 * correlation id, the route pattern and the stated reason for access.
 */
@Injectable()
export class CorrelationInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<RoutedRequest>();
    const store = {
      correlationId: String(request.id),
      route: `${request.method} ${request.routeOptions?.url ?? 'unknown'}`,
      reason: accessReason(request),
      clientAddress: request.ip,
    };
    return new Observable((subscriber) => requestContext.run(store, () => next.handle().subscribe(subscriber)));
  }
}
