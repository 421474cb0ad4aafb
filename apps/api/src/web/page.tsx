import { ComponentChildren } from 'preact';
import { FastifyReply } from 'fastify';
import { Layout } from './layout';
import { renderFragment, renderPage, sendHtml } from './render';
import { WebRequest } from './request';

/** Sends a whole page in the frame, for the signed-in actor of the request. */
export function sendPage(
  request: WebRequest,
  reply: FastifyReply,
  page: { title: string; current?: string; status?: number },
  children: ComponentChildren,
): void {
  sendHtml(
    reply,
    renderPage(
      <Layout title={page.title} actor={request.actor} csrfToken={request.csrfToken} current={page.current}>
        {children}
      </Layout>,
    ),
    page.status ?? 200,
  );
}

/** Sends a fragment for htmx to swap in. */
export function sendFragment(reply: FastifyReply, children: ComponentChildren, status = 200): void {
  sendHtml(reply, renderFragment(<>{children}</>), status);
}
