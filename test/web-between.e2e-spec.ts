import { AddressInfo } from 'node:net';
import request from 'supertest';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { addDays, todayInStockholm } from '@bosam/calendar';
import { LiaisonService } from '@bosam/landlords';
import { MeetingsService, NextStepsService } from '@bosam/meetings';
import { Actor } from '@bosam/platform';
import { DEMO_DISTRICT, loadDemo } from '../apps/cli/src/demo';
import { AxeViolation, checkPage, hasChromium, launchBrowser } from './support/browser';
import { createTestApp, TestApp } from './support/app';
import { newDistrict } from './support/meeting-factories';

if (!hasChromium) process.stdout.write('SKIPPED: the web interface is not driven in a browser: /usr/bin/chromium is missing.\n');
const inChromium = hasChromium ? describe : describe.skip;

const sessionOf = (res: request.Response): string => {
  const cookie = ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith('bosam_session='));
  if (!cookie) throw new Error(`no session cookie (${res.status})`);
  return cookie.split(';')[0];
};
const csrfOf = (html: string): string => /name="_csrf" value="([^"]+)"/.exec(html)![1];

// The weeks between meetings in Debian's Chromium, on the demo data: a meeting moved and another
// cancelled, steps moved and cancelled, a liaison session's attendance and exchanges (one refused for
// want of consent), an evaluation decision followed up, and every rejection of a large file import.
// Each page state is screenshotted and checked with axe-core.
inChromium('the web interface between meetings', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  const violations: AxeViolation[] = [];
  const consoleErrors: string[] = [];
  const today = todayInStockholm();
  const coordinator: Actor = { sub: 'demo-coordinator', name: 'Anna Samuelsson', role: 'coordinator', district: DEMO_DISTRICT };

  beforeAll(async () => {
    t = await createTestApp({ worker: true });
    await loadDemo(t.app, today);
    await newDistrict(t, 'ANNAN');
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    browser = await launchBrowser();
  }, 120000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  let checking = false;
  const check = async (page: Page, name: string) => {
    checking = true;
    try {
      violations.push(...(await checkPage(page, name)));
    } finally {
      checking = false;
    }
  };

  async function signedIn(person: string): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'sv-SE' });
    const page = await context.newPage();
    page.on(
      'console',
      (message) =>
        message.type() === 'error' && !checking && consoleErrors.push(`${person} ${page.url()}: ${message.text().slice(0, 120)}`),
    );
    page.on('pageerror', (error) => consoleErrors.push(`${person}: ${error.message}`));
    await page.goto(`${base}/login`);
    await page.getByRole('button', { name: person }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));
    return { context, page };
  }

  const plannedMeetings = async () => (await t.app.get(MeetingsService).list(coordinator, undefined)).filter((m) => m.status === 'planned');

  it('moves a meeting to another date and time, and cancels another, with Swedish errors beside the fields', async () => {
    const [first, second] = await plannedMeetings();
    const { context, page } = await signedIn('Anna Samuelsson');
    await page.goto(`${base}/moten/${first.id}`);
    await page.getByText('Flytta eller ställ in mötet').click();
    await check(page, 'b01-meeting-move-form');

    // A date the browser lets through but the API refuses: the error is beside the date.
    await page.locator('#move-date').fill('');
    await page.locator('#move-date').evaluate((el) => el.removeAttribute('required'));
    await page.getByRole('button', { name: 'Flytta mötet' }).click();
    await page.waitForSelector('#move-meeting .field.has-error');
    expect(await page.textContent('#move-meeting .field.has-error')).toContain('Ange datum och tid.');
    await check(page, 'b02-meeting-move-refused');

    const newDate = addDays(first.heldOn, 1);
    await page.locator('#move-date').fill(newDate);
    await page.locator('#move-time').fill('13:30');
    await page.locator('#move-reason').fill('Lokalen är upptagen');
    await page.getByRole('button', { name: 'Flytta mötet' }).click();
    await page.waitForSelector('text=Mötet är flyttat.');
    expect(await page.textContent('main')).toContain(`flyttat från ${first.heldOn} (Lokalen är upptagen)`);
    expect(await page.textContent('h1')).toContain(`${newDate} 13:30`);
    await check(page, 'b03-meeting-moved');

    // Cancelling needs a reason (blank refused beside the field), then the meeting is cancelled.
    await page.goto(`${base}/moten/${second.id}`);
    await page.getByText('Flytta eller ställ in mötet').click();
    await page.locator('#cancel-reason').fill('   ');
    await page.getByRole('button', { name: 'Ställ in mötet' }).click();
    await page.waitForSelector('#cancel-meeting .field.has-error');
    expect(await page.textContent('#cancel-meeting .field.has-error')).toContain('Fältet måste fyllas i.');
    await page.locator('#cancel-reason').fill('Krockar med utbildningsdag');
    await page.getByRole('button', { name: 'Ställ in mötet' }).click();
    await page.waitForSelector('text=Mötet är inställt: Krockar med utbildningsdag');
    await check(page, 'b04-meeting-cancelled');
    const after = await t.app.get(MeetingsService).list(coordinator, undefined);
    expect(after.find((m) => m.id === first.id)).toMatchObject({ heldOn: newDate, status: 'planned', movedFrom: first.heldOn });
    expect(after.find((m) => m.id === second.id)).toMatchObject({ status: 'cancelled', cancelReason: 'Krockar med utbildningsdag' });
    await context.close();
  }, 180000);

  it('moves a step to a new due date and cancels another, from the next-steps page and from the meeting page', async () => {
    // Steps between meetings on the first cases of the next meeting's agenda, so that its items show them.
    const steps = t.app.get(NextStepsService);
    const [next] = await plannedMeetings();
    const agenda = await t.app.get(MeetingsService).agenda(coordinator, next.id);
    const cases = [...new Set(agenda.sections.flatMap((s) => s.items.map((i) => i.caseId)))].slice(0, 3);
    const open = [];
    for (const [i, caseId] of cases.entries()) {
      open.push(
        await steps.create(coordinator, caseId, {
          unit: 'EKB',
          action: `Ring hushållet (${i + 1})`,
          dueOn: addDays(today, 7),
          responsible: 'Johan Berg',
        }),
      );
    }
    const { context, page } = await signedIn('Anna Samuelsson');
    await page.goto(`${base}/nasta-steg`);
    await page
      .locator(`#step-${open[0].id}`)
      .getByRole('link', { name: /Flytta eller ställ in/ })
      .click();
    await page.waitForSelector('h1:has-text("Flytta eller ställ in ett steg")');
    await check(page, 'b05-step-change');

    // A due date before today is the service's refusal, in Swedish beside the field.
    await page.locator('#step-due').fill(addDays(today, -1));
    await page.getByRole('button', { name: 'Spara nytt datum' }).click();
    await page.waitForSelector('#move-step .field.has-error');
    expect(await page.textContent('#move-step .field.has-error')).toContain('Datumet får inte vara före dagens datum.');
    await check(page, 'b06-step-change-refused');
    const due = addDays(today, 30);
    await page.locator('#step-due').fill(due);
    await page.getByRole('button', { name: 'Spara nytt datum' }).click();
    await page.waitForSelector('text=Steget har fått ett nytt datum.');
    expect((await steps.get(coordinator, open[0].id)).dueOn).toBe(due);

    // Cancelled with a reason, from the same page.
    await page.goto(`${base}/nasta-steg/${open[1].id}`);
    await page.locator('#step-reason').fill('Hushållet har flyttat');
    await page.getByRole('button', { name: 'Ställ in steget' }).click();
    await page.waitForSelector('text=Steget är inställt.');
    await check(page, 'b07-step-cancelled');
    expect(await steps.get(coordinator, open[1].id)).toMatchObject({ status: 'cancelled', cancelReason: 'Hushållet har flyttat' });

    // On the meeting page, where an item shows its open steps: the same page, and back to the item.
    const meeting = next;
    await page.goto(`${base}/moten/${meeting.id}`);
    const link = page.locator('article.item a[href^="/nasta-steg/"]').first();
    await link.click();
    await page.waitForSelector('#move-step');
    await page.locator('#step-due').fill(addDays(today, 20));
    await page.getByRole('button', { name: 'Spara nytt datum' }).click();
    await page.waitForURL((url) => url.pathname === `/moten/${meeting.id}`);
    expect(await page.textContent('main')).toContain(`senast ${addDays(today, 20)}`);
    await context.close();
  }, 180000);

  it('records a liaison session: attendance, an exchange refused for want of consent, one covered, and a session cancelled', async () => {
    const sessions = await t.app.get(LiaisonService).list(coordinator);
    const held = sessions.find((s) => s.status === 'held')!;
    const planned = sessions.find((s) => s.status === 'planned')!;
    const { context, page } = await signedIn('Anna Samuelsson');
    await page.goto(`${base}/samverkan`);
    await page.locator(`a[href="/samverkan/${held.id}"]`).click();
    await page.waitForSelector('#session-exchange');
    await check(page, 'b08-liaison-session');

    await page.locator('#attendees-2').fill('Eva Ek, fastighetschef');
    await page.getByRole('button', { name: 'Spara närvaron' }).click();
    await page.waitForSelector('text=Närvaron är sparad och mötet är hållet.');
    expect(await page.textContent('table')).toContain('Eva Ek');

    // The household category is in no consent of the demo: the service refuses, and the page says why in Swedish.
    const before = (await t.app.get(LiaisonService).detail(coordinator, held.id)).exchanges.length;
    await page.locator('#exchange-case').selectOption({ index: 0 });
    const caseText = (await page.locator('#exchange-case option').first().textContent()) ?? '';
    const landlordName = /samtycke: ([^,)]+)/.exec(caseText)![1];
    await page.locator('#exchange-landlord').selectOption({ label: landlordName });
    await page.getByLabel('Hushållet').check();
    await page.getByLabel('Sammanfattning').fill('Hushållets sammansättning');
    await page.getByRole('button', { name: 'Registrera utbytet' }).click();
    await page.waitForSelector('#session-exchange .notice.error');
    expect(await page.textContent('#session-exchange .notice.error')).toContain('Utbytet registrerades inte.');
    expect(await page.textContent('#exchange-categories-error')).toContain('Samtycke saknas för: Hushållet.');
    await check(page, 'b09-exchange-refused');
    expect((await t.app.get(LiaisonService).detail(coordinator, held.id)).exchanges.length).toBe(before);

    await page.getByLabel('Hushållet').uncheck();
    await page.getByLabel('Skuldläge').check();
    await page.getByLabel('Sammanfattning').fill('Skuldläget och en plan för avbetalning');
    await page.getByRole('button', { name: 'Registrera utbytet' }).click();
    await page.waitForSelector('text=Utbytet är registrerat.');
    expect(await page.textContent('#exchanges + table')).toContain('Skuldläget och en plan för avbetalning');
    await check(page, 'b10-exchange-recorded');
    expect((await t.app.get(LiaisonService).detail(coordinator, held.id)).exchanges.length).toBe(before + 1);

    // The session in three weeks: no attendance yet, but it can be cancelled with its reason.
    await page.goto(`${base}/samverkan/${planned.id}`);
    expect(await page.locator('#session-attendance').count()).toBe(0);
    await page.locator('#session-cancel-reason').fill('Hyresvärdarna kan inte; nytt datum bokas');
    await page.getByRole('button', { name: 'Ställ in mötet' }).click();
    await page.waitForSelector('text=Mötet är inställt.');
    await check(page, 'b11-liaison-cancelled');
    await context.close();
  }, 180000);

  it('follows up an evaluation decision: done, and a forged status refused beside the field', async () => {
    const { context, page } = await signedIn('Anna Samuelsson');
    await page.goto(`${base}/utvardering`);
    const row = page.locator('tr', { hasText: 'Gemensam samtyckesblankett' });
    expect(await row.textContent()).toContain('Pågår');
    await row.locator('select').selectOption('done');
    await row.getByRole('button', { name: /Spara/ }).click();
    await page.waitForSelector('text=Beslutets status är sparad.');
    expect(await page.locator('tr', { hasText: 'Gemensam samtyckesblankett' }).textContent()).toContain(`Genomfört ${today}`);
    await check(page, 'b12-evaluation-followed-up');

    // A value no option offers (as a forged form would send) is the API's validation, shown beside the field.
    const again = page.locator('tr', { hasText: 'Gemensam samtyckesblankett' });
    await again
      .locator('select option')
      .first()
      .evaluate((o) => ((o as HTMLOptionElement).value = 'started'));
    await again.locator('select').selectOption({ index: 0 });
    await again.getByRole('button', { name: /Spara/ }).click();
    await page.waitForSelector('tr .error');
    expect(await page.textContent('tr .error')).toContain('Välj ett av alternativen.');
    await check(page, 'b13-evaluation-refused');
    await context.close();
  }, 120000);

  it('pages through every rejection of a file import, not only the first hundred', async () => {
    const { context, page } = await signedIn('Anna Samuelsson');
    await page.goto(`${base}/underrattelser/ny`);
    const header =
      'source;externalReference;landlordOrgNumber;receivedOn;tenantServedOn;boardNotifiedOn;arrearsSek;street;postalCode;city;childrenInHousehold;personnummer1;name1';
    const rows = Array.from(
      { length: 250 },
      (_, i) =>
        `landlord_arrears;AVV-${i};556035-9555;${today};${addDays(today, -3)};${addDays(today, -2)};8 000;Filgatan ${i};123 45;Stockholm;0;19121212-1213;Fel Nummer`,
    );
    await page
      .getByLabel('Fil', { exact: true })
      .setInputFiles({ name: 'fel.csv', mimeType: 'text/csv', buffer: Buffer.from(`${header}\n${rows.join('\n')}\n`) });
    await page.getByRole('button', { name: 'Läs in filen' }).click();
    await page.locator('#import-result table').waitFor({ timeout: 90000 });
    expect(await page.textContent('#import-result')).toContain('Avvisade rader: 250');
    await page.getByRole('link', { name: 'Visa resten av de avvisade raderna' }).click();
    await page.waitForSelector('caption:has-text("Avvisade rader 101–200 av 250")');
    await check(page, 'b14-rejections-page-2');
    await page.getByRole('link', { name: 'Nästa 50' }).click();
    await page.waitForSelector('caption:has-text("Avvisade rader 201–250 av 250")');
    expect(await page.locator('tbody tr').count()).toBe(50);
    expect(await page.textContent('tbody tr:last-child td')).toBe('250');
    await page.getByRole('link', { name: 'Föregående 100' }).click();
    await page.waitForSelector('caption:has-text("Avvisade rader 101–200 av 250")');

    // A start that is no number: said in Swedish beside the field, not a server error.
    await page.goto(`${page.url().split('?')[0]}?fran=abc`);
    expect(await page.textContent('.field.has-error')).toContain('Ange ett heltal från 1.');
    await check(page, 'b15-rejections-refused');
    await context.close();
  }, 180000);

  describe('the new forms refuse a forged request and another district', () => {
    async function signIn(role: 'coordinator', district: string): Promise<{ cookie: string; csrf: string }> {
      const agent = t.http();
      const login = await agent.get('/login').expect(200);
      const res = await agent
        .post('/login')
        .type('form')
        .send({ _csrf: csrfOf(login.text), token: await t.token(role, district), next: '/' })
        .expect(303);
      const cookie = sessionOf(res);
      return { cookie, csrf: csrfOf((await t.http().get('/').set('Cookie', cookie)).text) };
    }

    it('refuses to cancel a meeting without the form token, and a meeting of another district answers 404', async () => {
      const [meeting] = await plannedMeetings();
      const mine = await signIn('coordinator', DEMO_DISTRICT);
      for (const body of [{ reason: 'Förfalskad' }, { reason: 'Förfalskad', _csrf: 'gissning' }]) {
        const res = await t.http().post(`/moten/${meeting.id}/stall-in`).set('Cookie', mine.cookie).type('form').send(body);
        expect(res.status).toBe(403);
      }
      const other = await signIn('coordinator', 'ANNAN');
      const foreign = await t
        .http()
        .post(`/moten/${meeting.id}/stall-in`)
        .set('Cookie', other.cookie)
        .type('form')
        .send({ reason: 'Från fel stadsdel', _csrf: other.csrf });
      expect(foreign.status).toBe(404);
      expect(foreign.text).not.toContain(meeting.id);
      const step = (await t.app.get(NextStepsService).list(coordinator, { status: 'open' }))[0];
      expect((await t.http().get(`/nasta-steg/${step.id}`).set('Cookie', other.cookie)).status).toBe(404);
      const moved = await t
        .http()
        .post(`/nasta-steg/${step.id}/andra`)
        .set('Cookie', other.cookie)
        .type('form')
        .send({ form: 'cancel', reason: 'Fel stadsdel', _csrf: other.csrf });
      expect(moved.status).toBe(404);
      expect((await plannedMeetings()).find((m) => m.id === meeting.id)?.status).toBe('planned');
      expect((await t.app.get(NextStepsService).get(coordinator, step.id)).status).toBe('open');
    });
  });

  it('every page state passes axe-core (no serious or critical violation) and logs no script or policy error', () => {
    expect(
      violations.map(
        (v) =>
          `${v.help} (${v.id}): ${v.nodes
            .map((n) => n.target.join(' '))
            .slice(0, 3)
            .join(', ')}`,
      ),
    ).toEqual([]);
    expect(consoleErrors.filter((e) => !e.includes('status of 400'))).toEqual([]);
  });
});
