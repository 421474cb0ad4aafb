import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { chromium } from 'playwright-core';
import { todayInStockholm } from '@bosam/calendar';
import { chromiumAvailable, CHROMIUM_PATH, pdfPageCount, printToPdf } from '@bosam/platform';
import { DEMO_DISTRICT, loadDemo } from '../apps/cli/src/demo';
import { createTestApp, TestApp } from './support/app';
import { DistrictFixture, newCase, newDistrict, newMeeting } from './support/meeting-factories';

const run = promisify(execFile);
if (!chromiumAvailable()) {
  // The page itself is still checked below; only the browser rendering needs Chromium.
  process.stdout.write(
    `SKIPPED: the printable agenda is not rendered in a browser: ${CHROMIUM_PATH} is missing (apt-get install -y chromium).\n`,
  );
}
const inChromium = chromiumAvailable() ? it : it.skip;
const artifacts = mkdtempSync(join(tmpdir(), 'bosam-agenda-print-'));

/** The text of each page of a PDF (poppler's pdftotext; form feeds between pages), or null without it. */
async function pageTexts(pdf: Buffer, name: string): Promise<string[] | null> {
  const file = join(artifacts, `${name}.pdf`);
  writeFileSync(file, pdf);
  if (!existsSync('/usr/bin/pdftotext')) return null;
  const { stdout } = await run('/usr/bin/pdftotext', ['-layout', file, '-']);
  return stdout.split('\f').filter((page) => page.trim().length > 0);
}

describe('meetings: the printable agenda', () => {
  let t: TestApp;
  let d: DistrictFixture;
  let html: string;

  beforeAll(async () => {
    t = await createTestApp();
    d = await newDistrict(t, 'PRN');
    await newCase(t, d, {
      children: 3,
      arrearsSek: 12345.5,
      deadline: { dueOn: '2027-03-20' },
      units: ['EKB', 'VUX'],
      name: 'Greta <Gren>',
      street: 'Synligvägen 4',
    });
    await newCase(t, d, { protectedIdentity: true, arrearsSek: 800, name: 'Hemlig Person', street: 'Hemligvägen 9', units: ['BOF'] });
    for (let i = 0; i < 12; i += 1) {
      await newCase(t, d, {
        arrearsSek: 1000 + i,
        deadline: { dueOn: '2027-03-1' + (i % 9), estimated: i === 3 },
        units: ['EKB'],
        name: `Hushåll ${i}`,
      });
    }
    const meetingId = await newMeeting(t, d, '2027-03-02T09:00:00+01:00');
    const res = await t.http().get(`/api/v1/meetings/${meetingId}/agenda.html`).set('Authorization', d.coordinator).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/html; charset=utf-8/);
    html = res.text;
  });
  afterAll(() => t.close());

  it('is a Swedish A4 page with the secrecy marking, page numbers, a repeated header and no inline script', () => {
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toContain('<html lang="sv">');
    for (const label of ['Dagordning', 'Brådskande', 'Nya underrättelser', 'Uppföljning', 'Nästa steg', 'Anteckningar'])
      expect(html).toContain(label);
    expect(html).toContain('tisdag 2 mars 2027 kl. 09:00');
    expect(html).toContain('PRN');
    expect(html).toContain('Sekretess enligt OSL 26 kap. 1 §');
    expect(html).toMatch(/@page\s*{[^}]*size: A4/);
    expect(html).toContain('content: "sida " counter(page) " av " counter(pages)');
    expect(html).toMatch(/<thead>\s*<tr class="doc">/);
    expect(html.match(/<tbody id="[a-z_]+" class="agenda-section"/g)).toHaveLength(4);
    expect(html).not.toMatch(/<script/i);
  });

  it('numbers the items, writes each legal rule once as a footnote, and amounts that never wrap', () => {
    expect(html).toMatch(/<td class="nr">1<\/td>/);
    expect(html).toMatch(/<td class="nr">14<\/td>/);
    expect(html.match(/jordabalken 12 kap\. 44 §/g)).toHaveLength(1);
    expect(html.match(/<sup>1<\/sup>/g)!.length).toBeGreaterThan(10);
    expect(html).toContain('Uppskattad: ett datum');
    expect(html).toContain('<td class="amount">12\u00a0345,50\u00a0kr</td>');
    expect(html).toMatch(/\.amount \{[^}]*white-space: nowrap/);
  });

  inChromium(
    'right-aligns amounts and counts when printed (the table rule does not override them)',
    async () => {
      const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: ['--no-sandbox'] });
      try {
        const page = await browser.newPage();
        await page.emulateMedia({ media: 'print' });
        await page.setContent(html, { waitUntil: 'load' });
        const aligns = await page.$$eval(
          'table.print td.amount, table.print th.amount, table.print td.num, table.print th.num, table.print td.nr',
          (cells) => cells.map((cell) => `${cell.className}: ${getComputedStyle(cell).textAlign}`),
        );
        expect(aligns.length).toBeGreaterThan(3 * 14);
        expect(aligns.filter((a) => !a.endsWith(': right'))).toEqual([]);
        // Everything else in the table still reads from the left.
        expect(await page.$eval('table.print tbody td:nth-child(2)', (cell) => getComputedStyle(cell).textAlign)).toBe('left');
      } finally {
        await browser.close();
      }
    },
    120000,
  );

  it('escapes what it shows, and shows no identity numbers and no address for a protected identity', () => {
    expect(html).toContain('Greta &lt;Gren>');
    expect(html).not.toContain('<Gren>');
    expect(html).not.toMatch(/\d{6}-?\d{4}/);
    expect(html).not.toMatch(/\d{8}-\*{4}/);
    expect(html).toContain('Synligvägen 4');
    expect(html).not.toContain('Hemligvägen');
    expect(html).toContain('Skyddad identitet');
  });

  inChromium(
    'prints in Chromium with "sida N av M" and the secrecy marking on every page',
    async () => {
      const pdf = await printToPdf(html);
      const pages = pdfPageCount(pdf);
      expect(pages).toBeGreaterThanOrEqual(1);
      const texts = await pageTexts(pdf, 'agenda');
      if (texts) {
        expect(texts).toHaveLength(pages);
        texts.forEach((text, i) => {
          expect(text).toContain(`sida ${i + 1} av ${pages}`);
          expect(text).toContain('Sekretess enligt OSL 26 kap. 1 §');
          expect(text).toContain('Dagordning, Bosam-möte');
        });
      }
    },
    120000,
  );
});

