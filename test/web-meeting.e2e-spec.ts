import { AddressInfo } from 'node:net';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { todayInStockholm, addDays } from '@bosam/calendar';
import { DEMO_DISTRICT, loadDemo } from '../apps/cli/src/demo';
import { AxeViolation, checkPage, hasChromium, launchBrowser } from './support/browser';
import { createTestApp, TestApp } from './support/app';

if (!hasChromium) process.stdout.write('SKIPPED: the web interface is not driven in a browser: /usr/bin/chromium is missing.\n');
const inChromium = hasChromium ? describe : describe.skip;

// The whole fortnightly meeting in Debian's Chromium, on the demo data, as the people in the room do it;
// then a unit representative completes a step, and an evaluator downloads the export. Every page is
// screenshotted (test-output/screenshots) and checked with axe-core (WCAG 2.1 AA).
inChromium('the web interface in a browser: the meeting on the demo data', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  const violations: AxeViolation[] = [];
  const consoleErrors: string[] = [];
  const today = todayInStockholm();

  beforeAll(async () => {
    t = await createTestApp({ worker: true });
    await loadDemo(t.app, today);
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    browser = await launchBrowser();
  }, 120000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function signedIn(person: string): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 900 }, locale: 'sv-SE' });
    const page = await context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error' && !checking) consoleErrors.push(`${person} ${page.url()}: ${message.text().slice(0, 120)}`);
    });
    page.on('pageerror', (error) => consoleErrors.push(`${person}: ${error.message}`));
    await page.goto(`${base}/login`);
    await page.getByRole('button', { name: person }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));
    return { context, page };
  }

  // Console errors while the checker itself runs in the page (axe-core, screenshots) are the checker's,
  // not the page's.
  let checking = false;
  const check = async (page: Page, name: string) => {
    checking = true;
    try {
      violations.push(...(await checkPage(page, name)));
    } finally {
      checking = false;
    }
  };

  it('runs the meeting: agenda, attendance, start, two decisions with next steps, one carried over, close, minutes', async () => {
    // Sign-in with a token from `npm run token`, in the sign-in page's form.
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'sv-SE' });
    const page = await context.newPage();
    page.on(
      'console',
      (message) =>
        message.type() === 'error' && !checking && consoleErrors.push(`coordinator ${page.url()}: ${message.text().slice(0, 120)}`),
    );
    page.on('pageerror', (error) => consoleErrors.push(`coordinator: ${error.message}`));
    await page.goto(`${base}/`);
    expect(new URL(page.url()).pathname).toBe('/login');
    await check(page, '01-login');
    await page.getByLabel('Inloggningsnyckel').fill(await t.token('coordinator', DEMO_DISTRICT, undefined, 'kim'));
    await page.getByRole('button', { name: 'Logga in', exact: true }).click();
    await page.waitForURL(`${base}/`);
    expect(await page.textContent('h1')).toContain('Välkommen');
    await check(page, '02-start-coordinator');

    // The agenda of the next meeting.
    await page.getByRole('link', { name: 'Öppna mötet och dagordningen' }).click();
    await page.waitForSelector('h2#agenda');
    await check(page, '03-meeting-planned');
    const items = page.locator('article.item');
    expect(await items.count()).toBeGreaterThanOrEqual(3);

    // Attendance, one unit at a time, without a reload.
    await page.evaluate('window.__samePage = true');
    for (const [unit, person] of [
      ['EKB', 'Johan Berg'],
      ['BOF', 'Lena Holm'],
      ['MOTT', 'Maria Lind'],
    ]) {
      const row = page.locator(`#att-${unit}`);
      await row.locator('input[name="person"]').fill(person);
      await row.getByRole('button', { name: 'Spara' }).click();
      await page.locator(`#att-${unit} .tag.ok`).waitFor();
    }
    expect(await page.evaluate('window.__samePage')).toBe(true);

    // Start: the agenda is frozen.
    await page.getByRole('button', { name: /Starta mötet/ }).click();
    await page.waitForSelector('text=Pågår');
    await check(page, '04-meeting-running');

    // Two decisions with next steps, recorded without a page reload.
    await page.evaluate('window.__samePage = true');
    const due = addDays(today, 14);
    for (const [index, unit, action] of [
      [0, 'EKB', 'Ring hushållet och boka hembesök'],
      [1, 'BOF', 'Kontakta familjen om stöd'],
    ] as const) {
      const item = page.locator('article.item').nth(index);
      const id = await item.getAttribute('id');
      await item.locator('input[name="text"]').fill(`Beslut ${index + 1}: ${action}`);
      await item.getByLabel('Enhet 1').selectOption(unit);
      await item.getByLabel('Åtgärd 1').fill(action);
      await item.getByLabel('Senast 1').fill(due);
      await item.getByRole('button', { name: 'Spara beslutet' }).click();
      await page.locator(`#${id}.decided`).waitFor();
      expect(await page.locator(`#${id}`).textContent()).toContain(action);
    }
    expect(await page.evaluate('window.__samePage')).toBe(true);

    // One carried over to the next meeting.
    const third = page.locator('article.item:not(.decided)').first();
    const thirdId = await third.getAttribute('id');
    await third.getByRole('button', { name: 'Skjut upp till nästa möte' }).click();
    await page.locator(`#${thirdId}.carried`).waitFor();
    expect(await page.evaluate('window.__samePage')).toBe(true);
    await page.evaluate("document.getElementById('agenda').scrollIntoView()");
    await check(page, '05-meeting-decided');

    // Closing names, before it happens, every item without a decision: the one carried over among them.
    const carriedName = ((await page.locator(`#${thirdId} h3 a`).textContent()) ?? '').trim();
    const undecided = await page.locator('article.item:not(.decided)').count();
    await page.getByRole('link', { name: 'Avsluta mötet' }).click();
    await page.waitForSelector('#carried-over');
    expect(await page.locator('#carried-over li').count()).toBe(undecided);
    expect(await page.textContent('#carried-over')).toContain(`${carriedName} – flyttas till nästa möte`);
    await check(page, '05b-meeting-close-carried-over');

    // Close, and open the minutes from the link.
    await page.getByRole('button', { name: /^Avsluta mötet och flytta/ }).click();
    await page.waitForSelector('text=Avslutat');
    expect(await page.locator(`#${thirdId}`).textContent()).toContain('Flyttas till nästa möte');
    expect(await page.locator('article.item.decided').count()).toBe(2);
    await page.getByRole('link', { name: 'Protokoll' }).click();
    await page.waitForLoadState();
    const minutes = (await page.textContent('body')) ?? '';
    expect(minutes).toContain('Ring hushållet och boka hembesök');
    expect(minutes).toContain('Kontakta familjen om stöd');
    // The minutes name the household without the masked identity number the page shows beside it.
    expect(minutes.slice(minutes.indexOf('Överförs till nästa möte'))).toContain(carriedName.replace(/ \(.*\)$/, ''));
    await check(page, '06-minutes');

    // The other pages of the coordinator's day.
    for (const [path, name] of [
      ['/arenden', '07-cases'],
      ['/nasta-steg', '08-next-steps'],
      ['/underrattelser/ny', '09-notices'],
      ['/samverkan', '10-liaison'],
      ['/utvardering', '11-evaluation'],
      ['/installningar', '12-setup'],
    ]) {
      await page.goto(`${base}${path}`);
      await check(page, name);
    }
    await page.goto(`${base}/arenden`);
    await page.locator('table a[href^="/arenden/"]').first().click();
    await page.waitForSelector('h2#household');
    await check(page, '13-case');
    // Search by name, with the reason the audit records.
    await page.goto(`${base}/sok`);
    await page.getByLabel('Namn eller personnummer').fill('Omar');
    await page.getByLabel('Skäl för sökningen').fill('Samtal från hyresvärden');
    await page.getByRole('button', { name: 'Sök' }).click();
    await page.waitForSelector('h2#hits');
    expect(await page.textContent('h2#hits')).toMatch(/^[1-9]\d* träffar/);
    await check(page, '13b-search');
    await page.goto(`${base}/samverkan`);
    await page.locator('a[href*="/dagordning?hyresvard="]').first().click();
    await page.waitForSelector('h1');
    await check(page, '14-landlord-agenda');

    // A notice on paper: the API's validation beside the field, then saved.
    await page.goto(`${base}/underrattelser/ny`);
    await page.getByLabel('Avsändarens referens').fill('PAPPER-1');
    await page.getByLabel('Gatuadress').fill('Pappersgatan 1');
    await page.getByLabel('Postnummer').fill('12345');
    await page.getByLabel('Ort').fill('Stockholm');
    await page.locator('input[name="tenants[0].personnummer"]').fill('19121212-1213');
    await page.locator('input[name="tenants[0].name"]').fill('Pia Papper');
    await page.getByLabel('Hyresskuld (kr)').fill('4 500,50');
    await page.getByLabel('Hyresvärd').selectOption({ index: 1 });
    await page.getByRole('button', { name: 'Spara underrättelsen' }).click();
    await page.waitForSelector('.field.has-error');
    expect(await page.textContent('.field.has-error')).toContain('Ange ett giltigt personnummer');
    await check(page, '15-notice-refused');
    await page.locator('input[name="tenants[0].personnummer"]').fill('19121212-1212');
    await page.getByRole('button', { name: 'Spara underrättelsen' }).click();
    await page.waitForSelector('text=Underrättelsen är sparad.');
    expect(await page.textContent('h1')).toContain('Pia Papper');

    // A file: sent with progress, read by the worker, and its per-row report.
    await page.goto(`${base}/underrattelser/ny`);
    const header =
      'source;externalReference;landlordOrgNumber;receivedOn;tenantServedOn;boardNotifiedOn;arrearsSek;street;postalCode;city;childrenInHousehold;personnummer1;name1';
    const row = (ref: string, pnr: string) =>
      `landlord_arrears;${ref};556035-9555;${today};${addDays(today, -3)};${addDays(today, -2)};8 000;Filgatan 2;123 45;Stockholm;1;${pnr};Filip Fil`;
    await page.getByLabel('Fil', { exact: true }).setInputFiles({
      name: 'underrattelser.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(`${header}\n${row('FIL-1', '19121212-1212')}\n${row('FIL-2', '19121212-1219')}\n`),
    });
    await page.getByRole('button', { name: 'Läs in filen' }).click();
    await page.locator('#import-result table').waitFor({ timeout: 60000 });
    const report = (await page.textContent('#import-result')) ?? '';
    expect(report).toContain('klar');
    expect(report).toContain('Inlästa: 1');
    expect(report).toContain('personnummer1');
    await check(page, '15b-import-report');
    await context.close();
  }, 400000);

  it('a unit representative signs in and completes a step of their unit', async () => {
    const { context, page } = await signedIn('Johan Berg');
    expect(await page.textContent('h1')).toContain('Ekonomiskt bistånd');
    await check(page, '16-start-unit-rep');
    const form = page.locator('form[action$="/utfort"]').first();
    const row = form.locator('xpath=ancestor::tr');
    const rowId = await row.getAttribute('id');
    await form.getByRole('button', { name: 'Markera utfört' }).click();
    await page.locator(`#${rowId} .tag.ok`).waitFor();
    expect(await page.locator(`#${rowId}`).textContent()).toContain('Utfört');
    await context.close();
  }, 120000);

  it('an evaluator downloads the export', async () => {
    const { context, page } = await signedIn('Per Wallin');
    expect(await page.textContent('h1')).toContain('Terminens siffror');
    await check(page, '17-start-evaluator');
    await page.goto(`${base}/utvardering`);
    expect(await page.locator('figure.chart svg').count()).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Skapa export' }).click();
    const link = page.getByRole('link', { name: 'Ladda ned filen' });
    await link.waitFor({ timeout: 30000 });
    await check(page, '18-export');
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toMatch(/^bosam-utvardering-SKARP-\d{4}-(VT|HT)\.xlsx$/);
    await context.close();
  }, 120000);

  it('an admin sees the set-up; an auditor the log', async () => {
    for (const [person, name] of [
      ['Sofia Admin', '19-setup-admin'],
      ['Gun Åberg', '20-start-auditor'],
    ]) {
      const { context, page } = await signedIn(person);
      await check(page, name);
      await context.close();
    }
  }, 120000);

  it('every page passes axe-core (no serious or critical WCAG 2.1 AA violation) and logs no script or policy error', () => {
    expect(
      violations.map(
        (v) =>
          `${v.help} (${v.id}): ${v.nodes
            .map((n) => n.target.join(' '))
            .slice(0, 3)
            .join(', ')}`,
      ),
    ).toEqual([]);
    // A refused form answers 400 on purpose (Chromium logs that); anything else is an error of the page.
    expect(consoleErrors.filter((e) => !e.includes('status of 400'))).toEqual([]);
  });
});
