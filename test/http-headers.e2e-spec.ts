import { existsSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { chromium } from 'playwright-core';
import request from 'supertest';
import { createTestApp, TestApp } from './support/app';
import { DistrictFixture, newCase, newDistrict, newMeeting } from './support/meeting-factories';

const CHROMIUM = '/usr/bin/chromium';
const inChromium = existsSync(CHROMIUM) ? it : it.skip;

/** The directives of a Content-Security-Policy header, by name. */
function csp(header: string | undefined): Record<string, string[]> {
  const directives: Record<string, string[]> = {};
  for (const part of (header ?? '').split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) directives[name] = values;
  }
  return directives;
}

describe('HTTP hygiene: security headers on every kind of response', () => {
  let t: TestApp;
  let d: DistrictFixture;
  let meetingId: string;
  let base: string;

  beforeAll(async () => {
    t = await createTestApp();
    d = await newDistrict(t, 'HDR');
    await newCase(t, d, { name: 'Greta Gren', street: 'Synligvägen 4' });
    meetingId = await newMeeting(t, d, '2027-03-02T09:00:00+01:00');
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
  });
  afterAll(() => t.close());

  const kinds: Array<[string, () => request.Test, RegExp]> = [
    ['JSON', () => t.http().get(`/api/v1/cases?district=HDR&status=open`).set('Authorization', d.coordinator), /application\/json/],
    ['a problem (401)', () => t.http().get('/api/v1/cases?district=HDR'), /application\/problem\+json/],
    [
      'a problem (400)',
      () => t.http().get('/api/v1/cases?district=HDR&status=nonsense').set('Authorization', d.coordinator),
      /application\/problem\+json/,
    ],
    ['the HTML agenda', () => t.http().get(`/api/v1/meetings/${meetingId}/agenda.html`).set('Authorization', d.coordinator), /text\/html/],
    ['a file download', () => t.http().get('/api/v1/notification-imports/template.csv').set('Authorization', d.coordinator), /text\/csv/],
    ['a 404 of no route', () => t.http().get('/api/v1/no-such-route'), /application\/problem\+json/],
    [
      'a 404 of a router refusal',
      () =>
        t
          .http()
          .get(`/api/v1/cases/${'x'.repeat(200)}`)
          .set('Authorization', d.coordinator),
      /application\/problem\+json/,
    ],
    ['health', () => t.http().get('/health/live'), /application\/json/],
  ];

  it.each(kinds)('%s: nosniff, no-store, no referrer, no framing, a CSP without inline script', async (_kind, send, type) => {
    const res = await send();
    expect(res.headers['content-type']).toMatch(type);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    const policy = csp(res.headers['content-security-policy']);
    expect(policy['frame-ancestors']).toEqual(["'none'"]);
    expect(policy['script-src']).toEqual(["'self'"]);
    expect(policy['default-src']).toEqual(["'self'"]);
    expect(policy['style-src']).not.toContain("'unsafe-inline'");
    expect(policy['object-src']).toEqual(["'none'"]);
  });

  it('the API docs get what Swagger UI needs (its own inline styles), and nothing more', async () => {
    const res = await t.http().get('/api/docs').expect(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    const policy = csp(res.headers['content-security-policy']);
    expect(policy['script-src']).toEqual(["'self'"]);
    expect(policy['frame-ancestors']).toEqual(["'none'"]);
    // Every script of the page is a file of the same origin.
    expect(res.text.match(/<script(?![^>]*\bsrc=)[^>]*>/g) ?? []).toEqual([]);
  });

  inChromium(
    'Swagger UI still loads in a browser under the policy, with no violation',
    async () => {
      const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
      try {
        const page = await browser.newPage();
        const violations: string[] = [];
        page.on('console', (message) => {
          if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
        });
        await page.goto(`${base}/api/docs`);
        await page.waitForSelector('.swagger-ui .information-container .title', { timeout: 30000 });
        await page.waitForSelector('.opblock', { timeout: 30000 });
        expect(violations).toEqual([]);
      } finally {
        await browser.close();
      }
    },
    90000,
  );

  inChromium(
    'the printable agenda keeps its style under the policy, with no violation',
    async () => {
      const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
      try {
        const page = await browser.newPage({ extraHTTPHeaders: { Authorization: d.coordinator } });
        const violations: string[] = [];
        page.on('console', (message) => {
          if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
        });
        await page.goto(`${base}/api/v1/meetings/${meetingId}/agenda.html`);
        const color = await page.$eval('h1', (h1) => getComputedStyle(h1).color);
        expect(color).toBe('rgb(29, 59, 90)');
        expect(violations).toEqual([]);
      } finally {
        await browser.close();
      }
    },
    90000,
  );
});
