// Printed pages (agenda, minutes, the landlord's agenda): one stylesheet, one document frame, one
// number format, and one way to print to PDF.
export { PRINT_CSS, PRINT_CSS_SHA256, PRINT_STYLE_CSP_SOURCE } from './print-css';
export { PrintDocument, renderPage, SECRECY_MARKING } from './document';
export { formatKronor, stockholmClock, stockholmDateTime, swedishLongDate } from './format';
export { CHROMIUM_PATH, chromiumAvailable, pdfPageCount, printToPdf } from './pdf';
