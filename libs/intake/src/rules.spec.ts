import { plainToInstance } from 'class-transformer';
import { withLuhnDigit } from '@bosam/identity';
import { CreateNotificationDto } from './dto';
import { assessNotice, contentHash, senderKeyOf } from './rules';

const TODAY = '2026-03-10';
const pnr = (nine: string) => `19${withLuhnDigit(nine)}`;
const A = pnr('850101980');
const B = pnr('870202981');

const dto = (overrides: Record<string, unknown> = {}) =>
  plainToInstance(CreateNotificationDto, {
    district: 'SKARP',
    source: 'landlord_arrears',
    externalReference: 'SVB-1',
    landlordOrgNumber: '556035-9555',
    receivedOn: '2026-03-02',
    tenantServedOn: '2026-02-26',
    boardNotifiedOn: '2026-02-27',
    evictionOn: null,
    arrearsSek: 12345.5,
    monthsInArrears: 2,
    address: { street: 'Exempelgatan 1', postalCode: '12345', city: 'Stockholm', apartment: '1102' },
    tenants: [{ personnummer: A, name: 'A' }],
    childrenInHousehold: 2,
    ...overrides,
  });

describe('assessNotice', () => {
  it('normalises the notice: canonical numbers, öre, postal code, tenants in order', () => {
    const { errors, notice } = assessNotice(
      dto({
        tenants: [
          { personnummer: `${B.slice(2, 8)}-${B.slice(8)}`, name: 'B' },
          { personnummer: A, name: 'A' },
        ],
      }),
      TODAY,
    );
    expect(errors).toEqual([]);
    expect(notice).toMatchObject({
      senderKey: '5560359555',
      landlordOrgNumber: '5560359555',
      arrearsOre: 1234550,
      address: { postalCode: '123 45', apartment: '1102' },
      tenants: [
        { personnummer: A, name: 'A' },
        { personnummer: B, name: 'B' },
      ],
      protectedIdentity: false,
    });
  });

  it('computes the recovery window from the later of service and notice to the board (JB 12:44)', () => {
    expect(assessNotice(dto(), TODAY).deadlines).toEqual([
      { kind: 'recovery_window', dueOn: '2026-03-20', estimated: false, latestDueOn: null, rule: expect.stringContaining('JB 12:44') },
    ]);
  });

  it('gives an eviction date whatever the source, and only arrears a recovery window', () => {
    const { deadlines } = assessNotice(dto({ source: 'other', landlordOrgNumber: null, evictionOn: '2026-04-01' }), TODAY);
    expect(deadlines.map((d) => d.kind)).toEqual(['eviction']);
  });

  it.each([
    ['landlordOrgNumber', { source: 'landlord_arrears', landlordOrgNumber: null }],
    ['landlordOrgNumber', { source: 'landlord_disturbance', landlordOrgNumber: undefined }],
    ['arrearsSek', { source: 'landlord_arrears', arrearsSek: null }],
    ['evictionOn', { source: 'enforcement_eviction_date', evictionOn: null }],
    ['receivedOn', { receivedOn: '2026-03-11' }],
    ['tenantServedOn', { tenantServedOn: '2026-03-03' }],
    ['boardNotifiedOn', { boardNotifiedOn: '2026-03-03' }],
    [
      'tenants[1].personnummer',
      {
        tenants: [
          { personnummer: A, name: 'A' },
          { personnummer: A.slice(2), name: 'A' },
        ],
      },
    ],
  ])('refuses a notice, naming %s', (field, overrides) => {
    const { errors, notice } = assessNotice(dto(overrides), TODAY);
    expect(errors.map((e) => e.field)).toEqual([field]);
    expect(notice).toBeUndefined();
  });

  it('flags missing dates, a zero amount, a window over before receipt and a past eviction date', () => {
    expect(assessNotice(dto({ tenantServedOn: null, boardNotifiedOn: null, arrearsSek: 0 }), TODAY).flags).toEqual([
      'tenant_served_on_missing',
      'board_notified_on_missing',
      'arrears_zero',
    ]);
    expect(
      assessNotice(
        dto({ receivedOn: '2026-03-09', tenantServedOn: '2026-01-05', boardNotifiedOn: '2026-01-05', evictionOn: '2026-03-01' }),
        TODAY,
      ).flags,
    ).toEqual(['recovery_window_ended_before_receipt', 'eviction_date_passed']);
  });
});

describe('senderKeyOf', () => {
  it('is the landlord for landlord sources, Kronofogden for enforcement, else the landlord named or "other"', () => {
    expect(senderKeyOf('landlord_disturbance', '5560359555')).toBe('5560359555');
    expect(senderKeyOf('enforcement_application', '5560359555')).toBe('kronofogden');
    expect(senderKeyOf('enforcement_eviction_date', null)).toBe('kronofogden');
    expect(senderKeyOf('other', null)).toBe('other');
    expect(senderKeyOf('other', '5560359555')).toBe('5560359555');
  });
});

describe('contentHash', () => {
  it('is the same for the same notice written differently, and differs for other content', () => {
    const one = assessNotice(
      dto({
        tenants: [
          { personnummer: A, name: 'A' },
          { personnummer: B, name: 'B' },
        ],
      }),
      TODAY,
    ).notice!;
    const two = assessNotice(
      dto({
        landlordOrgNumber: '5560359555',
        tenants: [
          { personnummer: B.slice(2), name: 'B' },
          { personnummer: A, name: 'A' },
        ],
      }),
      TODAY,
    ).notice!;
    expect(contentHash(one)).toBe(contentHash(two));
    expect(contentHash(assessNotice(dto({ arrearsSek: 1 }), TODAY).notice!)).not.toBe(contentHash(one));
  });
});
