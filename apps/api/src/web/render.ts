import { VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { FastifyReply } from 'fastify';

export const HTML_TYPE = 'text/html; charset=utf-8';

/** A whole page: Preact escapes every value it renders; nothing is assembled from strings. */
export function renderPage(page: VNode): string {
  return `<!DOCTYPE html>${renderToString(page)}`;
}

/** A fragment for htmx to swap in. */
export function renderFragment(fragment: VNode): string {
  return renderToString(fragment);
}

export function sendHtml(reply: FastifyReply, html: string, status = 200): void {
  void reply.status(status).header('content-type', HTML_TYPE).header('cache-control', 'no-store').send(html);
}

/** After a form post: to the page that shows the result (303, so a reload does not post again). */
export function redirect(reply: FastifyReply, to: string): void {
  void reply.status(303).header('location', to).header('cache-control', 'no-store').send();
}
