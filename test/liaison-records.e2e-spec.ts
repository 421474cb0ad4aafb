import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { chromium } from 'playwright-core';
import { addDays, parseTerm, previousTermCode, termOf, todayInStockholm } from '@bosam/calendar';
import { LiaisonService } from '@bosam/landlords';
import { CHROMIUM_PATH, pdfPageCount, printToPdf } from '@bosam/platform';
import { createTestApp, TestApp } from './support/app';
import { notificationBody, orgNumber, TEST_LANDLORD } from './support/factories';
import { DistrictFixture, newDistrict } from './support/meeting-factories';

/**
 * Landlord liaison as the coordinator and the landlord meet it: the landlord's agenda as a printed Swedish
 * document (opened in Chromium, printed to PDF), the general part over this term and the last, sessions as
 * records (planned, held with attendance, cancelled) with exchanges tied to them, the two-sessions-a-term
 * warning, and the district's consents at a glance.
 */

const run = promisify(execFile);
const CHROMIUM = CHROMIUM_PATH;
const hasChromium = existsSync(CHROMIUM);
const hasPdfToText = existsSync('/usr/bin/pdftotext');
if (!hasChromium)
  process.stdout.write(`SKIPPED: the landlord agenda is not opened in a browser: ${CHROMIUM} is missing (apt-get install -y chromium).\n`);
const inChromium = hasChromium ? it : it.skip;

const today = todayInStockholm();
const term = parseTerm(termOf(today));
const previous = parseTerm(previousTermCode(term.code));
const OTHER = { orgNumber: orgNumber(654331), name: 'Grannhem AB', municipal: true };
const ALL = ['arrears_status', 'repayment_plan', 'social_services_contact', 'support_measures', 'household'];
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

