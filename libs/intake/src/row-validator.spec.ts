import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { withLuhnDigit } from '@bosam/identity';
import { flattenValidationErrors } from '@bosam/platform';
import { CreateNotificationDto } from './dto';
import { assessNotice } from './rules';
import { validateNoticeRow } from './row-validator';

// The compiled row validator against class-validator on the DTO, as IntakeService used it for every
// row: the same errors (fields, messages, order) for valid rows and for many invalid ones, and the
// same notice from the values it lets through.

const TODAY = '2026-06-30';
const OPTIONS = { whitelist: true, forbidNonWhitelisted: true, validationError: { target: false, value: false } } as const;
const pnr = (nine: string) => `19${withLuhnDigit(nine)}`;

const reference = (raw: unknown) => {
  const dto = plainToInstance(CreateNotificationDto, raw);
  return { dto, errors: flattenValidationErrors(validateSync(dto as object, OPTIONS)) };
};

type Body = Record<string, unknown>;

const base = (): Body => ({
  district: 'SKARP',
  source: 'landlord_arrears',
  externalReference: 'SVB-1',
  landlordOrgNumber: '556035-9555',
  receivedOn: '2026-03-02',
  tenantServedOn: '2026-02-26',
  boardNotifiedOn: '2026-02-27',
  evictionOn: '2026-05-04',
  arrearsSek: 12345.5,
  monthsInArrears: 2,
  address: { street: 'Exempelgatan 1', postalCode: '123 45', city: 'Stockholm', apartment: '1102' },
  tenants: [{ personnummer: pnr('850101980'), name: 'Förnamn Efternamn' }],
  childrenInHousehold: 2,
  protectedIdentity: false,
});

/** Values a file's cell (or a JSON body) may carry, good and bad for every kind of field. */
const VALUES: unknown[] = [
  undefined,
  null,
  '',
  ' ',
  '  padded  ',
  'x',
  'a'.repeat(20),
  'a'.repeat(21),
  'a'.repeat(100),
  'a'.repeat(101),
  'a'.repeat(200),
  'a'.repeat(201),
  '😀'.repeat(60),
  '😀'.repeat(101),
  '\uFE0F',
  ' \u00a0',
  'SKARP',
  'skarp',
  'AB',
  'A'.repeat(17),
  'A-B_9',
  'landlord_arrears',
  'other',
  'enforcement_eviction_date',
  '2026-02-30',
  '2026-3-2',
  '2026-03-02',
  '2027-01-01',
  '19121212-1212',
  '121212-1212',
  '121212+1212',
  pnr('870202981'),
  '556035-9555',
  '5560359555',
  '556035-9556',
  '123 45',
  '12345',
  '1234',
  '123  45',
  'ja',
  'nej',
  'true',
  0,
  -0,
  1,
  -1,
  1.5,
  1.234,
  12345.5,
  240,
  241,
  30,
  31,
  NaN,
  Infinity,
  -Infinity,
  1e10,
  9999999999.99,
  true,
  false,
];

const TOP = [
  'district',
  'source',
  'externalReference',
  'landlordOrgNumber',
  'receivedOn',
  'tenantServedOn',
  'boardNotifiedOn',
  'evictionOn',
  'arrearsSek',
  'monthsInArrears',
  'childrenInHousehold',
  'protectedIdentity',
];
const ADDRESS = ['street', 'postalCode', 'city', 'apartment'];
const TENANT = ['personnummer', 'name'];

const put = (o: Body, key: string, value: unknown) => {
  if (value === undefined) delete o[key];
  else o[key] = value;
};

