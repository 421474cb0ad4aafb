import { createHash } from 'node:crypto';
import { compareDates, Deadline, evictionDeadline, recoveryWindowDeadline } from '@bosam/calendar';
import { NotificationSource } from '@bosam/cases';
import { canonicalPersonnummer, parseLandlordNumber } from '@bosam/identity';
import { FieldError, kronorToOre } from '@bosam/platform';
import { CreateNotificationDto } from './dto';

/**
 * Things a notice may carry that the meeting should look at. They do not stop the notice (a home
 * at risk is never turned away over a doubtful detail) but travel with it to the case.
 */
export const NOTIFICATION_FLAGS = {
  /** BOSAM.md: a missing date may make the notice invalid; the recovery window is then estimated. */
  tenant_served_on_missing: 'Delgivningsdatum saknas: återvinningsfristen är uppskattad.',
  board_notified_on_missing: 'Datum för underrättelse till socialnämnden saknas: återvinningsfristen är uppskattad.',
  /** BOSAM.md: a notice with a wrong amount may be invalid. */
  arrears_zero: 'Underrättelse om hyresskuld utan belopp (0 kr).',
  recovery_window_ended_before_receipt: 'Återvinningsfristen gick ut innan underrättelsen kom in.',
  eviction_date_passed: 'Avhysningsdagen låg före mottagningsdatum.',
  landlord_not_registered: 'Hyresvärdens organisationsnummer finns inte i registret.',
  several_open_cases: 'Hushållets personer finns i flera öppna ärenden; underrättelsen knöts till det äldsta.',
  address_differs: 'Underrättelsen gäller en annan adress än ärendets: kontrollera om hushållet har flyttat.',
} as const;
export type NotificationFlag = keyof typeof NOTIFICATION_FLAGS;

/** Sources whose sender is the landlord, and which therefore must name one (JB 12:25 and 12:44). */
const LANDLORD_SOURCES: readonly NotificationSource[] = ['landlord_arrears', 'landlord_disturbance'];

/** Kronofogden sends both enforcement sources; their references are Kronofogden's own (målnummer). */
export const ENFORCEMENT_SENDER = 'kronofogden';
/** A notice of source `other` that names no landlord (e.g. the person themselves, another authority). */
export const OTHER_SENDER = 'other';

/** The notice as stored: identity numbers canonical, money in öre, tenants in a stable order. */
export interface NormalizedNotice {
  district: string;
  source: NotificationSource;
  senderKey: string;
  externalReference: string;
  /** Ten digits, or null. */
  landlordOrgNumber: string | null;
  receivedOn: string;
  tenantServedOn: string | null;
  boardNotifiedOn: string | null;
  evictionOn: string | null;
  arrearsOre: number | null;
  monthsInArrears: number | null;
  address: { street: string; postalCode: string; city: string; apartment: string | null };
  /** Personnummer canonical (12 digits), sorted. */
  tenants: Array<{ personnummer: string; name: string }>;
  childrenInHousehold: number;
  protectedIdentity: boolean;
}

export interface Assessment {
  errors: FieldError[];
  notice?: NormalizedNotice;
  flags: NotificationFlag[];
  deadlines: Deadline[];
}

/** Who sent it: the landlord for landlord sources, Kronofogden for enforcement, else the landlord named or "other". */
export function senderKeyOf(source: NotificationSource, landlordOrgNumber: string | null): string {
  switch (source) {
    case 'landlord_arrears':
    case 'landlord_disturbance':
      return landlordOrgNumber ?? '';
    case 'enforcement_application':
    case 'enforcement_eviction_date':
      return ENFORCEMENT_SENDER;
    case 'other':
      return landlordOrgNumber ?? OTHER_SENDER;
  }
}

/**
 * The rules that depend on the source and on several fields at once (the DTO has checked each
 * field alone). Dates that cannot be are errors; details that may make the notice invalid in
 * law are flags for the meeting, never silent guesses (BOSAM.md, "Legal deadlines").
 */
