import * as iconv from 'iconv-lite';
import {
  columnOfField,
  detectDelimiter,
  EncodingDetector,
  headerLine,
  mapHeader,
  notCsvReason,
  parseAmount,
  rowToNotification,
  splitHeader,
} from './csv-format';

describe('notification file format', () => {
  it('reads amounts the way Swedish exports write them', () => {
    expect(parseAmount('12 345,50')).toBe(12345.5);
    expect(parseAmount('12\u00a0345,5')).toBe(12345.5);
    expect(parseAmount('12345.50')).toBe(12345.5);
    expect(parseAmount('12.345,50')).toBe(12345.5);
    expect(parseAmount('1,234,567.25')).toBe(1234567.25);
    expect(parseAmount('8 000')).toBe(8000);
    expect(parseAmount('8 000 kr')).toBe(8000);
    expect(parseAmount('0')).toBe(0);
    // Not an amount: left as text for the intake to name.
    expect(parseAmount('tolv')).toBe('tolv');
    expect(parseAmount('12,3,4')).toBe('12,3,4');
  });

  it('detects the separator from the header line, ignoring quoted text', () => {
    expect(detectDelimiter('source;externalReference;receivedOn')).toBe(';');
    expect(detectDelimiter('source,externalReference,receivedOn')).toBe(',');
    expect(detectDelimiter('"a;b;c",x,y')).toBe(',');
  });

  it('matches headers case-insensitively, with Swedish aliases, and names unknown and missing ones', () => {
    const header = [
      'Källa',
      'Ärendenummer',
      'MOTTAGEN',
      'Gatuadress',
      'Postnr',
      'Ort',
      'Antal barn',
      'Personnummer',
      'Namn',
      'Hyresskuld (kr)',
      '',
    ];
    const { map, errors } = mapHeader(header);
    expect(errors).toEqual([]);
    expect(map!.columns).toEqual([
      'source',
      'externalReference',
      'receivedOn',
      'street',
      'postalCode',
      'city',
      'childrenInHousehold',
      'personnummer1',
      'name1',
      'arrearsSek',
      undefined,
    ]);
    const bad = mapHeader(['source', 'colour', 'receivedOn']);
    expect(bad.map).toBeUndefined();
    expect(bad.errors).toEqual(
      expect.arrayContaining([
        { field: 'colour', message: 'is not a known column' },
        { field: 'externalReference', message: 'required column is missing' },
        { field: 'personnummer1', message: 'required column is missing' },
      ]),
    );
  });

  it('maps a row to the JSON body of the intake route, leaving empty cells out', () => {
    const { map } = mapHeader(
      splitHeader(
        'source;externalReference;landlordOrgNumber;receivedOn;evictionOn;arrearsSek;street;postalCode;city;apartment;childrenInHousehold;personnummer1;name1;personnummer2;name2',
        ';',
      ),
    );
    const cells = [
      'hyresskuld',
      'R-1',
      '556677-8899',
      '2026-03-02 00:00:00',
      '',
      '1 234,5',
      'Gatan 1',
      '123 45',
      'Stad',
      '',
      '2',
      '19121212-1212',
      'A B',
      '',
      '',
    ];
    const { body } = rowToNotification(cells, map!, 'SKARP');
    expect(body).toEqual({
      district: 'SKARP',
      source: 'landlord_arrears',
      externalReference: 'R-1',
      landlordOrgNumber: '556677-8899',
      receivedOn: '2026-03-02',
      arrearsSek: 1234.5,
      childrenInHousehold: 2,
      address: { street: 'Gatan 1', postalCode: '123 45', city: 'Stad' },
      tenants: [{ personnummer: '19121212-1212', name: 'A B' }],
    });
  });

  it('names fields of the JSON body by the file’s columns', () => {
    expect(columnOfField('tenants[0].personnummer')).toBe('personnummer1');
    expect(columnOfField('tenants[1].name')).toBe('name2');
    expect(columnOfField('tenants')).toBe('personnummer1');
    expect(columnOfField('address.street')).toBe('street');
    expect(columnOfField('address')).toBe('street');
    expect(columnOfField('arrearsSek')).toBe('arrearsSek');
  });

  it('tells UTF-8 from Windows-1252 over the whole file, and honours a byte-order mark', () => {
    const utf8 = new EncodingDetector();
    utf8.push(Buffer.from('namn\nÅsa Öberg\n', 'utf8'));
    expect(utf8.result()).toBe('utf-8');
    const latin = new EncodingDetector();
    latin.push(Buffer.from('namn\n'));
    latin.push(iconv.encode('Åsa Öberg\n', 'windows-1252'));
    expect(latin.result()).toBe('windows-1252');
    const split = new EncodingDetector();
    const bytes = Buffer.from('Ö', 'utf8');
    split.push(bytes.subarray(0, 1));
    split.push(bytes.subarray(1));
    expect(split.result()).toBe('utf-8');
    expect(headerLine(Buffer.from('\uFEFFkälla;x\r\nrow', 'utf8')).line).toBe('källa;x');
    expect(headerLine(iconv.encode('källa;x\r\nrow', 'windows-1252'))).toEqual({ line: 'källa;x', encoding: 'windows-1252' });
  });

  it('recognises files that are not CSV at all', () => {
    expect(notCsvReason(Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2]))).toMatch(/Excel workbook/);
    expect(notCsvReason(Buffer.from('%PDF-1.7\n'))).toMatch(/PDF/);
    expect(notCsvReason(Buffer.from([1, 2, 0, 4]))).toMatch(/binary/);
    expect(notCsvReason(Buffer.alloc(0))).toMatch(/empty/);
    expect(notCsvReason(Buffer.from('source;x\n'))).toBeUndefined();
  });
});
