import { randomBytes } from 'node:crypto';
import { addDays, todayInStockholm } from '@bosam/calendar';
import { withLuhnDigit } from '@bosam/identity';
import { Role } from '@bosam/platform';
import { TestApp } from './app';

/** The municipal landlord every test district gets (a valid organisationsnummer, not a real company). */
export const TEST_LANDLORD = { orgNumber: orgNumber(123456), name: 'Testbostäder AB', municipal: true };

/** A valid organisationsnummer (NNNNNN-NNNN) from a seed: 556 + six digits + check digit. */
export function orgNumber(seed: number): string {
  const digits = withLuhnDigit(`556${String(seed % 1_000_000).padStart(6, '0')}`);
  return `${digits.slice(0, 6)}-${digits.slice(6)}`;
}

/**
 * A valid personnummer in canonical form (YYYYMMDDNNNN) from a seed: born `n` days after 1950-01-01,
 * birth number 98x as in Skatteverket's test numbers, Luhn check digit. Distinct seeds below 200 000 give
 * distinct numbers; notificationBody() draws its households from 100 000 up, so pick yours below that.
 */
export function testPersonnummer(n: number): string {
  const born = addDays('1950-01-01', n % 20000);
  const nine = `${born.slice(2, 4)}${born.slice(5, 7)}${born.slice(8, 10)}98${Math.floor(n / 20000) % 10}`;
  return `${born.slice(0, 2)}${withLuhnDigit(nine)}`;
}

/** The same number as written on many forms: YYMMDD-NNNN. */
export const shortForm = (canonical: string): string => `${canonical.slice(2, 8)}-${canonical.slice(8)}`;

/** Creates a district with units and the test landlord through the API, as an admin. */
export async function setupDistrict(t: TestApp, code = 'TEST', units = ['EKB', 'VUX', 'BOF', 'MOTT']): Promise<void> {
  const admin = await t.auth('admin', code);
  await t
    .http()
    .post('/api/v1/districts')
    .set('Authorization', admin)
    .send({ code, name: `Distrikt ${code}` })
    .expect(201);
  for (const unit of units) {
    await t
      .http()
      .post(`/api/v1/districts/${code}/units`)
      .set('Authorization', admin)
      .send({ code: unit, name: `Enhet ${unit}` })
      .expect(201);
  }
  const landlord = await t.http().post('/api/v1/landlords').set('Authorization', admin).send(TEST_LANDLORD);
  if (landlord.status !== 201 && landlord.status !== 409) throw new Error(`landlord: ${landlord.status} ${JSON.stringify(landlord.body)}`);
}

let counter = 0;

export type NotificationBody = Record<string, unknown>;

/**
 * A valid body for POST /api/v1/notifications (API.md's example, with a fresh reference and a
 * fresh household each time); `overrides` replace top-level fields.
 */
export function notificationBody(overrides: NotificationBody = {}): NotificationBody {
  counter += 1;
  const seed = 100_000 + counter;
  const today = todayInStockholm();
  return {
    district: 'TEST',
    source: 'landlord_arrears',
    externalReference: `REF-${process.pid}-${counter}-${randomBytes(3).toString('hex')}`,
    landlordOrgNumber: TEST_LANDLORD.orgNumber,
    receivedOn: addDays(today, -3),
    tenantServedOn: addDays(today, -7),
    boardNotifiedOn: addDays(today, -6),
    evictionOn: null,
    arrearsSek: 12345.5,
    monthsInArrears: 2,
    address: { street: 'Exempelgatan 1', postalCode: '123 45', city: 'Stockholm', apartment: '1102' },
    tenants: [{ personnummer: testPersonnummer(seed), name: 'Förnamn Efternamn' }],
    childrenInHousehold: 2,
    protectedIdentity: false,
    ...overrides,
  };
}

/** Posts a notification as a coordinator of the body's district (or `role`). */
export async function postNotification(t: TestApp, overrides: NotificationBody = {}, role: Role = 'coordinator') {
  const body = notificationBody(overrides);
  const res = await t
    .http()
    .post('/api/v1/notifications')
    .set('Authorization', await t.auth(role, String(body.district)))
    .send(body);
  return Object.assign(res, { sent: body });
}