export function assessNotice(dto: CreateNotificationDto, today: string): Assessment {
  const errors: FieldError[] = [];
  const flags: NotificationFlag[] = [];
  const need = (field: keyof CreateNotificationDto, present: boolean) => {
    if (!present) errors.push({ field, message: `is required when source is ${dto.source}` });
  };

  if (LANDLORD_SOURCES.includes(dto.source)) need('landlordOrgNumber', dto.landlordOrgNumber != null);
  // JB 12:44 3 st.: the notice to the board concerns rent arrears; its amount is what the meeting follows up.
  if (dto.source === 'landlord_arrears') need('arrearsSek', dto.arrearsSek != null);
  // Kronofogden's notice of the day of eviction (UB 16 kap.): the date is the whole point.
  if (dto.source === 'enforcement_eviction_date') need('evictionOn', dto.evictionOn != null);

  if (compareDates(dto.receivedOn, today) > 0) errors.push({ field: 'receivedOn', message: 'must not be in the future' });
  // A notice cannot report a service, or its own sending, that happened after it was received.
  if (dto.tenantServedOn && compareDates(dto.tenantServedOn, dto.receivedOn) > 0) {
    errors.push({ field: 'tenantServedOn', message: 'must not be after receivedOn' });
  }
  if (dto.boardNotifiedOn && compareDates(dto.boardNotifiedOn, dto.receivedOn) > 0) {
    errors.push({ field: 'boardNotifiedOn', message: 'must not be after receivedOn' });
  }

  const tenants = dto.tenants.map((tenant) => ({ personnummer: canonicalPersonnummer(tenant.personnummer, today), name: tenant.name }));
  tenants.forEach((tenant, index) => {
    if (tenants.findIndex((other) => other.personnummer === tenant.personnummer) < index) {
      errors.push({ field: `tenants[${index}].personnummer`, message: 'names the same person as an earlier tenant' });
    }
  });
  if (errors.length > 0) return { errors, flags, deadlines: [] };

  const landlordOrgNumber = dto.landlordOrgNumber ? orgCanonical(dto.landlordOrgNumber) : null;
  const notice: NormalizedNotice = {
    district: dto.district,
    source: dto.source,
    senderKey: senderKeyOf(dto.source, landlordOrgNumber),
    externalReference: dto.externalReference,
    landlordOrgNumber,
    receivedOn: dto.receivedOn,
    tenantServedOn: dto.tenantServedOn ?? null,
    boardNotifiedOn: dto.boardNotifiedOn ?? null,
    evictionOn: dto.evictionOn ?? null,
    arrearsOre: dto.arrearsSek == null ? null : kronorToOre(dto.arrearsSek),
    monthsInArrears: dto.monthsInArrears ?? null,
    address: {
      street: dto.address.street,
      postalCode: dto.address.postalCode.replace(/^(\d{3}) ?(\d{2})$/, '$1 $2'),
      city: dto.address.city,
      apartment: dto.address.apartment ?? null,
    },
    tenants: tenants.sort((a, b) => (a.personnummer < b.personnummer ? -1 : a.personnummer > b.personnummer ? 1 : 0)),
    childrenInHousehold: dto.childrenInHousehold,
    protectedIdentity: dto.protectedIdentity ?? false,
  };

  return { errors, notice, ...noticeDeadlines(notice) };
}

/** The facts of a notice its deadlines and date flags are computed from (a stored notice has them too). */
export type DatedNotice = Pick<
  NormalizedNotice,
  'source' | 'receivedOn' | 'tenantServedOn' | 'boardNotifiedOn' | 'evictionOn' | 'arrearsOre'
>;

/** The flags noticeDeadlines raises: recomputed whenever the notice's facts change (an amendment). */
export const DATE_FLAGS: readonly NotificationFlag[] = [
  'tenant_served_on_missing',
  'board_notified_on_missing',
  'arrears_zero',
  'recovery_window_ended_before_receipt',
  'eviction_date_passed',
];

/** The legal deadlines of a notice (@bosam/calendar) and the flags its dates and amount raise. */
export function noticeDeadlines(notice: DatedNotice): { flags: NotificationFlag[]; deadlines: Deadline[] } {
  const flags: NotificationFlag[] = [];
  const deadlines: Deadline[] = [];
  if (notice.source === 'landlord_arrears') {
    if (!notice.tenantServedOn) flags.push('tenant_served_on_missing');
    if (!notice.boardNotifiedOn) flags.push('board_notified_on_missing');
    if (notice.arrearsOre === 0) flags.push('arrears_zero');
    const window = recoveryWindow(notice.receivedOn, notice.tenantServedOn, notice.boardNotifiedOn);
    if (compareDates(window.dueOn, notice.receivedOn) < 0) flags.push('recovery_window_ended_before_receipt');
    deadlines.push(window);
  }
  if (notice.evictionOn) {
    if (compareDates(notice.evictionOn, notice.receivedOn) < 0) flags.push('eviction_date_passed');
    deadlines.push(evictionDeadline(notice.evictionOn));
  }
  return { flags, deadlines };
}

// A file's rows share a few dates: each distinct set of dates is computed once (the values are pure
// functions of the dates; every caller gets its own copy).
const windows = new Map<string, Deadline>();
function recoveryWindow(receivedOn: string, tenantServedOn: string | null, boardNotifiedOn: string | null): Deadline {
  const key = `${receivedOn}|${tenantServedOn ?? ''}|${boardNotifiedOn ?? ''}`;
  let window = windows.get(key);
  if (!window) {
    window = recoveryWindowDeadline({ receivedOn, tenantServedOn, boardNotifiedOn });
    if (windows.size >= 20_000) windows.clear();
    windows.set(key, window);
  }
  return { ...window };
}

/** What makes two notices with the same reference "the same content". */
export function contentHash(notice: NormalizedNotice): string {
  return createHash('sha256').update(JSON.stringify(notice)).digest('hex');
}

function orgCanonical(value: string): string {
  const parsed = parseLandlordNumber(value);
  if (!parsed.ok) throw new Error('assessNotice: the organisationsnummer was not validated');
  return parsed.canonical;
}
