import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Observable } from 'rxjs';
import { requestContext } from '@bosam/platform';

/** Runs each handler inside its request's context, so logs and audit entries carry the correlation id. */
@Injectable()
export class CorrelationInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<{ id: string }>();
    return new Observable((subscriber) =>
      requestContext.run({ correlationId: String(request.id) }, () => next.handle().subscribe(subscriber)),
    );
  }
}
