import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Debian's Chromium; never downloaded. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export const chromiumAvailable = (): boolean => existsSync(CHROMIUM_PATH);

/**
 * Prints a page to PDF with headless Chromium (its own print engine: @page size, margin boxes with the
 * page counters, repeated table headers), as a person printing from the browser would get it.
 * The page is written to a private temporary folder and removed afterwards.
 */
export async function printToPdf(html: string, options: { timeoutMs?: number } = {}): Promise<Buffer> {
  const dir = await mkdtemp(join(tmpdir(), 'bosam-print-'));
  try {
    const page = join(dir, 'page.html');
    const pdf = join(dir, 'page.pdf');
    await writeFile(page, html, { mode: 0o600 });
    await run(
      CHROMIUM_PATH,
      [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        `--user-data-dir=${join(dir, 'profile')}`,
        `--print-to-pdf=${pdf}`,
        '--no-pdf-header-footer',
        `file://${page}`,
      ],
      { timeout: options.timeoutMs ?? 60_000 },
    );
    return await readFile(pdf);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The number of pages of a PDF (its page objects; Chromium writes them uncompressed). */
export function pdfPageCount(pdf: Buffer): number {
  return (pdf.toString('latin1').match(/\/Type\s*\/Page(?![s\w])/g) ?? []).length;
}
