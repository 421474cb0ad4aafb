import { AddressInfo } from 'node:net';
import { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { addDays, todayInStockholm } from '@bosam/calendar';
import { DEMO_DISTRICT, loadDemo } from '../apps/cli/src/demo';
import { AxeViolation, checkPage, hasChromium, launchBrowser } from './support/browser';
import { createTestApp, TestApp } from './support/app';
import { newCase, newDistrict } from './support/meeting-factories';

if (!hasChromium) process.stdout.write('SKIPPED: the case page is not driven in a browser: /usr/bin/chromium is missing.\n');
const inChromium = hasChromium ? describe : describe.skip;

// The case page's write actions between meetings, in Debian's Chromium on the demo data: debts and
// repayment plans, disturbances, a notice corrected with its history, the case corrected, merged, closed
// and reopened, consents recorded and withdrawn. Each effect is read back through the API; each refused
// form shows its Swedish message beside the field; every state is screenshotted and checked by axe-core.
inChromium('the case page in a browser: follow-up, corrections, merging, closing and consents', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let foreignCase: string;
  const violations: AxeViolation[] = [];
  const consoleErrors: string[] = [];
  const today = todayInStockholm();
  // A valid personnummer (test number): typed where it does not belong, it must not come back in the page.
  const PNR = '19121212-1212';

  beforeAll(async () => {
    t = await createTestApp();
    await loadDemo(t.app, today);
    foreignCase = (await newCase(t, await newDistrict(t, 'WEBX'), { name: 'Xena Främling' })).caseId;
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    browser = await launchBrowser();
  }, 180000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  /** The API's view of a case (a coordinator of the demo district). */
  async function api(path: string): Promise<any> {
    const res = await t
      .http()
      .get(`/api/v1${path}`)
      .set('Authorization', await t.auth('coordinator', DEMO_DISTRICT));
    expect(res.status).toBe(200);
    return res.body;
  }
  async function caseOf(name: string, status: 'open' | 'closed' = 'open'): Promise<string> {
    const list = await api(`/cases?status=${status}&limit=200`);
    const hit = list.items.find((c: { tenants: Array<{ name: string }> }) => c.tenants.some((x) => x.name === name));
    if (!hit) throw new Error(`no ${status} case for ${name}`);
    return hit.id;
  }

  let checking = false;
  const check = async (page: Page, name: string) => {
    checking = true;
    try {
      violations.push(...(await checkPage(page, `case-${name}`)));
    } finally {
      checking = false;
    }
  };

  async function signedIn(person: string): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'sv-SE' });
    const page = await context.newPage();
    page.on(
      'console',
      (m) => m.type() === 'error' && !checking && consoleErrors.push(`${person} ${page.url()}: ${m.text().slice(0, 120)}`),
    );
    page.on('pageerror', (error) => consoleErrors.push(`${person}: ${error.message}`));
    await page.goto(`${base}/login`);
    await page.getByRole('button', { name: person }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));
    return { context, page };
  }

  /** Opens a folded form by its summary and gives it back. */
  async function unfold(page: Page, summary: string): Promise<Locator> {
    const details = page.locator('details.action', { has: page.locator('summary', { hasText: summary }) });
    if ((await details.getAttribute('open')) === null) await details.locator('summary').click();
    return details.locator('form');
  }
  /** Sends a form and waits for the answer page. */
  async function send(page: Page, form: Locator, button: string | RegExp): Promise<void> {
    await Promise.all([page.waitForNavigation(), form.getByRole('button', { name: button }).click()]);
  }
  /** The Swedish error beside a field of a form. */
  const errorBeside = (form: Locator, label: string) => form.locator('.field.has-error', { hasText: label }).locator('.error');

  it('records the current arrears, a repayment plan and its status; a personnummer in the amount is not echoed', async () => {
    const { context, page } = await signedIn('Anna Samuelsson');
    const id = await caseOf('Fatima Omar');
    await page.goto(`${base}/arenden/${id}`);
    await check(page, '01-follow-up');

    // Arrears: an identity number typed as the amount is refused beside the field and never shown again.
    let form = await unfold(page, 'Registrera aktuell skuld');
    await form.getByLabel('Skuld (kr)').fill(PNR);
    await send(page, form, 'Spara skulden');
    form = page.locator('#act-saldo form');
    expect(await errorBeside(form, 'Skuld (kr)').textContent()).toBe('Ange ett belopp i kronor (inte negativt, högst två decimaler).');
    expect(await page.content()).not.toMatch(/121212-?1212/);
    await check(page, '02-balance-refused');
    await form.getByLabel('Skuld (kr)').fill('12 500,50');
    await form.getByLabel('Källa').selectOption({ label: 'Hyresvärdens besked' });
    await send(page, form, 'Spara skulden');
    expect(await page.textContent('.notice.ok')).toContain('Skulden är registrerad.');
    let detail = await api(`/cases/${id}`);
    expect(detail.arrearsSek).toBe(12500.5);
    expect(detail.balances.at(-1)).toMatchObject({ on: today, arrearsSek: 12500.5, source: 'landlord' });

    // A repayment plan: a negative amount is refused beside the field, then the plan is stored as active.
    form = await unfold(page, 'Registrera en avbetalningsplan');
    await form.getByLabel('Belopp i månaden (kr)').fill('-500');
    await form.getByLabel('Första betalning').fill(addDays(today, 10));
    await send(page, form, 'Spara planen');
    form = page.locator('#act-plan form');
    expect(await errorBeside(form, 'Belopp i månaden').textContent()).toContain('Ange ett belopp i kronor');
    await check(page, '03-plan-refused');
    await form.getByLabel('Belopp i månaden (kr)').fill('1500');
    await send(page, form, 'Spara planen');
    expect(await page.textContent('.notice.ok')).toContain('Avbetalningsplanen är sparad.');
    detail = await api(`/cases/${id}`);
    const added = detail.repaymentPlans.find((p: { monthlySek: number }) => p.monthlySek === 1500);
    expect(added).toMatchObject({ status: 'active', firstDueOn: addDays(today, 10) });

    // The broken plan taken up again: a day before its last change is refused, today is taken.
    const broken = detail.repaymentPlans.find((p: { status: string }) => p.status === 'broken');
    form = page.locator(`form[action*="/avbetalningsplaner/${broken.id}/status"]`);
    await form.getByLabel('Ny status').selectOption({ label: 'Pågår igen' });
    await form.getByLabel('Datum').fill(addDays(broken.statusOn, -1));
    await send(page, form, 'Ändra status');
    form = page.locator(`form[action*="/avbetalningsplaner/${broken.id}/status"]`);
    expect(await errorBeside(form, 'Datum').textContent()).toBe(`Datumet får inte vara före planens senaste ändring (${broken.statusOn}).`);
    await check(page, '04-plan-status-refused');
    await form.getByLabel('Datum').fill(today);
    await send(page, form, 'Ändra status');
    expect(await page.textContent('.notice.ok')).toContain('Planens status är ändrad.');
    detail = await api(`/cases/${id}`);
    expect(detail.repaymentPlans.find((p: { id: string }) => p.id === broken.id)).toMatchObject({ status: 'active', statusOn: today });
    expect(detail.timeline.at(-1).kind).toBe('repayment_plan_resumed');
    await check(page, '05-follow-up-saved');
    await context.close();
  }, 180000);

  it('records a disturbance report and that disturbances ended', async () => {
    const { context, page } = await signedIn('Anna Samuelsson');
    const id = await caseOf('Omar Ali');
    await page.goto(`${base}/arenden/${id}`);
    let form = await unfold(page, 'Registrera en störningsanmälan');
    await form.getByLabel('Kategori').fill('x');
    await send(page, form, 'Spara anmälan');
    form = page.locator('#act-storning form');
    expect(await errorBeside(form, 'Kategori').textContent()).toBe('Minst 2 tecken.');
    await check(page, '06-disturbance-refused');
    await form.getByLabel('Kategori').fill('buller i trapphuset');
    await form.getByLabel('Hyresvärd').selectOption({ index: 2 });
    await send(page, form, 'Spara anmälan');
    expect(await page.textContent('.notice.ok')).toContain('Störningsanmälan är registrerad.');
    let detail = await api(`/cases/${id}`);
    expect(detail.disturbances.at(-1)).toMatchObject({ kind: 'reported', on: today, category: 'buller i trapphuset' });
    expect(detail.ongoingDisturbance).toBe(true);

    form = await unfold(page, 'Störningarna har upphört');
    await form.getByLabel('Upphörde').fill(addDays(today, -2));
    await send(page, form, 'Spara');
    form = page.locator('#act-storning-slut form');
    expect(await errorBeside(form, 'Upphörde').textContent()).toBe(`Datumet får inte vara före den senaste störningsanmälan (${today}).`);
    await check(page, '07-disturbances-ended-refused');
    await form.getByLabel('Upphörde').fill(today);
    await send(page, form, 'Spara');
    expect(await page.textContent('.notice.ok')).toContain('Att störningarna upphört är registrerat.');
    detail = await api(`/cases/${id}`);
    expect(detail.ongoingDisturbance).toBe(false);
    expect(await page.locator('details.action summary', { hasText: 'Störningarna har upphört' }).count()).toBe(0);
    await context.close();
  }, 180000);

  it('corrects a notice with a reason and shows its history; corrects the case’s address and children', async () => {
    const { context, page } = await signedIn('Anna Samuelsson');
    const id = await caseOf('Linda Ek');
    const before = await api(`/cases/${id}`);
    const notice = before.notifications.find((n: { source: string }) => n.source === 'landlord_arrears');
    await page.goto(`${base}/arenden/${id}`);
    await page.locator(`a[href="/arenden/${id}/underrattelser/${notice.id}"]`).click();
    await page.waitForSelector('h2#history');
    await check(page, '08-notice');

    let form = page.locator('form[action*="/underrattelser/"]');
    await form.getByLabel('Hyresskuld (kr)').fill('6 100');
    await form.getByLabel('Skäl till rättelsen').fill('ab');
    await send(page, form, 'Spara rättelsen');
    form = page.locator('form[action*="/underrattelser/"]');
    expect(await errorBeside(form, 'Skäl till rättelsen').textContent()).toBe('Minst 3 tecken.');
    expect(await form.getByLabel('Hyresskuld (kr)').inputValue()).toBe('6 100');
    await check(page, '09-notice-refused');
    await form.getByLabel('Skäl till rättelsen').fill('Hyresvärden rättade beloppet');
    await send(page, form, 'Spara rättelsen');
    expect(await page.textContent('.notice.ok')).toContain('Rättelsen är sparad.');
    const history = (await page.textContent('section[aria-labelledby="history"] table')) ?? '';
    expect(history).toContain('skuld');
    expect(history).toContain('Hyresvärden rättade beloppet');
    await check(page, '10-notice-history');
    const amended = await api(`/notifications/${notice.id}`);
    expect(amended.arrearsSek).toBe(6100);
    expect(amended.amendments).toHaveLength(1);
    expect(amended.amendments[0]).toMatchObject({
      reason: 'Hyresvärden rättade beloppet',
      changes: [expect.objectContaining({ field: 'arrearsSek' })],
    });

    // The case: a wrong postal code is refused beside it; the personnummer in the reason is not echoed.
    await page.goto(`${base}/arenden/${id}`);
    form = await unfold(page, 'Rätta adress eller antal barn');
    await form.getByLabel('Postnummer').fill('1234');
    await form.getByLabel('Antal barn i hushållet').fill('3');
    await form.getByLabel('Skäl till rättelsen').fill(`Fel barn angivet för ${PNR}`);
    await send(page, form, 'Spara rättelsen');
    form = page.locator('#act-rattelse form');
    expect(await errorBeside(form, 'Postnummer').textContent()).toBe('Ange ett postnummer med fem siffror, t.ex. 123 45.');
    expect(await page.content()).not.toMatch(/121212-?1212/);
    await check(page, '11-correction-refused');
    await form.getByLabel('Postnummer').fill(before.address.postalCode);
    await form.getByLabel('Skäl till rättelsen').fill('Tre barn enligt folkbokföringen');
    await send(page, form, 'Spara rättelsen');
    expect(await page.textContent('.notice.ok')).toContain('Rättelsen är sparad.');
    const after = await api(`/cases/${id}`);
    expect(after.household.childrenInHousehold).toBe(3);
    expect(after.address).toEqual(before.address);
    expect(after.timeline.at(-1)).toMatchObject({
      kind: 'case_corrected',
      data: expect.objectContaining({ fields: ['childrenInHousehold'] }),
    });
    await context.close();
  }, 180000);

  it('merges the flagged Palm case into the other and shows it read-only as merged, with a link', async () => {
    const { context, page } = await signedIn('Anna Samuelsson');
    const list = await api('/cases?status=open&limit=200');
    const palms = list.items.filter((c: { tenants: Array<{ name: string }> }) => c.tenants.some((x) => x.name.endsWith('Palm')));
    expect(palms).toHaveLength(2);
    const [source, target] = palms.map((c: { id: string }) => c.id);
    await page.goto(`${base}/arenden/${source}`);
    await page.getByRole('link', { name: 'Slå ihop', exact: true }).click();
    await page.waitForSelector('#merge-into');
    expect(await page.locator('#merge-into').inputValue()).toBe(target);
    await check(page, '12-merge');
    // A search narrows the list (another household, by name), with its reason; the Palm case in the same apartment stays.
    const other = list.items.find((c: { id: string; tenants: Array<{ name: string }> }) => !palms.includes(c) && c.tenants[0]?.name);
    const search = page.locator('form[action$="/sla-ihop/sok"]');
    await search.getByLabel('Namn eller personnummer').fill(other.tenants[0].name.split(' ')[0]);
    await send(page, search, 'Sök');
    expect(await errorBeside(page.locator('form[action$="/sla-ihop/sok"]'), 'Skäl för sökningen').textContent()).toBe(
      'Ange varför du söker.',
    );
    await page.locator('form[action$="/sla-ihop/sok"]').getByLabel('Skäl för sökningen').fill('Dubblett av hushållet');
    await send(page, page.locator('form[action$="/sla-ihop/sok"]'), 'Sök');
    const options = await page.locator('#merge-into option').evaluateAll((all) => all.map((o) => (o as HTMLOptionElement).value));
    expect(options).toEqual(expect.arrayContaining([target, other.id]));
    expect(await page.locator('#merge-into').inputValue()).toBe(target);
    let form = page.locator('form[action$="/sla-ihop"]');
    await form.getByLabel('Skäl').fill('ab');
    await send(page, form, 'Slå ihop ärendena');
    form = page.locator('form[action$="/sla-ihop"]');
    expect(await errorBeside(form, 'Skäl').textContent()).toBe('Minst 3 tecken.');
    await check(page, '13-merge-refused');
    await form.getByLabel('Skäl').fill('Samma hushåll, två underrättelser');
    await send(page, form, 'Slå ihop ärendena');
    expect(new URL(page.url()).pathname).toBe(`/arenden/${target}`);
    expect(await page.textContent('.notice.ok')).toContain('Ärendena är sammanslagna.');
    const merged = await api(`/cases/${source}`);
    expect(merged).toMatchObject({ status: 'closed', mergedIntoCaseId: target });
    expect((await api(`/cases/${target}`)).notifications).toHaveLength(2);

    await page.goto(`${base}/arenden/${source}`);
    expect(await page.textContent('.notice.warn')).toContain('sammanslaget med ett annat ärende');
    expect(await page.locator('.notice.warn a').getAttribute('href')).toBe(`/arenden/${target}`);
    expect(await page.locator('main form').count()).toBe(0);
    await check(page, '14-merged-read-only');
    await context.close();
  }, 180000);

  it('closes a case (open steps named beside the choice to cancel them) and reopens it with a reason', async () => {
    const { context, page } = await signedIn('Anna Samuelsson');
    const id = await caseOf('Kenneth Lund');
    await t
      .http()
      .post(`/api/v1/cases/${id}/next-steps`)
      .set('Authorization', await t.auth('coordinator', DEMO_DISTRICT))
      .send({ unit: 'BOST', action: 'Se över det sociala kontraktet', dueOn: addDays(today, 7) })
      .expect(201);
    const openSteps = (await api(`/cases/${id}`)).nextSteps.filter((s: { status: string }) => s.status === 'open').length;
    await page.goto(`${base}/arenden/${id}`);
    let form = await unfold(page, 'Avsluta ärendet');
    await send(page, form, 'Avsluta ärendet');
    form = page.locator('#act-avsluta form');
    expect(await errorBeside(form, 'Utfall').textContent()).toBe('Välj ett av alternativen.');
    await check(page, '15-close-refused');
    await form.getByLabel('Utfall').selectOption({ label: 'Kvarboende' });
    await send(page, form, 'Avsluta ärendet');
    form = page.locator('#act-avsluta form');
    expect(await form.locator('#avsluta-cancel-error').textContent()).toContain(`Ärendet har ${openSteps} öppna nästa steg.`);
    await form.getByLabel('Avbryt ärendets öppna nästa steg').check();
    await send(page, form, 'Avsluta ärendet');
    expect(await page.textContent('.notice.ok')).toContain('Ärendet är avslutat.');
    expect(await api(`/cases/${id}`)).toMatchObject({ status: 'closed', outcome: 'lease_kept', closedOn: today });
    await check(page, '16-closed');

    form = await unfold(page, 'Öppna ärendet igen');
    await form.getByLabel('Skäl').fill('ab');
    await send(page, form, 'Öppna igen');
    form = page.locator('#act-oppna form');
    expect(await errorBeside(form, 'Skäl').textContent()).toBe('Minst 3 tecken.');
    await form.getByLabel('Skäl').fill('Avslutades av misstag');
    await send(page, form, 'Öppna igen');
    expect(await page.textContent('.notice.ok')).toContain('Ärendet är öppnat igen.');
    const reopened = await api(`/cases/${id}`);
    expect(reopened.status).toBe('open');
    expect(reopened.timeline.at(-1)).toMatchObject({
      kind: 'case_reopened',
      data: expect.objectContaining({ reason: 'Avslutades av misstag' }),
    });
    await context.close();
  }, 180000);

  it('records a consent for two landlords and withdraws one; shows what was shared with whom', async () => {
    const { context, page } = await signedIn('Anna Samuelsson');
    const id = await caseOf('Sofia Petrović');
    await page.goto(`${base}/arenden/${id}`);
    expect(await page.textContent('section[aria-labelledby="consents"]')).toContain(
      'Inget har lämnats till eller tagits emot från någon hyresvärd.',
    );
    let form = await unfold(page, 'Registrera ett samtycke');
    const landlords = form.locator('fieldset', { hasText: 'Hyresvärd eller hyresvärdar' }).locator('input[type="checkbox"]');
    await form.getByLabel('Dokumenterat av och var').fill('Anna Samuelsson, journalanteckning');
    await send(page, form, 'Spara samtycket');
    form = page.locator('#act-samtycke form');
    expect(await form.locator('fieldset.has-error', { hasText: 'Vad som får lämnas ut' }).locator('.error').textContent()).toBe(
      'Välj minst en kategori.',
    );
    await check(page, '17-consent-refused');
    for (let i = 0; i < (await landlords.count()); i++) await landlords.nth(i).uncheck();
    const chosen: string[] = [];
    for (const i of [0, 1]) {
      await landlords.nth(i).check();
      chosen.push((await landlords.nth(i).getAttribute('value')) as string);
    }
    await form.getByLabel('Skuldläge').check();
    await form.getByLabel('Avbetalningsplan', { exact: true }).check();
    await form.getByLabel('Form', { exact: true }).selectOption({ label: 'Muntligt' });
    await form.getByLabel('Gäller till och med').fill(addDays(today, 90));
    await send(page, form, 'Spara samtycket');
    expect(await page.textContent('.notice.ok')).toContain('Samtycket är registrerat.');
    let detail = await api(`/cases/${id}`);
    const fresh = detail.consents.filter((c: { documentedBy: string }) => c.documentedBy === 'Anna Samuelsson, journalanteckning');
    // The form names each landlord by its id in the register.
    const register: Array<{ id: string; orgNumber: string }> = await api('/landlords');
    const chosenNumbers = chosen.map((value) => register.find((l) => l.id === value)?.orgNumber);
    expect(fresh.map((c: { landlord: { orgNumber: string } }) => c.landlord.orgNumber).sort()).toEqual(chosenNumbers.sort());
    expect(fresh[0]).toMatchObject({
      categories: ['arrears_status', 'repayment_plan'],
      form: 'oral',
      validUntil: addDays(today, 90),
      status: 'valid',
    });

    form = page.locator(`form[action*="/samtycken/${fresh[0].id}/aterkalla"]`);
    await form.getByLabel('Återkallat').fill(addDays(today, -1));
    await send(page, form, 'Återkalla');
    form = page.locator(`form[action*="/samtycken/${fresh[0].id}/aterkalla"]`);
    expect(await errorBeside(form, 'Återkallat').textContent()).toBe(`Datumet får inte vara före den dag samtycket lämnades (${today}).`);
    await check(page, '18-withdraw-refused');
    await form.getByLabel('Återkallat').fill(today);
    await send(page, form, 'Återkalla');
    expect(await page.textContent('.notice.ok')).toContain('Samtycket är återkallat.');
    detail = await api(`/cases/${id}`);
    expect(detail.consents.find((c: { id: string }) => c.id === fresh[0].id)).toMatchObject({ status: 'withdrawn', withdrawnOn: today });
    await check(page, '19-consents');
    await context.close();
  }, 180000);

  it('a unit representative records follow-up but sees no coordinator action, and the server refuses them', async () => {
    const { context, page } = await signedIn('Johan Berg');
    const id = await caseOf('Fatima Omar');
    await page.goto(`${base}/arenden/${id}`);
    expect(await page.locator('details.action summary', { hasText: 'Rätta adress' }).count()).toBe(0);
    expect(await page.locator(`a[href="/arenden/${id}/sla-ihop"]`).count()).toBe(0);
    // The demo district does not let unit representatives close cases.
    expect(await page.locator('details.action summary', { hasText: 'Avsluta ärendet' }).count()).toBe(0);
    await check(page, '20-unit-rep');
    const form = await unfold(page, 'Registrera aktuell skuld');
    await form.getByLabel('Skuld (kr)').fill('9000');
    await send(page, form, 'Spara skulden');
    expect(await page.textContent('.notice.ok')).toContain('Skulden är registrerad.');
    expect((await api(`/cases/${id}`)).balances.at(-1)).toMatchObject({ arrearsSek: 9000, createdBy: 'demo-ekb' });

    const csrf = await page.locator('input[name="_csrf"]').first().inputValue();
    for (const [path, body] of [
      ['rattelse', { 'address.street': 'Annanväg 1', reason: 'Försök' }],
      ['avsluta', { on: today, outcome: 'lease_kept' }],
      ['sla-ihop', { intoCaseId: id, reason: 'Försök' }],
    ] as const) {
      const res = await page.request.post(`${base}/arenden/${id}/${path}`, { form: { ...body, _csrf: csrf }, maxRedirects: 0 });
      expect([path, res.status()]).toEqual([path, 403]);
      expect(await res.text()).toContain('Inte tillåtet');
    }
    expect(await api(`/cases/${id}`)).toMatchObject({ status: 'open' });
    await context.close();
  }, 180000);

  it('refuses a follow-up form without the session’s CSRF token, and another district’s case as not found', async () => {
    const { context, page } = await signedIn('Anna Samuelsson');
    const id = await caseOf('Linda Ek');
    await page.goto(`${base}/arenden/${id}`);
    const csrf = await page.locator('input[name="_csrf"]').first().inputValue();
    const count = async () => (await t.dataSource.query('SELECT count(*)::int AS n FROM case_balance'))[0].n;
    const before = await count();
    for (const token of [undefined, 'gissning']) {
      const res = await page.request.post(`${base}/arenden/${id}/saldo`, {
        form: { on: today, arrearsSek: '100', source: 'client', ...(token ? { _csrf: token } : {}) },
        maxRedirects: 0,
      });
      expect(res.status()).toBe(403);
      expect(await res.text()).toContain('Formuläret kunde inte tas emot');
    }
    const crossSite = await page.request.post(`${base}/arenden/${id}/saldo`, {
      form: { on: today, arrearsSek: '100', source: 'client', _csrf: csrf },
      headers: { Origin: 'https://evil.example' },
      maxRedirects: 0,
    });
    expect(crossSite.status()).toBe(403);
    // Another district's case: not found, as in the API, and nothing written to it.
    const foreign = await page.request.post(`${base}/arenden/${foreignCase}/saldo`, {
      form: { on: today, arrearsSek: '100', source: 'client', _csrf: csrf },
      maxRedirects: 0,
    });
    expect(foreign.status()).toBe(404);
    const foreignText = await foreign.text();
    expect(foreignText).toContain('Sidan finns inte');
    expect(foreignText).not.toContain('Xena');
    expect(await count()).toBe(before);
    await page.goto(`${base}/arenden/${foreignCase}/sla-ihop`);
    expect(await page.textContent('h1')).toBe('Sidan finns inte');
    await check(page, '21-foreign-not-found');
    // With its token, from this site, the same form is taken.
    const ok = await page.request.post(`${base}/arenden/${id}/saldo`, {
      form: { on: today, arrearsSek: '100', source: 'client', _csrf: csrf },
      maxRedirects: 0,
    });
    expect([ok.status(), ok.headers().location]).toEqual([303, `/arenden/${id}?sparat=saldo#act-saldo`]);
    expect(await count()).toBe(before + 1);
    await context.close();
  }, 180000);

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
    // Refused forms answer 400, 403, 404 or 409 on purpose (Chromium logs that); anything else is an error of the page.
    expect(consoleErrors.filter((e) => !/status of (400|403|404|409)/.test(e))).toEqual([]);
  });
});