/** mulberry32: the same rows every run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function expectSame(raw: unknown): void {
  const expected = reference(structuredClone(raw));
  const compiled = validateNoticeRow(structuredClone(raw));
  expect(compiled).toBeDefined();
  expect({ raw, errors: compiled!.errors }).toEqual({ raw, errors: expected.errors });
  if (expected.errors.length === 0) expect(assessNotice(compiled!.dto!, TODAY)).toEqual(assessNotice(expected.dto, TODAY));
}

describe('the compiled notice row validator', () => {
  it('lets a valid row through with the notice class-validator would give', () => {
    expectSame(base());
    expectSame({
      ...base(),
      externalReference: '  SVB-2  ',
      address: { street: ' Gatan 2 ', postalCode: ' 12345 ', city: ' Ort ', apartment: '   ' },
    });
    expectSame({
      ...base(),
      tenants: [
        { personnummer: pnr('870202981'), name: ' B ' },
        { personnummer: `${pnr('850101980').slice(2, 8)}-${pnr('850101980').slice(8)}`, name: 'A' },
      ],
    });
    expectSame({
      ...base(),
      source: 'enforcement_eviction_date',
      landlordOrgNumber: null,
      arrearsSek: null,
      monthsInArrears: null,
      protectedIdentity: true,
    });
    const bare = base();
    for (const key of [
      'landlordOrgNumber',
      'tenantServedOn',
      'boardNotifiedOn',
      'evictionOn',
      'arrearsSek',
      'monthsInArrears',
      'protectedIdentity',
    ])
      delete bare[key];
    delete (bare.address as Body).apartment;
    expectSame(bare);
  });

  it('answers every field set to every value as class-validator does', () => {
    for (const value of VALUES) {
      for (const key of TOP) {
        const row = base();
        put(row, key, value);
        expectSame(row);
      }
      for (const key of ADDRESS) {
        const row = base();
        put(row.address as Body, key, value);
        expectSame(row);
      }
      for (const key of TENANT) {
        const row = base();
        put((row.tenants as Body[])[0], key, value);
        expectSame(row);
      }
    }
  });

  it('answers the address and the tenants missing, empty or too many as class-validator does', () => {
    expectSame({ ...base(), address: undefined });
    expectSame({ ...base(), address: {} });
    expectSame({ ...base(), tenants: undefined });
    expectSame({ ...base(), tenants: [] });
    expectSame({ ...base(), tenants: [{}] });
    for (const n of [2, 9, 10, 11, 12]) {
      expectSame({
        ...base(),
        tenants: Array.from({ length: n }, (_, i) => ({ personnummer: pnr(`8501${String(10 + i)}980`), name: `P ${i}` })),
      });
      expectSame({ ...base(), tenants: Array.from({ length: n }, () => ({})) });
    }
    expectSame({});
  });

  it('answers thousands of rows with several bad fields as class-validator does', () => {
    const rnd = random(14);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)];
    for (let n = 0; n < 2500; n += 1) {
      const row = base();
      if (rnd() < 0.3) (row.tenants as Body[]).push({ personnummer: pnr('870202981'), name: 'Två' });
      if (rnd() < 0.05) delete row.address;
      const changes = Math.floor(rnd() * 5);
      for (let c = 0; c < changes; c += 1) {
        const where = rnd();
        if (where < 0.6) put(row, pick(TOP), pick(VALUES));
        else if (where < 0.8 && row.address) put(row.address as Body, pick(ADDRESS), pick(VALUES));
        else put(pick(row.tenants as Body[]), pick(TENANT), pick(VALUES));
      }
      expectSame(row);
    }
  });

  it('leaves anything but the row shape to class-validator', () => {
    const shapes: unknown[] = [
      null,
      'text',
      42,
      [base()],
      { ...base(), unexpected: 1 },
      { ...base(), address: null },
      { ...base(), address: 'Gatan 1' },
      { ...base(), address: [{ street: 'Gatan 1' }] },
      { ...base(), address: { ...(base().address as Body), floor: 2 } },
      { ...base(), address: { ...(base().address as Body), street: { text: 'Gatan 1' } } },
      { ...base(), tenants: 'A' },
      { ...base(), tenants: [null] },
      { ...base(), tenants: [[{ personnummer: pnr('850101980'), name: 'A' }]] },
      { ...base(), tenants: [{ personnummer: pnr('850101980'), name: 'A', role: 'x' }] },
      { ...base(), tenants: [{ personnummer: [pnr('850101980')], name: 'A' }] },
      { ...base(), receivedOn: ['2026-03-02'] },
      { ...base(), arrearsSek: { value: 1 } },
      JSON.parse(`{"__proto__": {"x": 1}, "district": "SKARP"}`),
      Object.assign(Object.create({ inherited: 1 }), base()),
    ];
    for (const raw of shapes) expect(validateNoticeRow(raw)).toBeUndefined();
  });
});
