import { IMPORT_BATCH_ROWS } from '@bosam/imports';
import { createTestApp, TestApp } from './support/app';
import { waitFor } from './support/wait';
import { csvFile, goodRow, LANDLORD_ORG, personnummerFor, Row } from './fixtures/imports/csv';

interface Report {
  id: string;
  status: 'queued' | 'running' | 'done' | 'failed';
  total: number | null;
  processed: number;
  imported: number;
  duplicates: number;
  rejected: Array<{ row: number; field: string; message: string }>;
  failureReason: string | null;
}

const DISTRICT = 'IMPT';

describe('notification files', () => {
  let t: TestApp;
  let coordinator: string;
  let serial = 0;
  // Every test uses rows of its own, so that tests do not see each other's notifications.
  const rows = (count: number, overrides: (i: number) => Row = () => ({})): Row[] =>
    Array.from({ length: count }, (_, i) => {
      serial += 1;
      return goodRow(serial, overrides(i));
    });

  const upload = (file: Buffer, fields: Record<string, string> = {}, auth = coordinator, filename = 'underrattelser.csv') => {
    let request = t
      .http()
      .post('/api/v1/notification-imports')
      .set('Authorization', auth)
      .field('district', fields.district ?? DISTRICT);
    for (const [name, value] of Object.entries(fields)) if (name !== 'district') request = request.field(name, value);
    return request.attach('file', file, filename);
  };

  const report = async (id: string, auth = coordinator): Promise<Report> =>
    (await t.http().get(`/api/v1/notification-imports/${id}`).set('Authorization', auth).expect(200)).body;

  const finished = (id: string): Promise<Report> =>
    waitFor(
      async () => {
        const r = await report(id);
        return r.status === 'done' || r.status === 'failed' ? r : undefined;
      },
      30000,
      `import ${id}`,
    );

  const importFile = async (file: Buffer, fields: Record<string, string> = {}): Promise<Report> => {
    const res = await upload(file, fields).expect(202);
    expect(res.body).toEqual({ id: expect.any(String) });
    return finished(res.body.id);
  };

  const notificationsWithReference = async (refs: string[]): Promise<number> =>
    (await t.dataSource.query('SELECT count(*)::int AS n FROM notification WHERE external_reference = ANY($1)', [refs]))[0].n;
  const refsOf = (list: Row[]) => list.map((r) => r.externalReference!);

  beforeAll(async () => {
    t = await createTestApp({ worker: true });
    coordinator = await t.auth('coordinator', DISTRICT);
    const admin = await t.auth('admin', DISTRICT);
    await t.http().post('/api/v1/districts').set('Authorization', admin).send({ code: DISTRICT, name: 'Importdistriktet' }).expect(201);
    await t.http().post('/api/v1/districts').set('Authorization', admin).send({ code: 'OTHER', name: 'Annat' }).expect(201);
    await t
      .http()
      .post('/api/v1/landlords')
      .set('Authorization', admin)
      .send({ orgNumber: LANDLORD_ORG, name: 'Bostadsbolaget', municipal: true })
      .expect(201);
  });
  afterAll(() => t.close());

  describe('file shapes', () => {
    it('imports a Swedish Excel export: Windows-1252, semicolons, Swedish headers, decimal commas, CRLF, quoted separators and line breaks, blank lines at the end', async () => {
      const list = rows(3, (i) => ({
        name1: ['Åsa Öberg', 'Per "Pelle" Ärlig; jr', 'Lena\r\nLindström'][i],
        arrearsSek: ['12 345,50', '8 000', '1 234 567,5'][i],
      }));
      const file = csvFile(list, {
        encoding: 'windows-1252',
        delimiter: ';',
        newline: '\r\n',
        trailingBlankLines: 3,
        headers: {
          source: 'Källa',
          externalReference: 'Ärendenummer',
          landlordOrgNumber: 'Organisationsnummer',
          receivedOn: 'Mottagen',
          tenantServedOn: 'Delgiven',
          boardNotifiedOn: 'Underrättad',
          evictionOn: 'Avhysningsdatum',
          arrearsSek: 'Hyresskuld',
          monthsInArrears: 'Antal månader',
          street: 'Gatuadress',
          postalCode: 'Postnummer',
          city: 'Ort',
          apartment: 'Lägenhetsnummer',
          childrenInHousehold: 'Antal barn',
          personnummer1: 'Personnummer',
          name1: 'Namn',
          personnummer2: 'Personnummer 2',
          name2: 'Namn 2',
        },
      });
      expect(file.includes(Buffer.from('Åsa', 'utf8'))).toBe(false); // really not UTF-8
      const r = await importFile(file);
      expect(r).toMatchObject({ status: 'done', total: 3, processed: 3, imported: 3, duplicates: 0, rejected: [] });
      const stored = await t.dataSource.query(
        `SELECT n.external_reference, n.arrears_ore::text AS ore, t.name FROM notification n
           JOIN case_tenant t ON t.case_id = n.case_id WHERE n.external_reference = ANY($1) ORDER BY n.external_reference`,
        [refsOf(list)],
      );
      const byRef = Object.fromEntries(
        stored.map((s: { external_reference: string; ore: string; name: string }) => [s.external_reference, s]),
      );
      expect(byRef[list[0].externalReference!]).toMatchObject({ ore: '1234550', name: 'Åsa Öberg' });
      expect(byRef[list[1].externalReference!]).toMatchObject({ ore: '800000', name: 'Per "Pelle" Ärlig; jr' });
      expect(byRef[list[2].externalReference!].ore).toBe('123456750');
      expect(byRef[list[2].externalReference!].name).toMatch(/^Lena\r?\nLindström$/);
    });

    it('imports UTF-8 with a byte-order mark, commas, LF and a quoted comma', async () => {
      const list = rows(2, (i) => ({ street: i === 0 ? 'Storgatan 1, uppgång B' : 'Ågatan 2', arrearsSek: '12345.50' }));
      const r = await importFile(csvFile(list, { bom: true, delimiter: ',', newline: '\n' }));
      expect(r).toMatchObject({ status: 'done', total: 2, imported: 2, rejected: [] });
      const [row] = await t.dataSource.query(
        'SELECT street FROM household_case c JOIN notification n ON n.case_id = c.id WHERE n.external_reference = $1',
        [list[0].externalReference],
      );
      expect(row.street).toBe('Storgatan 1, uppgång B');
    });

    it('imports UTF-8 without a byte-order mark, with semicolons and a second tenant', async () => {
      const list = rows(2, (i) => (i === 1 ? { personnummer2: personnummerFor(90000 + i), name2: 'Östen Andra' } : {}));
      const r = await importFile(csvFile(list, { delimiter: ';', newline: '\n' }));
      expect(r).toMatchObject({ status: 'done', imported: 2, rejected: [] });
    });

    it('imports UTF-16 with a byte-order mark (Excel’s "Unicode text")', async () => {
      const text = csvFile(rows(2), { delimiter: ';' }).toString('utf8');
      const r = await importFile(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
      expect(r).toMatchObject({ status: 'done', imported: 2, rejected: [] });
    });

    it('offers a template that imports as it is', async () => {
      const res = await t.http().get('/api/v1/notification-imports/template.csv').set('Authorization', coordinator).expect(200);
      expect(res.headers['content-type']).toMatch(/^text\/csv/);
      const body = Buffer.from(res.text, 'utf8');
      expect(res.text.replace(/^\uFEFF/, '').split('\r\n')[0]).toBe(
        'source;externalReference;landlordOrgNumber;receivedOn;tenantServedOn;boardNotifiedOn;evictionOn;arrearsSek;monthsInArrears;street;postalCode;city;apartment;childrenInHousehold;personnummer1;name1;personnummer2;name2;protectedIdentity',
      );
      const r = await importFile(body);
      expect(r).toMatchObject({ status: 'done', imported: 1, rejected: [] });
    });
  });

  describe('modes', () => {
    it('valid_rows imports the good rows and reports every bad one by row and column, without identity numbers', async () => {
      const list = rows(5, (i) =>
        i === 1 ? { personnummer1: '19121212-1213' } : i === 3 ? { arrearsSek: 'tolv kronor', postalCode: '12' } : {},
      );
      const r = await importFile(csvFile(list), { mode: 'valid_rows' });
      expect(r).toMatchObject({ status: 'done', total: 5, processed: 5, imported: 3, duplicates: 0 });
      expect(r.rejected).toEqual(
        expect.arrayContaining([
          { row: 2, field: 'personnummer1', message: expect.any(String) },
          { row: 4, field: 'arrearsSek', message: expect.any(String) },
          { row: 4, field: 'postalCode', message: expect.any(String) },
        ]),
      );
      expect(r.rejected.map((x) => x.row).sort()).toEqual([2, 4, 4]);
      // (The report itself, not its uuids: a uuid's last group can be ten digits in a row.)
      expect(JSON.stringify(r.rejected)).not.toMatch(/\d{6}[-+]?\d{4}/);
      const stored = await t.dataSource.query(
        `SELECT coalesce(string_agg(field || ' ' || message, ' '), '') AS r FROM notification_import_rejection WHERE import_id = $1`,
        [r.id],
      );
      expect(stored[0].r).not.toMatch(/\d{6}[-+]?\d{4}/);
      expect(await notificationsWithReference(refsOf(list))).toBe(3);
    });

    it('all_or_nothing imports nothing when one row is bad, and everything when none is', async () => {
      const bad = rows(4, (i) => (i === 2 ? { receivedOn: '2026-02-30' } : {}));
      const r = await importFile(csvFile(bad), { mode: 'all_or_nothing' });
      expect(r).toMatchObject({ status: 'done', total: 4, imported: 0 });
      expect(r.rejected).toEqual([{ row: 3, field: 'receivedOn', message: expect.any(String) }]);
      expect(await notificationsWithReference(refsOf(bad))).toBe(0);

      const good = rows(4);
      const ok = await importFile(csvFile(good), { mode: 'all_or_nothing' });
      expect(ok).toMatchObject({ status: 'done', total: 4, processed: 4, imported: 4, duplicates: 0, rejected: [] });
      expect(await notificationsWithReference(refsOf(good))).toBe(4);
    });

    it('dryRun reports what would happen and stores nothing', async () => {
      const list = rows(3, (i) => (i === 0 ? { personnummer1: 'inte ett nummer' } : {}));
      const before = (await t.dataSource.query('SELECT count(*)::int AS n FROM notification'))[0].n;
      const r = await importFile(csvFile(list), { dryRun: 'true' });
      expect(r).toMatchObject({ status: 'done', total: 3, processed: 3, imported: 2, duplicates: 0 });
      expect(r.rejected).toEqual([{ row: 1, field: 'personnummer1', message: expect.any(String) }]);
      const aon = await importFile(csvFile(list), { dryRun: 'true', mode: 'all_or_nothing' });
      expect(aon).toMatchObject({ status: 'done', imported: 0 });
      expect((await t.dataSource.query('SELECT count(*)::int AS n FROM notification'))[0].n).toBe(before);
    });
  });

  describe('duplicates and conflicts', () => {
    it('counts a row imported before, or repeated in the file, as a duplicate, and rejects changed content as a conflict', async () => {
      const first = rows(2);
      expect(await importFile(csvFile(first))).toMatchObject({ imported: 2, duplicates: 0 });
      const fresh = rows(1)[0];
      const second = [
        first[0], // imported before, same content
        { ...first[1], arrearsSek: '99,00' }, // imported before, other content
        fresh,
        fresh, // repeated in the file
      ];
      const r = await importFile(csvFile(second));
      expect(r).toMatchObject({ status: 'done', total: 4, imported: 1, duplicates: 2 });
      expect(r.rejected).toEqual([{ row: 2, field: 'externalReference', message: expect.stringMatching(/other content/) }]);
      expect(await notificationsWithReference([...refsOf(first), fresh.externalReference!])).toBe(3);
    });

    it('a dry run sees the same duplicates and conflicts, also within the file', async () => {
      const first = rows(1);
      await importFile(csvFile(first));
      const fresh = rows(1)[0];
      const r = await importFile(csvFile([first[0], fresh, fresh, { ...fresh, name1: 'Någon Annan' }]), { dryRun: 'true' });
      expect(r).toMatchObject({ status: 'done', imported: 1, duplicates: 2 });
      expect(r.rejected).toEqual([{ row: 4, field: 'externalReference', message: expect.stringMatching(/row 2/) }]);
    });
  });

  describe('across batches', () => {
    it('all_or_nothing sees a repeat and a conflict with a row in an earlier batch of the same file', async () => {
      const list = rows(IMPORT_BATCH_ROWS + 60);
      const repeat = { ...list[3] };
      const conflicting = { ...list[5], arrearsSek: '1,00' };
      list.push(repeat, conflicting);
      const r = await importFile(csvFile(list), { mode: 'all_or_nothing' });
      expect(r).toMatchObject({ status: 'done', total: list.length, imported: 0 });
      expect(r.rejected).toEqual([
        { row: list.length, field: 'externalReference', message: expect.stringMatching(/conflicts with row 6 of this file/) },
      ]);
      expect(await notificationsWithReference(refsOf(list))).toBe(0);

      list.pop();
      const ok = await importFile(csvFile(list), { mode: 'all_or_nothing' });
      expect(ok).toMatchObject({ status: 'done', total: list.length, imported: list.length - 1, duplicates: 1, rejected: [] });
      expect(await notificationsWithReference(refsOf(list))).toBe(list.length - 1);
    });
  });

  describe('files that are not what they should be', () => {
    it('refuses a workbook, a PDF and a binary at once with a clear reason', async () => {
      const zip = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(200, 7)]);
      const res = await upload(zip, {}, coordinator, 'underrattelser.xlsx').expect(400);
      expect(res.body).toMatchObject({ code: 'MALFORMED_FILE', detail: expect.stringMatching(/Excel/) });
      await upload(Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj\n'), {}, coordinator, 'a.pdf').expect(400);
      const binary = await upload(Buffer.from([0x00, 0x01, 0x02, 0xff, 0x00, 0x10]), {}, coordinator, 'a.bin').expect(400);
      expect(binary.body.code).toBe('MALFORMED_FILE');
      expect((await t.dataSource.query('SELECT count(*)::int AS n FROM notification_import_chunk'))[0].n).toBe(0);
    });

    it('names unknown and missing columns', async () => {
      const res = await upload(Buffer.from('source;colour;receivedOn\nlandlord_arrears;red;2026-03-02\n')).expect(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.errors).toEqual(
        expect.arrayContaining([
          { field: 'colour', message: 'is not a known column' },
          { field: 'externalReference', message: 'required column is missing' },
        ]),
      );
    });

    it('fails an import whose CSV breaks further down, saying where', async () => {
      const text = csvFile(rows(2)).toString('utf8') + 'landlord_arrears;"REF-unclosed;x\n';
      const r = await importFile(Buffer.from(text));
      expect(r.status).toBe('failed');
      expect(r.failureReason).toMatch(/not valid CSV.*line \d+.*quoted field/);
      expect(r.imported).toBe(0);
    });

    it('answers 400 without a file and 415 for a request that is not multipart', async () => {
      const res = await t
        .http()
        .post('/api/v1/notification-imports')
        .set('Authorization', coordinator)
        .field('district', DISTRICT)
        .expect(400);
      expect(res.body.errors).toEqual([{ field: 'file', message: 'is required' }]);
      await t.http().post('/api/v1/notification-imports').set('Authorization', coordinator).send({ district: DISTRICT }).expect(415);
      await upload(csvFile(rows(1)), { mode: 'some_rows' }).expect(400);
    });
  });

  describe('who may', () => {
    it('keeps imports inside the district, for coordinators', async () => {
      await upload(csvFile(rows(1)), { district: 'OTHER' }).expect(404);
      await upload(csvFile(rows(1)), { district: 'GHOST' }, await t.auth('coordinator', 'GHOST')).expect(404);
      const r = await importFile(csvFile(rows(1)));
      await t
        .http()
        .get(`/api/v1/notification-imports/${r.id}`)
        .set('Authorization', await t.auth('coordinator', 'OTHER'))
        .expect(404);
      await t.http().get('/api/v1/notification-imports/not-a-uuid').set('Authorization', coordinator).expect(404);
      await upload(csvFile(rows(1)), {}, await t.auth('unit_rep', DISTRICT)).expect(403);
      await t
        .http()
        .get(`/api/v1/notification-imports/${r.id}`)
        .set('Authorization', await t.auth('evaluator', DISTRICT))
        .expect(403);
    });

    it('audits who imported which file and when, and keeps no file content', async () => {
      const r = await importFile(csvFile(rows(2)));
      const entries = await t.dataSource.query(
        `SELECT actor_sub, action, entity_type, reason FROM audit_log WHERE $1 = ANY(entity_ids) ORDER BY id`,
        [r.id],
      );
      expect(entries[0]).toMatchObject({
        actor_sub: 'coordinator-impt',
        action: 'import',
        entity_type: 'notification_import',
        reason: 'file received',
      });
      expect(entries[entries.length - 1]).toMatchObject({ action: 'import', reason: 'import finished' });
      const [row] = await t.dataSource.query('SELECT created_by, filename, finished_at FROM notification_import WHERE id = $1', [r.id]);
      expect(row).toMatchObject({ created_by: 'coordinator-impt', filename: 'underrattelser.csv' });
      expect(row.finished_at).not.toBeNull();
      // The file itself is removed once imported.
      expect((await t.dataSource.query('SELECT count(*)::int AS n FROM notification_import_chunk WHERE import_id = $1', [r.id]))[0].n).toBe(
        0,
      );
    });
  });
});

describe('notification files: size limit', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { IMPORT_MAX_BYTES: '4096' } });
  });
  afterAll(() => t.close());

  it('answers 413 for a file over IMPORT_MAX_BYTES and stores nothing', async () => {
    const big = csvFile(Array.from({ length: 60 }, (_, i) => goodRow(i + 1)));
    expect(big.length).toBeGreaterThan(4096);
    const res = await t
      .http()
      .post('/api/v1/notification-imports')
      .set('Authorization', await t.auth('coordinator', 'TEST'))
      .field('district', 'TEST')
      .attach('file', big, 'stor.csv')
      .expect(413);
    expect(res.body.code).toBe('PAYLOAD_TOO_LARGE');
    expect((await t.dataSource.query('SELECT count(*)::int AS n FROM notification_import'))[0].n).toBe(0);
    expect((await t.dataSource.query('SELECT count(*)::int AS n FROM notification_import_chunk'))[0].n).toBe(0);
  });
});