describe('landlord liaison: the document, the records, the consents', () => {
  let t: TestApp;
  let d: DistrictFixture;
  let sessionId: string;
  const personnummer: string[] = [];
  const cases: Record<string, string> = {};
  const consents: Record<string, string> = {};

  async function newCase(name: string, overrides: Record<string, unknown> = {}): Promise<string> {
    const body = notificationBody({
      district: 'LRX',
      receivedOn: today,
      tenantServedOn: addDays(today, -2),
      boardNotifiedOn: addDays(today, -1),
      ...overrides,
    });
    const tenants = body.tenants as Array<{ personnummer: string; name: string }>;
    tenants[0].name = name;
    personnummer.push(tenants[0].personnummer);
    return (await t.http().post('/api/v1/notifications').set('Authorization', d.coordinator).send(body).expect(201)).body.caseId;
  }
  const consent = async (caseId: string, body: Record<string, unknown> = {}): Promise<string> =>
    (
      await t
        .http()
        .post(`/api/v1/cases/${caseId}/consents`)
        .set('Authorization', d.coordinator)
        .send({
          landlordOrgNumber: TEST_LANDLORD.orgNumber,
          categories: ALL,
          givenOn: addDays(today, -20),
          form: 'written',
          documentedBy: 'Handläggare',
          ...body,
        })
        .expect(201)
    ).body.id;
  const plan = async (on: string, landlords = [TEST_LANDLORD.orgNumber, OTHER.orgNumber]): Promise<string> =>
    (
      await t
        .http()
        .post('/api/v1/liaison-sessions')
        .set('Authorization', d.coordinator)
        .send({ district: 'LRX', on, landlordOrgNumbers: landlords })
        .expect(201)
    ).body.id;
  const exchange = (body: Record<string, unknown>) =>
    t
      .http()
      .post('/api/v1/landlord-exchanges')
      .set('Authorization', d.coordinator)
      .send({
        caseId: cases.full,
        landlordOrgNumber: TEST_LANDLORD.orgNumber,
        direction: 'to_landlord',
        categories: ['arrears_status'],
        summary: 'Skuldläget gicks igenom.',
        ...body,
      });

  beforeAll(async () => {
    t = await createTestApp();
    d = await newDistrict(t, 'LRX', ['EKB']);
    await newDistrict(t, 'LRY', ['EKB']);
    const admin = await t.auth('admin', 'LRX');
    for (const landlord of [TEST_LANDLORD, OTHER])
      await t.http().post('/api/v1/landlords').set('Authorization', admin).send(landlord).expect(201);

    cases.full = await newCase('Astrid Ärlig', {
      childrenInHousehold: 2,
      arrearsSek: 12345.5,
      address: { street: 'Allégatan 3', postalCode: '128 33', city: 'Skarpnäck', apartment: '1201' },
    });
    consents.full = await consent(cases.full, { validUntil: addDays(today, 10) });
    cases.household = await newCase('Bertil Bra', {
      childrenInHousehold: 0,
      address: { street: 'Bygatan 9', postalCode: '128 33', city: 'Skarpnäck', apartment: '1001' },
    });
    consents.household = await consent(cases.household, { categories: ['household'] });
    cases.protected = await newCase('Cecilia Skyddad', { protectedIdentity: true });
    consents.protected = await consent(cases.protected, { validUntil: addDays(today, 100) });
    cases.none = await newCase('Dagny Utan');
    cases.withdrawn = await newCase('Erik Återkallad');
    consents.withdrawn = await consent(cases.withdrawn, { landlordOrgNumber: OTHER.orgNumber });
    await t
      .http()
      .post(`/api/v1/consents/${consents.withdrawn}/withdraw`)
      .set('Authorization', d.coordinator)
      .send({ on: today })
      .expect(200);
    cases.expired = await newCase('Frida Utgången');
    consents.expired = await consent(cases.expired, {
      givenOn: addDays(today, -40),
      validUntil: addDays(today, -1),
      categories: ['household'],
    });

    // The previous term: six arrears notices and two disturbance notices from the landlord, and one eviction carried out.
    for (let i = 0; i < 8; i += 1) {
      const on = addDays(previous.from, 10 + i);
      const caseId = await newCase(`Tidigare Hushåll ${i}`, {
        receivedOn: on,
        tenantServedOn: on,
        boardNotifiedOn: on,
        ...(i >= 6
          ? { source: 'landlord_disturbance', arrearsSek: 0, monthsInArrears: null, tenantServedOn: null, boardNotifiedOn: null }
          : {}),
      });
      if (i === 0) {
        await t.dataSource.query(`UPDATE household_case SET status = 'closed', outcome = 'evicted', closed_on = $2 WHERE id = $1`, [
          caseId,
          addDays(previous.to, -5),
        ]);
      }
    }
    sessionId = await plan(today);
  });
  afterAll(() => t.close());

  describe('the landlord’s agenda', () => {
    let body: Record<string, any>;
    let html: string;
    let csp: string;

    beforeAll(async () => {
      body = (
        await t
          .http()
          .get(`/api/v1/liaison-sessions/${sessionId}/agenda?landlord=${TEST_LANDLORD.orgNumber}`)
          .set('Authorization', d.coordinator)
          .expect(200)
      ).body;
      const res = await t
        .http()
        .get(`/api/v1/liaison-sessions/${sessionId}/agenda.html?landlord=${TEST_LANDLORD.orgNumber}`)
        .set('Authorization', d.coordinator)
        .expect(200);
      expect(res.headers['content-type']).toMatch(/^text\/html; charset=utf-8/);
      html = res.text;
      csp = String(res.headers['content-security-policy']);
    });

    it('numbers the consented cases per session, names the date and the parties', () => {
      expect(body.cases.map((c: { number: number; tenantNames: string[] }) => [c.number, c.tenantNames])).toEqual([
        [1, ['Astrid Ärlig']],
        [2, ['Bertil Bra']],
      ]);
      expect(body).toMatchObject({ on: today, status: 'planned', district: { code: 'LRX', name: 'Distrikt LRX' } });
      expect(body.parties.map((p: { name: string }) => p.name)).toEqual([OTHER.name, TEST_LANDLORD.name]);
    });

    it('gives the general part for this term and the last in counts, 1–4 as "<5", and no person', () => {
      expect(body.general).toMatchObject({
        term: term.code,
        previousTerm: previous.code,
        noticesPreviousTerm: '8',
        noticesPreviousTermBySource: { landlord_arrears: '6', landlord_disturbance: '<5', enforcement_application: '0' },
        evictionsPreviousTerm: '<5',
        evictionsThisTerm: '0',
      });
      expect(JSON.stringify(body.general)).not.toMatch(/Tidigare|Hushåll|\d{6}-\d{4}/);
    });

    it('prints as a Swedish document: Swedish category names, no ids, no identity numbers, only consented cases and categories', () => {
      expect(html).toMatch(/^<!DOCTYPE html>\n<html lang="sv">/);
      for (const text of [
        'Hyresvärdsmöte',
        'Parter',
        'Distrikt LRX',
        TEST_LANDLORD.name,
        'Allmän del',
        'Ärende 1',
        'Ärende 2',
        'Astrid Ärlig',
        'Allégatan 3, lgh 1201',
        'Skuldläge',
        'Avbetalningsplan',
        'Kontakt med socialtjänsten',
        'Stödinsatser',
        'Hushållet',
        '12\u00a0345,50\u00a0kr',
        'Anteckningar',
        `Termin ${previous.code}`,
        '&lt;5',
      ]) {
        expect([text, html.includes(text)]).toEqual([text, true]);
      }
      expect(html).not.toMatch(UUID);
      for (const code of ALL) expect(html).not.toContain(code);
      for (const number of personnummer) {
        expect(html).not.toContain(number.slice(2, 8));
      }
      for (const name of ['Cecilia', 'Dagny', 'Erik', 'Frida', 'Tidigare', 'EKB'])
        expect([name, html.includes(name)]).toEqual([name, false]);
      // Bertil consented to the household only: his part of the page has nothing else.
      const bertil = html.slice(html.indexOf('Ärende 2'));
      expect(bertil).toContain('Inga barn i hushållet');
      expect(bertil).not.toContain('Skuldläge');
    });

    it('uses the shared print stylesheet only, which the Content-Security-Policy allows by its hash (no inline script)', () => {
      const styles = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1]);
      expect(styles).toHaveLength(1);
      expect(csp).toContain(`'sha256-${createHash('sha256').update(styles[0]).digest('base64')}'`);
      expect(html).not.toContain('<script');
      expect(html).not.toMatch(/ style="/);
    });

    inChromium(
      'opens in Chromium as a person would, and prints to a PDF through the same print path as the agenda',
      async () => {
        const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
        try {
          const page = await browser.newPage();
          await page.setContent(html, { waitUntil: 'load' });
          expect(await page.title()).toContain(`Hyresvärdsmöte`);
          const text = await page.locator('body').innerText();
          expect(text).toContain('Ärende 1');
          expect(text).toContain('Kontakt med socialtjänsten');
          expect(text).not.toMatch(UUID);
          const pdf = await printToPdf(html);
          expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
          expect(pdfPageCount(pdf)).toBeGreaterThanOrEqual(1);
          if (hasPdfToText) {
            const dir = mkdtempSync(join(tmpdir(), 'bosam-liaison-'));
            writeFileSync(join(dir, 'agenda.pdf'), pdf);
            await run('/usr/bin/pdftotext', ['-layout', join(dir, 'agenda.pdf'), join(dir, 'agenda.txt')]);
            const printed = readFileSync(join(dir, 'agenda.txt'), 'utf8');
            for (const words of ['Hyresvärdsmöte', 'Ärende 1', 'Astrid Ärlig', 'Skuldläge', 'sida 1 av', 'Sekretess enligt OSL'])
              expect([words, printed.includes(words)]).toEqual([words, true]);
            expect(printed).not.toMatch(UUID);
            expect(printed).not.toContain('Cecilia');
          }
        } finally {
          await browser.close();
        }
      },
      60000,
    );

    it('is the coordinator’s only, and audited as an export naming the cases shown', async () => {
      const rows = await t.dataSource.query(
        `SELECT action, case_ids FROM audit_log WHERE entity_type = 'liaison_agenda' AND route = 'GET /api/v1/liaison-sessions/:id/agenda.html' AND $1 = ANY(entity_ids)`,
        [sessionId],
      );
      expect(rows).toHaveLength(1);
      expect([...rows[0].case_ids].sort()).toEqual([cases.full, cases.household].sort());
      const rep = await t.auth('unit_rep', 'LRX', 'EKB');
      await t
        .http()
        .get(`/api/v1/liaison-sessions/${sessionId}/agenda.html?landlord=${TEST_LANDLORD.orgNumber}`)
        .set('Authorization', rep)
        .expect(403);
      await t
        .http()
        .get(`/api/v1/liaison-sessions/${sessionId}/agenda.html?landlord=${TEST_LANDLORD.orgNumber}`)
        .set('Authorization', await t.auth('coordinator', 'LRY'))
        .expect(404);
    });
  });

  describe('sessions as records', () => {
    it('records who came for each landlord, which makes the session held; ties exchanges to it with its date', async () => {
      const future = await plan(addDays(today, 200));
      const early = await t
        .http()
        .put(`/api/v1/liaison-sessions/${future}/attendance`)
        .set('Authorization', d.coordinator)
        .send({ landlords: [{ landlordOrgNumber: TEST_LANDLORD.orgNumber, attendees: ['Karin Förvaltare'] }] });
      expect([early.status, early.body.code]).toEqual([409, 'CONFLICT']);
      const stranger = await t
        .http()
        .put(`/api/v1/liaison-sessions/${sessionId}/attendance`)
        .set('Authorization', d.coordinator)
        .send({ landlords: [{ landlordOrgNumber: orgNumber(654399), attendees: [] }] });
      expect([stranger.status, stranger.body.errors?.[0]?.field]).toEqual([400, 'landlords[0].landlordOrgNumber']);

      const held = await t
        .http()
        .put(`/api/v1/liaison-sessions/${sessionId}/attendance`)
        .set('Authorization', d.coordinator)
        .send({
          landlords: [
            { landlordOrgNumber: TEST_LANDLORD.orgNumber, attendees: ['Karin Förvaltare', 'Olle Kundansvarig'] },
            { landlordOrgNumber: OTHER.orgNumber, attendees: [] },
          ],
        })
        .expect(200);
      expect(held.body).toMatchObject({
        status: 'held',
        landlords: [
          { name: OTHER.name, attendees: [] },
          { name: TEST_LANDLORD.name, attendees: ['Karin Förvaltare', 'Olle Kundansvarig'] },
        ],
      });

      const tied = await exchange({ sessionId }).expect(201);
      expect(tied.body).toMatchObject({ on: today, sessionId, who: 'Test coordinator' });
      const wrongDate = await exchange({ sessionId, on: addDays(today, -1) });
      expect([wrongDate.status, wrongDate.body.errors?.[0]?.field]).toEqual([400, 'on']);
      const noDate = await exchange({});
      expect([noDate.status, noDate.body.errors?.[0]?.field]).toEqual([400, 'on']);

      const detail = await t
        .http()
        .get(`/api/v1/liaison-sessions/${sessionId}`)
        .set('Authorization', await t.auth('unit_rep', 'LRX', 'EKB'))
        .expect(200);
      expect(detail.body.exchanges).toEqual([
        expect.objectContaining({
          id: tied.body.id,
          caseId: cases.full,
          on: today,
          direction: 'to_landlord',
          categories: ['arrears_status'],
          who: 'Test coordinator',
        }),
      ]);
      // The case shows the disclosure with the session.
      const onCase = await t.http().get(`/api/v1/cases/${cases.full}`).set('Authorization', d.coordinator).expect(200);
      expect(onCase.body.exchanges).toEqual([expect.objectContaining({ id: tied.body.id, sessionId, on: today, who: 'Test coordinator' })]);

      // The printed agenda of a held session names who came.
      const html = (
        await t
          .http()
          .get(`/api/v1/liaison-sessions/${sessionId}/agenda.html?landlord=${TEST_LANDLORD.orgNumber}`)
          .set('Authorization', d.coordinator)
          .expect(200)
      ).text;
      expect(html).toContain('Karin Förvaltare, Olle Kundansvarig');
      expect(html).toContain('ingen närvarande');

      const cancelHeld = await t
        .http()
        .post(`/api/v1/liaison-sessions/${sessionId}/cancel`)
        .set('Authorization', d.coordinator)
        .send({ reason: 'x' });
      expect(cancelHeld.status).toBe(409);
      const cancelled = await t
        .http()
        .post(`/api/v1/liaison-sessions/${future}/cancel`)
        .set('Authorization', d.coordinator)
        .send({ reason: 'Hyresvärdarna kunde inte' })
        .expect(200);
      expect(cancelled.body).toMatchObject({ status: 'cancelled', cancelReason: 'Hyresvärdarna kunde inte' });
      expect(
        (await t.http().post(`/api/v1/liaison-sessions/${future}/cancel`).set('Authorization', d.coordinator).send({ reason: 'igen' }))
          .status,
      ).toBe(409);
    });

    it('warns when fewer than two sessions are held or planned in the term, for the start page and in the evaluation', async () => {
      const liaison = t.app.get(LiaisonService);
      const before = await liaison.termOverview('LRX', term.code);
      expect(before).toMatchObject({
        term: term.code,
        held: 1,
        planned: 0,
        warning: { code: 'few_liaison_sessions', text: expect.stringContaining('bara ett') },
      });
      const evaluation = (
        await t.http().get(`/api/v1/districts/LRX/terms/${term.code}/indicators`).set('Authorization', d.coordinator).expect(200)
      ).body;
      expect(evaluation.warnings).toEqual([before.warning!.text]);

      const second = await plan(term.to > today ? addDays(today, 1) : today);
      expect((await liaison.termOverview('LRX', term.code)).warning).toBeNull();
      expect(
        (await t.http().get(`/api/v1/districts/LRX/terms/${term.code}/indicators`).set('Authorization', d.coordinator).expect(200)).body
          .warnings,
      ).toEqual([]);
      await t
        .http()
        .post(`/api/v1/liaison-sessions/${second}/cancel`)
        .set('Authorization', d.coordinator)
        .send({ reason: 'Flyttas' })
        .expect(200);
      expect(await liaison.termOverview('LRX', term.code)).toMatchObject({
        held: 1,
        planned: 0,
        cancelled: 1,
        warning: { code: 'few_liaison_sessions' },
      });
    });
  });

  describe('consents at a glance', () => {
    const list = (query = '', auth = d.coordinator) => t.http().get(`/api/v1/consents${query}`).set('Authorization', auth);

    it('lists the district’s consents, those ending within 30 days first, with names and no identity numbers', async () => {
      const res = await list().expect(200);
      expect(res.body[0]).toMatchObject({
        id: consents.full,
        status: 'valid',
        daysLeft: 10,
        expiringSoon: true,
        tenantNames: ['Astrid Ärlig'],
      });
      expect(res.body.map((c: { id: string }) => c.id).sort()).toEqual(Object.values(consents).sort());
      expect(res.body.filter((c: { expiringSoon: boolean }) => c.expiringSoon)).toHaveLength(1);
      const text = JSON.stringify(res.body);
      for (const number of personnummer) expect(text).not.toContain(number.slice(2, 8));
    });

    it('filters by landlord, status and days to expiry', async () => {
      const ids = async (query: string) => (await list(query).expect(200)).body.map((c: { id: string }) => c.id).sort();
      expect(await ids(`?landlord=${OTHER.orgNumber}`)).toEqual([consents.withdrawn]);
      expect(await ids('?status=withdrawn')).toEqual([consents.withdrawn]);
      expect(await ids('?status=expired')).toEqual([consents.expired]);
      expect(await ids(`?landlord=${TEST_LANDLORD.orgNumber}&status=valid`)).toEqual(
        [consents.full, consents.household, consents.protected].sort(),
      );
      expect(await ids('?expiringWithinDays=30')).toEqual([consents.full]);
      expect(await ids('?expiringWithinDays=100')).toEqual([consents.full, consents.protected].sort());
    });

    it('answers 400 naming the field for a bad filter, 404 for another district, and refuses roles without case access', async () => {
      for (const [query, field] of [
        ['?status=happy', 'status'],
        ['?landlord=123', 'landlord'],
        ['?expiringWithinDays=-1', 'expiringWithinDays'],
      ]) {
        const res = await list(query);
        expect([query, res.status, res.body.errors?.[0]?.field]).toEqual([query, 400, field]);
      }
      expect((await list('?district=LRX', await t.auth('coordinator', 'LRY'))).status).toBe(404);
      expect((await list('', await t.auth('coordinator', 'LRY'))).body).toEqual([]);
      await list('', await t.auth('unit_rep', 'LRX', 'EKB')).expect(200);
      for (const role of ['evaluator', 'admin', 'auditor'] as const)
        expect([role, (await list('', await t.auth(role, 'LRX'))).status]).toEqual([role, 403]);
    });
  });
});
