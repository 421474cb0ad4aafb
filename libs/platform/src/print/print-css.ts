import { createHash } from 'node:crypto';

/**
 * The stylesheet of every printed page (agenda, minutes, the landlord's agenda): A4, the secrecy
 * marking and "sida N av M" in the page margins of every page, a table header that repeats on each
 * page, amounts that never wrap. Static on purpose: a page's own data never goes into CSS, so the
 * Content-Security-Policy can allow exactly this text by its hash (PRINT_CSS_SHA256).
 */
export const PRINT_CSS = `
@page {
  size: A4;
  margin: 14mm 11mm 13mm 11mm;
  @top-right { content: "Sekretess enligt OSL 26 kap. 1 §"; font: bold 8pt "DejaVu Sans", Arial, sans-serif; color: #8a1c1c; }
  @bottom-right { content: "sida " counter(page) " av " counter(pages); font: 8pt "DejaVu Sans", Arial, sans-serif; }
}
:root { color-scheme: light; }
body { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 10pt; line-height: 1.25; color: #111; margin: 1.5rem; }
h1 { font-size: 15pt; margin: 0; color: #1d3b5a; }
h2 { font-size: 12pt; margin: 1rem 0 .35rem; color: #1d3b5a; }
p { margin: .2rem 0; }
.secrecy { font-weight: bold; color: #8a1c1c; }
.meta { color: #333; }
.muted { color: #555; }
.empty { color: #555; font-style: italic; }
.nowrap, .amount { white-space: nowrap; }
.amount, .num { text-align: right; font-variant-numeric: tabular-nums; }
.warn { color: #8a4b00; font-weight: bold; }
.passed { color: #8a1c1c; font-weight: bold; }
.children { color: #8a1c1c; font-weight: bold; }
.warnings { border: 1.5px solid #b35c00; background: #fff6ea; padding: .25rem .6rem; margin: .4rem 0; }
.warnings ul { margin: .1rem 0; padding-left: 1.1rem; }
table.print { width: 100%; border-collapse: collapse; }
table.print th, table.print td { text-align: left; vertical-align: top; padding: .2rem .3rem; border-bottom: 1px solid #bbb; }
/* after the rule above, which would otherwise left-align them: amounts and counts line up on the right */
table.print th.amount, table.print td.amount, table.print th.num, table.print td.num, table.print td.nr { text-align: right; }
table.print thead th { background: #eef2f6; font-size: 8.5pt; }
table.print thead tr.doc th { background: none; border-bottom: 2px solid #1d3b5a; font-size: 10pt; font-weight: normal; padding: 0 0 .2rem; }
table.print tbody th.section { background: #1d3b5a; color: #fff; font-size: 10pt; padding: .25rem .4rem; }
table.print td.nr { font-weight: bold; width: 1.6rem; }
table.print td.notes { width: 22%; border-left: 1px dashed #999; }
table.print small, .small { font-size: 8pt; }
table.print ul { margin: 0; padding-left: .9rem; }
.footnotes { margin-top: .6rem; border-top: 1px solid #999; padding-top: .25rem; font-size: 8pt; }
.footnotes p { margin: .1rem 0; }
.signatures { display: flex; gap: 2rem; margin-top: 2rem; }
.signatures div { flex: 1; border-top: 1px solid #111; padding-top: .2rem; font-size: 9pt; }
@media print {
  body { margin: 0; font-size: 8.5pt; }
  h1 { font-size: 13pt; }
  h2 { font-size: 10.5pt; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; page-break-inside: avoid; }
  th.section { break-after: avoid; page-break-after: avoid; }
  table.print thead th { background: none; }
  table.print tbody th.section { background: none; color: #1d3b5a; border-bottom: 2px solid #1d3b5a; }
  .warnings { background: none; }
}
`;

/** The print stylesheet's hash, sha256-…, for a Content-Security-Policy. */
export const PRINT_CSS_SHA256 = `sha256-${createHash('sha256').update(PRINT_CSS).digest('base64')}`;

/** The same as a CSP source expression ('sha256-…', quoted), for style-src. */
export const PRINT_STYLE_CSP_SOURCE = `'${PRINT_CSS_SHA256}'`;
