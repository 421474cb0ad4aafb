import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Browser, chromium, Page } from 'playwright-core';

/** Debian's Chromium; nothing ever downloads a browser. */
export const CHROMIUM = '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);

/** Screenshots of every page the browser tests visit (git-ignored). */
export const SCREENSHOTS = join(__dirname, '..', '..', 'test-output', 'screenshots');

/**
 * One headless Chromium per test file. Playwright starts it with a fresh temporary user-data-dir
 * (profile) of its own, removed when the browser closes.
 */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

const axeSource = readFileSync(join(dirname(require.resolve('axe-core')), 'axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[] }>;
}

/**
 * axe-core on the page as it is now, against WCAG 2.1 A and AA (EN 301 549): the serious and critical
 * violations. axe is evaluated through the DevTools protocol, so the page's Content-Security-Policy
 * (script-src 'self') stays in force for the page itself.
 */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(`${axeSource}\n;0`);
  const result = (await page.evaluate(
    `axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })`,
  )) as {
    violations: AxeViolation[];
  };
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** A screenshot of the whole page, kept in test-output/screenshots, and axe's verdict on it. */
export async function checkPage(page: Page, name: string): Promise<AxeViolation[]> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  // caret 'initial': Playwright would otherwise hide the caret with an inline style, which the CSP refuses.
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true, caret: 'initial' });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}-view.png`), caret: 'initial' });
  const violations = await axeViolations(page);
  return violations.map((v) => ({ ...v, help: `${name}: ${v.help}` }));
}
