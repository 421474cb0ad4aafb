import { arrayMaxSize, arrayMinSize, isBoolean, isIn, isInt, isString, length, matches, max, min } from 'class-validator';
import { NOTIFICATION_SOURCES } from '@bosam/cases';
import { CODE_PATTERN, FIELD_CHECKS, FieldError } from '@bosam/platform';
import { CreateNotificationDto, DISTRICT_CODE_MESSAGE } from './dto';

// CreateNotificationDto's rules written out by hand, for the shape every row of a notification file
// has (and most JSON bodies): known fields only, primitive values, the address a plain object, the
// tenants an array of plain objects. class-transformer and class-validator build several objects and
// walk the decorators' metadata for every row; this checks the same values with class-validator's own
// predicates and answers the same errors, with the same messages in the same order (the unit spec
// holds the two side by side). Anything outside that shape returns undefined: the caller validates it
// with class-validator.

type Primitive = string | number | boolean | null | undefined;

const TOP_FIELDS = new Set([
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
  'address',
  'tenants',
  'childrenInHousehold',
  'protectedIdentity',
]);
const ADDRESS_FIELDS = new Set(['street', 'postalCode', 'city', 'apartment']);
const TENANT_FIELDS = new Set(['personnummer', 'name']);

// The messages of the DTO's decorators (custom ones copied from dto.ts and the platform's validators,
// class-validator's defaults without the leading property name, as flattenValidationErrors leaves them).
const POSTAL_CODE = /^\d{3} ?\d{2}$/;
const MSG = {
  string: 'must be a string',
  district: DISTRICT_CODE_MESSAGE,
  source: `must be one of ${NOTIFICATION_SOURCES.join(', ')}`,
  int: 'must be an integer number',
  boolean: 'must be a boolean value',
  postalCode: 'must be a Swedish postal code (five digits, e.g. 123 45)',
  address: 'must be an object with street, postalCode, city and apartment',
  tenantObject: 'each tenant must be an object with personnummer and name',
  tenantsMin: 'must name at least one tenant',
  tenantsMax: 'must contain no more than 10 elements',
  array: 'must be an array',
} as const;

const isPrimitive = (v: unknown): v is Primitive =>
  v === null || (typeof v !== 'object' && typeof v !== 'function' && typeof v !== 'symbol' && typeof v !== 'bigint');
/** An object literal (of any realm): its prototype is an Object.prototype. Arrays, class instances and the like are not. */
const isPlainObject = (v: unknown): v is Record<string, unknown> => {
  if (typeof v !== 'object' || v === null) return false;
  const proto = Object.getPrototypeOf(v);
  return proto !== null && Object.getPrototypeOf(proto) === null;
};
const missing = (v: Primitive) => v === null || v === undefined;

/** class-validator's @Length message, which depends on the value (its `length`, whatever its type). */
function lengthMessage(v: Primitive, lo: number, hi: number): string {
  const len = (v as { length?: number } | null | undefined)?.length as number;
  if (!v || len < lo) return `must be longer than or equal to ${lo} characters`;
  if (len > hi) return `must be shorter than or equal to ${hi} characters`;
  return `must be longer than or equal to ${lo} and shorter than or equal to ${hi} characters`;
}

/** @Trim(): what class-transformer hands the validators. */
const trimmed = (v: Primitive): Primitive => (typeof v === 'string' ? v.trim() : v);

/** Every primitive own field of `o` is known; values primitive. False: not the row shape. */
function primitiveFields(o: Record<string, unknown>, known: Set<string>): boolean {
  for (const key in o) {
    if (!Object.prototype.hasOwnProperty.call(o, key)) continue;
    if (!known.has(key) || !isPrimitive(o[key])) return false;
  }
  return true;
}

/**
 * The DTO the validators see and the field errors class-validator would answer, or undefined when
 * `raw` is not of the row shape (validate it with class-validator).
 */
