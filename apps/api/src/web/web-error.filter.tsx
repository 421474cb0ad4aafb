import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import { FastifyReply } from 'fastify';
import { DomainError, scrubLogText, toProblem } from '@bosam/platform';
import { Layout } from './layout';
import { renderFragment, renderPage, sendHtml } from './render';
import { isHtmx, WebRequest } from './request';
import { CsrfRefused, SignInRequired } from './web.guard';

const TEXTS: Record<number, [string, string]> = {
  400: ['Uppgifterna kunde inte tas emot', 'Kontrollera uppgifterna och försök igen.'],
  403: ['Inte tillåtet', 'Din roll får inte öppna den här sidan eller göra detta.'],
  404: ['Sidan finns inte', 'Det du söker finns inte, eller hör inte till din stadsdel.'],
  409: ['Det gick inte', 'Uppgifterna har ändrats eller står i konflikt med varandra. Ladda om sidan och försök igen.'],
  413: ['Filen är för stor', 'Filen är större än vad som tas emot.'],
};

/**
 * Errors on pages become Swedish pages (never problem+json, never internals): no session → the sign-in
 * page; a form from elsewhere → 403; another district's record → 404, as in the API.
 */
@Catch()
export class WebErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('web');

  catch(error: unknown, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<WebRequest>();
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    if (error instanceof SignInRequired) {
      const next = request.method === 'GET' && !isHtmx(request) ? request.url : '/';
      const to = `/login?next=${encodeURIComponent(next)}${error.expired ? '&utgangen=1' : ''}`;
      if (isHtmx(request)) {
        void reply.status(401).header('hx-redirect', to).send();
      } else {
        void reply.status(303).header('location', to).send();
      }
      return;
    }
    let status: number;
    let title: string;
    let text: string;
    if (error instanceof CsrfRefused) {
      status = 403;
      title = 'Formuläret kunde inte tas emot';
      text = 'Formuläret var för gammalt eller kom från en annan webbplats. Ladda om sidan och försök igen.';
    } else {
      const problem = toProblem(error, String(request.id));
      status = problem.status;
      [title, text] = TEXTS[status] ?? [
        'Något gick fel',
        `Försök igen om en stund. Ange referensen ${String(request.id)} om du kontaktar supporten.`,
      ];
      if (status >= 500) {
        const err = error as Error;
        this.logger.error(scrubLogText(`${err?.name ?? 'Error'}: ${err?.message ?? String(error)}`), scrubLogText(err?.stack ?? ''));
      }
      if (error instanceof DomainError && status === 409 && error.code === 'MEETING_STATE')
        text = 'Mötet är inte i ett läge som tillåter detta. Ladda om sidan.';
    }
    const body = (
      <Layout title={title} actor={request.actor} csrfToken={request.csrfToken}>
        <h1>{title}</h1>
        <p>{text}</p>
        <p>
          <a href="/">Till startsidan</a>
        </p>
      </Layout>
    );
    if (isHtmx(request)) {
      // An in-page request shows its refusal where the answer would have gone.
      sendHtml(reply, renderFragment(<div class="notice error" role="alert">{`${title}. ${text}`}</div>), status);
      return;
    }
    sendHtml(reply, renderPage(body), status);
  }
}
