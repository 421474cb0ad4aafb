import ExcelJS from 'exceljs';
import request from 'supertest';
import { todayInStockholm } from '@bosam/calendar';
import { createTestApp, TestApp } from './support/app';
import { seedEvaluationCase, SeededCaseIds, seedContact, seedMeeting } from './support/evaluation-factories';
import { DistrictFixture, newDistrict } from './support/meeting-factories';
import { waitFor } from './support/wait';

const binary = (res: request.Response, callback: (error: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => callback(null, Buffer.concat(chunks)));
};

const NAME = 'Hemligsson Hemlig';
const STREET = 'Hemliggatan 7';

/**
 * Evaluation exports through the real job: every format, Swedish labels, small counts suppressed,
 * and nothing in any file that could point out a household.
 */
describe('termly evaluation exports', () => {
  let t: TestApp;
  let evx: DistrictFixture;
  const cases: SeededCaseIds[] = [];

  async function exportFile(format: 'csv' | 'json' | 'xlsx', auth = evx.coordinator): Promise<request.Response> {
    const created = await t
      .http()
      .post('/api/v1/evaluation-exports')
      .set('Authorization', auth)
      .send({ district: 'EVX', term: '2026-HT', format })
      .expect(202);
    const id = created.body.id as string;
    const done = await waitFor(
      async () => {
        const res = await t.http().get(`/api/v1/evaluation-exports/${id}`).set('Authorization', auth).expect(200);
        return ['done', 'failed'].includes(res.body.status) ? res.body : undefined;
      },
      20000,
      `export ${format}`,
    );
    expect(done).toMatchObject({ id, status: 'done', progress: 100, format, district: 'EVX', term: '2026-HT' });
    expect(done.finishedAt).toEqual(expect.any(String));
    const file = await t
      .http()
      .get(`/api/v1/evaluation-exports/${id}/file`)
      .set('Authorization', auth)
      .buffer(true)
      .parse(binary)
      .expect(200);
    expect(file.headers['content-disposition']).toBe(`attachment; filename="bosam-utvardering-EVX-2026-HT.${format}"`);
    return file;
  }

  function expectNoPersonalData(text: string): void {
    for (const c of cases) {
      expect(text).not.toContain(c.caseId);
      for (const id of c.notificationIds) expect(text).not.toContain(id);
      expect(text).not.toContain(c.personnummer);
      expect(text).not.toContain(`${c.personnummer.slice(2, 8)}-${c.personnummer.slice(8)}`);
    }
    expect(text).not.toContain('Hemlig');
    expect(text).not.toContain(STREET);
  }

  const reportDate = todayInStockholm() < '2026-12-31' ? todayInStockholm() : '2026-12-31';
  const complete = reportDate === '2026-12-31' && todayInStockholm() > '2026-12-31';

  beforeAll(async () => {
    t = await createTestApp({ worker: true });
    evx = await newDistrict(t, 'EVX', ['EKB']);
    for (let i = 0; i < 6; i += 1) {
      const evicted = i < 2;
      cases.push(
        await seedEvaluationCase(t, evx, {
          openedOn: `2026-08-0${i + 1}`,
          name: NAME,
          street: STREET,
          children: evicted ? 2 : 0,
          arrearsSek: 1000,
          ...(evicted ? { closedOn: '2026-09-30', outcome: 'evicted' } : {}),
        }),
      );
    }
    await seedMeeting(t, evx, {
      heldOn: '2026-08-11',
      notificationIds: cases.flatMap((c) => c.notificationIds),
      attendance: [{ unit: 'EKB', role: 'assistant_head', withMandate: true }],
    });
    for (const c of cases.slice(2)) await seedContact(t, c.caseId, '2026-08-09', true);
    await seedContact(t, cases[0].caseId, '2026-08-03', false);
    await t
      .http()
      .put('/api/v1/districts/EVX/terms/2026-HT/targets')
      .set('Authorization', evx.coordinator)
      .send({
        targets: [
          { indicator: 'evictionsAffectingChildren', comparator: '=', value: 0 },
          { indicator: 'casesOpened', comparator: '>=', value: 5 },
        ],
      })
      .expect(200);
    // A decision that names a household by its number and a tenant by name, by mistake: the export carries the decision, neither of those.
    await t
      .http()
      .post('/api/v1/districts/EVX/terms/2026-HT/decisions')
      .set('Authorization', evx.coordinator)
      .send({ text: `Följ upp rutinen för ärenden som ${cases[0].personnummer} och ${NAME}`, owner: 'Enhetschef EKB', dueOn: '2027-02-01' })
      .expect(201);
    // The spring term's decision, done since: followed up in the autumn's export.
    const spring = await t
      .http()
      .post('/api/v1/districts/EVX/terms/2026-VT/decisions')
      .set('Authorization', evx.coordinator)
      .send({ text: 'Hembesök inom 14 dagar (Hemligsson)', owner: 'Enhetschef EKB', dueOn: '2026-09-01' })
      .expect(201);
    await t
      .http()
      .patch(`/api/v1/evaluation-decisions/${spring.body.id}`)
      .set('Authorization', evx.coordinator)
      .send({ status: 'done' })
      .expect(200);
  });
  afterAll(() => t.close());

  it('writes a CSV Swedish Excel opens: BOM, header lines with the cut-off and status, one table, Swedish numbers, "<5" apart from the values', async () => {
    const file = await exportFile('csv');
    expect(file.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
    const body = file.body as Buffer;
    expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = body.toString('utf8').slice(1);
    expectNoPersonalData(text);
    const lines = text.split('\r\n').map((line) => line.split(';'));
    expect(lines[0]).toEqual(['Bosam – terminsutvärdering 2026-HT', 'EVX', '2026-07-01 – 2026-12-31']);
    expect(lines[1]).toEqual(['Brytdatum', reportDate]);
    expect(lines[2][0]).toBe('Status');
    expect(lines[2][1]).toMatch(complete ? /avslutad/ : /^Preliminärt/);
    expect(lines[3][0]).toBe('Undertryckning');
    const header = lines.findIndex((l) => l[0] === 'Avsnitt');
    expect(lines[header]).toEqual(['Avsnitt', 'Indikator', 'Värde', 'Undertryckt', 'Enhet', 'Mål', 'Uppfyllt', 'Kommentar']);
    // One table from the header to the end: every line has its eight columns.
    expect(lines.slice(header).filter((l) => l.length > 1 && l.length !== 8)).toEqual([]);
    const value = (label: string) => lines.find((l) => l[1] === label);
    expect(value('Inkomna underrättelser')?.slice(2, 7)).toEqual(['6', '', 'antal', '', '']);
    expect(value('Öppnade ärenden')?.slice(2, 7)).toEqual(['6', '', 'antal', 'minst 5', 'Ja']);
    expect(value('Genomförda avhysningar')?.slice(2, 4)).toEqual(['', '<5']);
    expect(value('Genomförda avhysningar som berört barn (hushåll)')?.slice(2, 7)).toEqual(['', '<5', 'antal', 'exakt 0', 'Nej']);
    expect(value('Barn som berörts av genomförda avhysningar')?.slice(2, 4)).toEqual(['', '<5']);
    expect(value('Hushåll som behållit bostaden')?.[2]).toBe('0');
    expect(value('Andel nådda hushåll')?.slice(2, 5)).toEqual(['66,7 %', '', 'procent']);
    // Four cases open at the term's end: their debt is as telling as their number.
    expect(value('Kvarstående skuld vid terminens slut (kr)')?.slice(2, 5)).toEqual(['', '<5', 'kronor']);
    expect(value('Hållna Bosam-möten')?.[2]).toBe('1');
    expect(value('Förbindelse given')).toEqual([
      'Avslutade ärenden per utfall',
      'Förbindelse given',
      '0',
      '',
      'antal',
      '',
      '',
      'Räknas som behållen bostad',
    ]);
    const decisions = lines.filter((l) => l[0].startsWith('Beslut '));
    expect(decisions.map((l) => [l[0], l[7]])).toEqual([
      ['Beslut 2026-VT', 'Ansvarig: Enhetschef EKB. Klart senast 2026-09-01. Status: Genomfört.'],
      ['Beslut 2026-HT', 'Ansvarig: Enhetschef EKB. Klart senast 2027-02-01. Status: Pågår.'],
    ]);
    expect(decisions[1][1]).toBe('Följ upp rutinen för ärenden som [personnummer] och [namn]');
    expect(decisions[0][1]).toBe('Hembesök inom 14 dagar ([namn])');
  });

  it('writes JSON with the values and the suppressed cells apart, the status, the decisions followed up and Swedish definitions', async () => {
    const file = await exportFile('json');
    expect(file.headers['content-type']).toMatch(/^application\/json/);
    const text = (file.body as Buffer).toString('utf8');
    expectNoPersonalData(text);
    const report = JSON.parse(text);
    expect(report).toMatchObject({
      district: 'EVX',
      term: '2026-HT',
      from: '2026-07-01',
      to: '2026-12-31',
      reportDate,
      preliminary: !complete,
    });
    const row = (key: string) => [...report.indicators, ...report.byOutcome, ...report.units].find((r: { key: string }) => r.key === key);
    expect(row('casesOpened')).toMatchObject({ value: 6, suppressed: false, target: 'minst 5', met: true, label: 'Öppnade ärenden' });
    expect(row('evictionsCarriedOut')).toMatchObject({ value: null, suppressed: true });
    expect(row('evictionsAffectingChildren')).toMatchObject({ value: null, suppressed: true, met: false });
    expect(row('casesClosedByOutcome.evicted')).toMatchObject({ value: null, suppressed: true });
    expect(row('shareReached')).toMatchObject({ value: 0.667, measure: 'share' });
    expect(row('medianDaysToFirstAgenda').value).toEqual(expect.any(Number));
    expect(row('units.EKB.meetingsAttendedWithMandate').value).toBe(1);
    expect(report.decisions.map((d: { term: string; status: string }) => [d.term, d.status])).toEqual([
      ['2026-VT', 'done'],
      ['2026-HT', 'open'],
    ]);
    expect(report.definitionsSv.leasesKept).toContain('förbindelse');
    expect(report.definitions.shareReached).toEqual(expect.any(String));
  });

  it('writes an xlsx workbook read back with exceljs: a sheet per topic, each with the cut-off and status, frozen header and filter, numbers as numbers', async () => {
    const evaluator = await t.auth('evaluator', 'EVX');
    const file = await exportFile('xlsx', evaluator);
    expect(file.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const workbook = new ExcelJS.Workbook();
    const bytes = file.body as Buffer;
    await workbook.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
    expect(workbook.worksheets.map((s) => s.name)).toEqual([
      'Indikatorer',
      'Per källa',
      'Per hyresvärd',
      'Utfall',
      'Enheter',
      'Beslut',
      'Definitioner',
    ]);
    const cells: unknown[][] = [];
    for (const sheet of workbook.worksheets) {
      sheet.eachRow((r) => cells.push((r.values as unknown[]).slice(1)));
      const values = (n: number) => (sheet.getRow(n).values as unknown[]).slice(1);
      expect([sheet.name, values(2)]).toEqual([sheet.name, ['Brytdatum', reportDate]]);
      expect([sheet.name, values(3)[0]]).toEqual([sheet.name, 'Status']);
      expect(String(values(3)[1])).toMatch(complete ? /avslutad/ : /^Preliminärt/);
      // The header row is frozen and carries the filter.
      expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 7 });
      expect(String(sheet.autoFilter)).toMatch(/^A7:[A-Z]\d+$/);
    }
    expectNoPersonalData(JSON.stringify(cells));
    const indicators = workbook.getWorksheet('Indikatorer')!;
    expect((indicators.getRow(7).values as unknown[]).slice(1)).toEqual([
      'Avsnitt',
      'Indikator',
      'Värde',
      'Undertryckt',
      'Mål',
      'Uppfyllt',
    ]);
    const row = (label: string) => {
      let found: ExcelJS.Row | undefined;
      indicators.eachRow((r) => {
        if (r.getCell(2).value === label) found = r;
      });
      return found!;
    };
    expect([
      row('Öppnade ärenden').getCell(3).value,
      row('Öppnade ärenden').getCell(5).value,
      row('Öppnade ärenden').getCell(6).value,
    ]).toEqual([6, 'minst 5', 'Ja']);
    // A suppressed cell: no value, "<5" beside it — a sum over the column still works.
    expect([row('Genomförda avhysningar').getCell(3).value, row('Genomförda avhysningar').getCell(4).value]).toEqual([null, '<5']);
    expect(row('Andel nådda hushåll').getCell(3).value).toBe(0.667);
    expect(row('Andel nådda hushåll').getCell(3).numFmt).toBe('0.0%');
    const decisions = workbook.getWorksheet('Beslut')!;
    expect((decisions.getRow(8).values as unknown[]).slice(1)).toEqual([
      '2026-VT',
      'Hembesök inom 14 dagar ([namn])',
      'Enhetschef EKB',
      '2026-09-01',
      'Genomfört',
    ]);
    expect((decisions.getRow(9).values as unknown[]).slice(3)).toEqual(['Enhetschef EKB', '2027-02-01', 'Pågår']);
    const definitions = workbook.getWorksheet('Definitioner')!;
    let kept = '';
    definitions.eachRow((r) => {
      if (r.getCell(1).value === 'Hushåll som behållit bostaden') kept = String(r.getCell(2).value);
    });
    expect(kept).toContain('förbindelse given');
  });

  it('audits each request and download as an export, without case ids', async () => {
    const rows = await t.dataSource.query(
      `SELECT action, reason, case_ids FROM audit_log WHERE entity_type = 'evaluation_export' AND district_code = 'EVX' ORDER BY id`,
    );
    expect(rows.filter((r: { reason: string }) => r.reason === 'file downloaded')).toHaveLength(3);
    expect(rows.every((r: { action: string; case_ids: string[] }) => r.action === 'export' && r.case_ids.length === 0)).toBe(true);
  });

  it('refuses the export to unit reps, admins and auditors, and hides it from another district', async () => {
    for (const role of ['unit_rep', 'admin', 'auditor'] as const) {
      const res = await t
        .http()
        .post('/api/v1/evaluation-exports')
        .set('Authorization', await t.auth(role, 'EVX'))
        .send({ district: 'EVX', term: '2026-HT', format: 'csv' });
      expect([role, res.status]).toEqual([role, 403]);
    }
    const [{ id }] = await t.dataSource.query(`SELECT id FROM evaluation_export WHERE district_code = 'EVX' LIMIT 1`);
    const other = await t.auth('coordinator', 'OTHER');
    await t.http().get(`/api/v1/evaluation-exports/${id}`).set('Authorization', other).expect(404);
    await t.http().get(`/api/v1/evaluation-exports/${id}/file`).set('Authorization', other).expect(404);
    await t
      .http()
      .get(`/api/v1/evaluation-exports/${id}/file`)
      .set('Authorization', await t.auth('unit_rep', 'EVX'))
      .expect(403);
  });
});