export function validateNoticeRow(raw: unknown): { dto?: CreateNotificationDto; errors: FieldError[] } | undefined {
  if (!isPlainObject(raw)) return undefined;
  for (const key in raw) {
    if (!Object.prototype.hasOwnProperty.call(raw, key)) continue;
    if (!TOP_FIELDS.has(key)) return undefined;
    if (key !== 'address' && key !== 'tenants' && !isPrimitive(raw[key])) return undefined;
  }
  const rawAddress = raw.address;
  if (rawAddress !== undefined && !(isPlainObject(rawAddress) && primitiveFields(rawAddress, ADDRESS_FIELDS))) return undefined;
  const rawTenants = raw.tenants;
  if (!Array.isArray(rawTenants)) {
    if (rawTenants !== undefined) return undefined;
  } else {
    for (let i = 0; i < rawTenants.length; i += 1) {
      const t = rawTenants[i];
      if (!isPlainObject(t) || !primitiveFields(t, TENANT_FIELDS)) return undefined;
    }
  }

  const errors: FieldError[] = [];
  const fail = (field: string, message: string) => errors.push({ field, message });

  const district = raw.district as Primitive;
  if (!matches(district as string, CODE_PATTERN)) fail('district', MSG.district);
  if (!isString(district)) fail('district', MSG.string);

  const source = raw.source as Primitive;
  if (!isIn(source, NOTIFICATION_SOURCES as unknown as unknown[])) fail('source', MSG.source);

  const externalReference = trimmed(raw.externalReference as Primitive);
  if (!length(externalReference, 1, 100)) fail('externalReference', lengthMessage(externalReference, 1, 100));
  if (!isString(externalReference)) fail('externalReference', MSG.string);

  const landlordOrgNumber = raw.landlordOrgNumber as Primitive;
  if (!missing(landlordOrgNumber)) {
    if (!FIELD_CHECKS.isLandlordNumber.test(landlordOrgNumber)) fail('landlordOrgNumber', FIELD_CHECKS.isLandlordNumber.message);
    if (!isString(landlordOrgNumber)) fail('landlordOrgNumber', MSG.string);
  }

  const receivedOn = raw.receivedOn as Primitive;
  if (!FIELD_CHECKS.isLocalDate.test(receivedOn)) fail('receivedOn', FIELD_CHECKS.isLocalDate.message);
  for (const field of ['tenantServedOn', 'boardNotifiedOn', 'evictionOn'] as const) {
    const v = raw[field] as Primitive;
    if (!missing(v) && !FIELD_CHECKS.isLocalDate.test(v)) fail(field, FIELD_CHECKS.isLocalDate.message);
  }

  const arrearsSek = raw.arrearsSek as Primitive;
  if (!missing(arrearsSek) && !FIELD_CHECKS.isKronor.test(arrearsSek)) fail('arrearsSek', FIELD_CHECKS.isKronor.message);

  const monthsInArrears = raw.monthsInArrears as Primitive;
  if (!missing(monthsInArrears)) integerIn('monthsInArrears', monthsInArrears, 0, 240, fail);

  let address: Record<string, Primitive> | undefined;
  if (rawAddress === undefined) fail('address', MSG.address);
  else {
    const a = rawAddress as Record<string, Primitive>;
    address = {};
    for (const key in a) if (Object.prototype.hasOwnProperty.call(a, key)) address[key] = a[key];
    const street = (address.street = trimmed(a.street));
    if (!length(street, 1, 200)) fail('address.street', lengthMessage(street, 1, 200));
    if (!isString(street)) fail('address.street', MSG.string);
    const postalCode = (address.postalCode = trimmed(a.postalCode));
    if (!matches(postalCode as string, POSTAL_CODE)) fail('address.postalCode', MSG.postalCode);
    if (!isString(postalCode)) fail('address.postalCode', MSG.string);
    const city = (address.city = trimmed(a.city));
    if (!length(city, 1, 100)) fail('address.city', lengthMessage(city, 1, 100));
    if (!isString(city)) fail('address.city', MSG.string);
    if ('apartment' in a) {
      const apartment = (address.apartment = typeof a.apartment === 'string' ? a.apartment.trim() || null : a.apartment);
      if (!missing(apartment)) {
        if (!length(apartment, 1, 20)) fail('address.apartment', lengthMessage(apartment, 1, 20));
        if (!isString(apartment)) fail('address.apartment', MSG.string);
      }
    }
  }

  let tenants: Array<Record<string, Primitive>> | undefined;
  if (!Array.isArray(rawTenants)) {
    fail('tenants', MSG.tenantObject);
    fail('tenants', MSG.tenantsMax);
    fail('tenants', MSG.tenantsMin);
    fail('tenants', MSG.array);
  } else {
    if (!arrayMaxSize(rawTenants, 10)) fail('tenants', MSG.tenantsMax);
    if (!arrayMinSize(rawTenants, 1)) fail('tenants', MSG.tenantsMin);
    tenants = new Array(rawTenants.length);
    for (let i = 0; i < rawTenants.length; i += 1) {
      const t = rawTenants[i] as Record<string, Primitive>;
      const tenant: Record<string, Primitive> = {};
      for (const key in t) if (Object.prototype.hasOwnProperty.call(t, key)) tenant[key] = t[key];
      const personnummer = t.personnummer;
      if (!FIELD_CHECKS.isPersonnummer.test(personnummer)) fail(`tenants[${i}].personnummer`, FIELD_CHECKS.isPersonnummer.message);
      if (!isString(personnummer)) fail(`tenants[${i}].personnummer`, MSG.string);
      const name = (tenant.name = trimmed(t.name));
      if (!length(name, 1, 200)) fail(`tenants[${i}].name`, lengthMessage(name, 1, 200));
      if (!isString(name)) fail(`tenants[${i}].name`, MSG.string);
      tenants[i] = tenant;
    }
  }

  const children = raw.childrenInHousehold as Primitive;
  integerIn('childrenInHousehold', children, 0, 30, fail);

  const protectedIdentity = raw.protectedIdentity as Primitive;
  if (!missing(protectedIdentity) && !isBoolean(protectedIdentity)) fail('protectedIdentity', MSG.boolean);

  if (errors.length > 0) return { errors };
  const dto: Record<string, unknown> = {};
  for (const key in raw) if (Object.prototype.hasOwnProperty.call(raw, key)) dto[key] = raw[key];
  dto.externalReference = externalReference;
  dto.address = address;
  dto.tenants = tenants;
  return { dto: dto as unknown as CreateNotificationDto, errors };
}

/** @IsInt() @Min(lo) @Max(hi), in class-validator's order (Max, Min, IsInt). */
function integerIn(field: string, v: Primitive, lo: number, hi: number, fail: (field: string, message: string) => void): void {
  if (!max(v, hi)) fail(field, `must not be greater than ${hi}`);
  if (!min(v, lo)) fail(field, `must not be less than ${lo}`);
  if (!isInt(v)) fail(field, MSG.int);
}
