import { IMPORT_COLUMNS } from './csv-format';

/**
 * The file to start from: the English column names, one example row, semicolons and a
 * byte-order mark, as Swedish Excel opens and saves it. The example uses Skatteverket's
 * published test personnummer.
 */
export function importTemplateCsv(): string {
  const example: Record<(typeof IMPORT_COLUMNS)[number], string> = {
    source: 'landlord_arrears',
    externalReference: 'SVB-2026-00123',
    landlordOrgNumber: '556677-8899',
    receivedOn: '2026-03-02',
    tenantServedOn: '2026-02-26',
    boardNotifiedOn: '2026-02-27',
    evictionOn: '',
    arrearsSek: '12 345,50',
    monthsInArrears: '2',
    street: 'Exempelgatan 1',
    postalCode: '123 45',
    city: 'Stockholm',
    apartment: '1102',
    childrenInHousehold: '2',
    personnummer1: '19121212-1212',
    name1: 'Förnamn Efternamn',
    personnummer2: '',
    name2: '',
    protectedIdentity: 'nej',
  };
  return `\uFEFF${IMPORT_COLUMNS.join(';')}\r\n${IMPORT_COLUMNS.map((c) => example[c]).join(';')}\r\n`;
}
