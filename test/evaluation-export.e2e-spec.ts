import ExcelJS from 'exceljs';
import request from 'supertest';
import { createTestApp, TestApp } from './support/app';
import { seedCase, SeededCaseIds, seedContact, seedMeeting } from './support/evaluation-factories';
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
    const created = await t.http().post('/api/v1/evaluation-exports').set('Authorization', auth).send({ district: 'EVX', term: '2026-HT', format }).expect(202);
    const id = created.body.id as string;
    const done = await waitFor(async () => {
      const res = await t.http().get(`/api/v1/evaluation-exports/${id}`).set('Authorization', auth).expect(200);
      return ['done', 'failed'].includes(res.body.status) ? res.body : undefined;
    }, 20000, `export ${format}`);
    expect(done).toMatchObject({ id, status: 'done', progress: 100, format, district: 'EVX', term: '2026-HT' });
    expect(done.finishedAt).toEqual(expect.any(String));
    const file = await t.http().get(`/api/v1/evaluation-exports/${id}/file`).set('Authorization', auth).buffer(true).parse(binary).expect(200);
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

  beforeAll(async () => {
    t = await createTestApp({ worker: true });
    evx = await newDistrict(t, 'EVX', ['EKB']);
    for (let i = 0; i < 6; i += 1) {
      const evicted = i < 2;
      cases.push(await seedCase(t, evx, {
        openedOn: `2026-08-0${i + 1}`, name: NAME, street: STREET, children: evicted ? 2 : 0, arrearsSek: 1000,
        ...(evicted ? { closedOn: '2026-09-30', outcome: 'evicted' } : {}),
      }));
    }
    await seedMeeting(t, evx, {
      heldOn: '2026-08-11', notificationIds: cases.flatMap((c) => c.notificationIds),
      attendance: [{ unit: 'EKB', role: 'assistant_head', withMandate: true }],
    });
    await seedContact(t, cases[0].caseId, '2026-08-03', true);
    await t.http().put('/api/v1/districts/EVX/terms/2026-HT/targets').set('Authorization', evx.coordinator)
      .send({ targets: [{ indicator: 'evictionsAffectingChildren', comparator: '=', value: 0 }, { indicator: 'casesOpened', comparator: '>=', value: 5 }] })
      .expect(200);
    // A decision that names a household by its number by mistake: the export carries the decision, not the number.
    await t.http().post('/api/v1/districts/EVX/terms/2026-HT/decisions').set('Authorization', evx.coordinator)
      .send({ text: `Följ upp rutinen för ärenden som ${cases[0].personnummer}`, owner: 'Enhetschef EKB', dueOn: '2027-02-01' })
      .expect(201);
  });
  afterAll(() => t.close());

  it('writes a CSV Swedish Excel opens: BOM, semicolons, Swedish labels, counts 1–4 as "<5"', async () => {
    const file = await exportFile('csv');
    expect(file.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
    const body = file.body as Buffer;
    expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = body.toString('utf8').slice(1);
    expectNoPersonalData(text);
    const lines = text.split('\r\n').map((line) => line.split(';'));
    expect(lines[1]).toEqual(['Avsnitt', 'Indikator', 'Värde', 'Mål', 'Uppfyllt']);
    const value = (label: string) => lines.find((l) => l[1] === label);
    expect(value('Inkomna underrättelser')?.slice(2)).toEqual(['6', '', '']);
    expect(value('Öppnade ärenden')?.slice(2)).toEqual(['6', 'minst 5', 'Ja']);
    expect(value('Genomförda avhysningar')?.[2]).toBe('<5');
    expect(value('Genomförda avhysningar som berört barn')?.slice(2)).toEqual(['<5', 'exakt 0', 'Nej']);
    expect(value('Hushåll med barn (bland inkomna underrättelser)')?.[2]).toBe('<5');
    expect(value('Behållna hyreskontrakt')?.[2]).toBe('0');
    expect(value('Dagar från öppnat ärende till första kontakt (median)')?.[2]).toBe('<5');
    expect(value('Kvarstående skuld vid terminens slut (kr)')?.[2]).toBe('<5');
    expect(value('Hållna Bosam-möten')?.[2]).toBe('1');
    expect(lines.some((l) => l[0] === 'Beslut' && l[1] === 'Ansvarig' && l[2] === 'Klart senast')).toBe(true);
    expect(lines.some((l) => l[1] === 'Enhetschef EKB' && l[2] === '2027-02-01')).toBe(true);
  });

  it('writes JSON with the same suppressed values, the targets and the definitions', async () => {
    const file = await exportFile('json');
    expect(file.headers['content-type']).toMatch(/^application\/json/);
    const text = (file.body as Buffer).toString('utf8');
    expectNoPersonalData(text);
    const report = JSON.parse(text);
    expect(report).toMatchObject({ district: 'EVX', term: '2026-HT', from: '2026-07-01', to: '2026-12-31' });
    const row = (key: string) => report.rows.find((r: { key: string }) => r.key === key);
    expect(row('casesOpened')).toMatchObject({ value: 6, target: 'minst 5', met: true, label: 'Öppnade ärenden' });
    expect(row('evictionsCarriedOut').value).toBe('<5');
    expect(row('evictionsAffectingChildren')).toMatchObject({ value: '<5', met: false });
    expect(row('casesClosedByOutcome.evicted').value).toBe('<5');
    expect(row('medianDaysToFirstAgenda').value).toEqual(expect.any(Number));
    expect(row('units.EKB.attendedWithMandate').value).toBe(1);
    expect(report.decisions).toEqual([expect.objectContaining({ owner: 'Enhetschef EKB', dueOn: '2027-02-01' })]);
    expect(report.definitions.shareReached).toEqual(expect.any(String));
  });

  it('writes an xlsx workbook with Swedish sheets, read back with exceljs', async () => {
    const evaluator = await t.auth('evaluator', 'EVX');
    const file = await exportFile('xlsx', evaluator);
    expect(file.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const workbook = new ExcelJS.Workbook();
    const bytes = file.body as Buffer;
    await workbook.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['Indikatorer', 'Beslut', 'Definitioner']);
    const cells: unknown[][] = [];
    for (const sheet of workbook.worksheets) {
      sheet.eachRow((r) => cells.push((r.values as unknown[]).slice(1)));
    }
    expectNoPersonalData(JSON.stringify(cells));
    const indicators = workbook.getWorksheet('Indikatorer')!;
    expect((indicators.getRow(2).values as unknown[]).slice(1)).toEqual(['Avsnitt', 'Indikator', 'Värde', 'Mål', 'Uppfyllt']);
    const row = (label: string) => cells.find((c) => c[1] === label);
    expect(row('Öppnade ärenden')?.slice(2)).toEqual([6, 'minst 5', 'Ja']);
    expect(row('Genomförda avhysningar')?.[2]).toBe('<5');
    const decisions = workbook.getWorksheet('Beslut')!;
    expect((decisions.getRow(2).values as unknown[]).slice(2)).toEqual(['Enhetschef EKB', '2027-02-01']);
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
      const res = await t.http().post('/api/v1/evaluation-exports').set('Authorization', await t.auth(role, 'EVX')).send({ district: 'EVX', term: '2026-HT', format: 'csv' });
      expect([role, res.status]).toEqual([role, 403]);
    }
    const [{ id }] = await t.dataSource.query(`SELECT id FROM evaluation_export WHERE district_code = 'EVX' LIMIT 1`);
    const other = await t.auth('coordinator', 'OTHER');
    await t.http().get(`/api/v1/evaluation-exports/${id}`).set('Authorization', other).expect(404);
    await t.http().get(`/api/v1/evaluation-exports/${id}/file`).set('Authorization', other).expect(404);
    await t.http().get(`/api/v1/evaluation-exports/${id}/file`).set('Authorization', await t.auth('unit_rep', 'EVX')).expect(403);
  });
});
