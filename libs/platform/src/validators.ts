import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptions } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { registerDecorator, ValidationOptions } from 'class-validator';
import { isValidLocalDate } from '@bosam/calendar';
import { parseLandlordNumber, parseOrgNumber, parsePersonnummer } from '@bosam/identity';
import { CODE_MESSAGE, isCode } from './codes';

function predicate(name: string, test: (value: unknown) => boolean, message: string, options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name,
      target: target.constructor,
      propertyName,
      options: { message, ...options },
      validator: { validate: test },
    });
}

/**
 * The predicates and messages of the custom validators below, for code that checks the same values
 * without decorators (the notification file's compiled row validator).
 */
export const FIELD_CHECKS = {
  /** A calendar date `YYYY-MM-DD` that exists (dates the law counts are dates, not instants). */
  isLocalDate: {
    test: (v: unknown) => typeof v === 'string' && isValidLocalDate(v),
    message: 'must be a date as YYYY-MM-DD',
  },
  /** Personnummer or samordningsnummer in any written form; the message never repeats the number. */
  isPersonnummer: {
    test: (v: unknown) => typeof v === 'string' && parsePersonnummer(v).ok,
    message: 'must be a valid personnummer or samordningsnummer (date and check digit)',
  },
  /** Organisationsnummer: 10 digits with a Luhn check digit, dash optional. */
  isOrgNumber: {
    test: (v: unknown) => typeof v === 'string' && parseOrgNumber(v).ok,
    message: 'must be a valid organisationsnummer (10 digits with check digit)',
  },
  /** A landlord's number: an organisationsnummer, or a sole trader's personnummer (never repeated in the message). */
  isLandlordNumber: {
    test: (v: unknown) => typeof v === 'string' && parseLandlordNumber(v).ok,
    message: "must be a valid organisationsnummer, or a sole trader's personnummer (date and check digit)",
  },
  /** Kronor with at most two decimals, as a JSON number. */
  isKronor: {
    test: (v: unknown) =>
      typeof v === 'number' && Number.isFinite(v) && v >= 0 && v < 1e10 && Math.abs(Math.round(v * 100) - v * 100) < 1e-6,
    message: 'must be an amount in kronor (a number, not negative, at most two decimals)',
  },
} as const;

const check = (name: keyof typeof FIELD_CHECKS, options?: ValidationOptions) =>
  predicate(name, FIELD_CHECKS[name].test, FIELD_CHECKS[name].message, options);

/** A calendar date `YYYY-MM-DD` that exists (dates the law counts are dates, not instants). */
export const IsLocalDate = (options?: ValidationOptions) => check('isLocalDate', options);

/** Personnummer or samordningsnummer in any written form; the message never repeats the number. */
export const IsPersonnummer = (options?: ValidationOptions) => check('isPersonnummer', options);

/** Organisationsnummer: 10 digits with a Luhn check digit, dash optional. */
export const IsOrgNumber = (options?: ValidationOptions) => check('isOrgNumber', options);

/** A landlord's number: an organisationsnummer, or a sole trader's personnummer (never repeated in the message). */
export const IsLandlordNumber = (options?: ValidationOptions) => check('isLandlordNumber', options);

/** Kronor with at most two decimals, as a JSON number. */
export const IsKronor = (options?: ValidationOptions) => check('isKronor', options);

/** A district code (CODE_PATTERN). */
export const IsDistrictCode = (options?: ValidationOptions) => predicate('isDistrictCode', isCode, CODE_MESSAGE, options);

/** A unit code (CODE_PATTERN). */
export const IsUnitCode = (options?: ValidationOptions) => predicate('isUnitCode', isCode, CODE_MESSAGE, options);

/** Trims strings so that "  " counts as empty. */
export const Trim = () => Transform(({ value }) => (typeof value === 'string' ? value.trim() : value));

export const LocalDateProperty = (options: ApiPropertyOptions = {}) =>
  applyDecorators(ApiProperty({ type: String, format: 'date', example: '2026-03-02', ...options } as ApiPropertyOptions));

export const kronorToOre = (kronor: number): number => Math.round(kronor * 100);
export const oreToKronor = (ore: number | string | null): number | null => (ore === null || ore === undefined ? null : Number(ore) / 100);