describe('meetings: the demo district’s first agenda on paper', () => {
  let t: TestApp;
  let html: string;

  beforeAll(async () => {
    t = await createTestApp();
    await loadDemo(t.app, todayInStockholm());
    const auth = await t.auth('coordinator', DEMO_DISTRICT);
    const meetings = (await t.http().get('/api/v1/meetings').set('Authorization', auth).expect(200)).body;
    html = (await t.http().get(`/api/v1/meetings/${meetings[0].id}/agenda.html`).set('Authorization', auth).expect(200)).text;
    writeFileSync(join(artifacts, 'demo-agenda.html'), html);
  });
  afterAll(() => t.close());

  it('plans an estimated window by its earliest end and shows the latest possible day beside it', () => {
    expect(html).toMatch(/uppskattad<sup>\d<\/sup>, senast \d{4}-\d{2}-\d{2}/);
  });

  inChromium(
    'fits on at most 4 A4 pages (Chromium print to PDF)',
    async () => {
      const pdf = await printToPdf(html);
      const pages = pdfPageCount(pdf);
      const texts = await pageTexts(pdf, 'demo-agenda');
      if (texts) writeFileSync(join(artifacts, 'demo-agenda.txt'), texts.map((p, i) => `--- page ${i + 1} ---\n${p}`).join('\n'));
      process.stdout.write(`demo agenda: ${pages} pages; PDF and text kept in ${artifacts}\n`);
      expect(pages).toBeLessThanOrEqual(4);
      if (texts) expect(texts[texts.length - 1]).toContain(`sida ${pages} av ${pages}`);
    },
    120000,
  );
});
