import type { ComponentChildren, VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { PRINT_CSS } from './print-css';

/** A printable Swedish page: the shared print stylesheet, the title, the body. */
export function PrintDocument(props: { title: string; children: ComponentChildren }): VNode {
  return (
    <html lang="sv">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{props.title}</title>
        {/* A constant (never data), so raw is safe; allowed by hash in the Content-Security-Policy. */}
        <style dangerouslySetInnerHTML={{ __html: PRINT_CSS }} />
      </head>
      <body>{props.children}</body>
    </html>
  );
}

/** Renders a page (Preact escapes every text and attribute) with its doctype. */
export function renderPage(page: VNode): string {
  return `<!DOCTYPE html>\n${renderToString(page)}\n`;
}

/** The secrecy marking every printed page with personal data carries (also in the margin of each page). */
export const SECRECY_MARKING = 'Sekretess enligt OSL 26 kap. 1 §';
