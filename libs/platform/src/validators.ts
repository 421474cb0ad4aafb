import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptions } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { registerDecorator, ValidationOptions } from 'class-validator';
import { isValidLocalDate } from '@bosam/calendar';
import { parseLandlordNumber, parseOrgNumber, parsePersonnummer } from '@bosam/identity';

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

/** A calendar date `YYYY-MM-DD` that exists (dates the law counts are dates, not instants). */
export const IsLocalDate = (options?: ValidationOptions) =>
  predicate('isLocalDate', (v) => typeof v === 'string' && isValidLocalDate(v), 'must be a date as YYYY-MM-DD', options);

/** Personnummer or samordningsnummer in any written form; the message never repeats the number. */
export const IsPersonnummer = (options?: ValidationOptions) =>
  predicate(
    'isPersonnummer',
    (v) => typeof v === 'string' && parsePersonnummer(v).ok,
    'must be a valid personnummer or samordningsnummer (date and check digit)',
    options,
  );

/** Organisationsnummer: 10 digits with a Luhn check digit, dash optional. */
export const IsOrgNumber = (options?: ValidationOptions) =>
  predicate(
    'isOrgNumber',
    (v) => typeof v === 'string' && parseOrgNumber(v).ok,
    'must be a valid organisationsnummer (10 digits with check digit)',
    options,
  );

/** A landlord's number: an organisationsnummer, or a sole trader's personnummer (never repeated in the message). */
export const IsLandlordNumber = (options?: ValidationOptions) =>
  predicate(
    'isLandlordNumber',
    (v) => typeof v === 'string' && parseLandlordNumber(v).ok,
    "must be a valid organisationsnummer, or a sole trader's personnummer (date and check digit)",
    options,
  );

/** Kronor with at most two decimals, as a JSON number. */
export const IsKronor = (options?: ValidationOptions) =>
  predicate(
    'isKronor',
    (v) => typeof v === 'number' && Number.isFinite(v) && v >= 0 && v < 1e10 && Math.abs(Math.round(v * 100) - v * 100) < 1e-6,
    'must be an amount in kronor (a number, not negative, at most two decimals)',
    options,
  );

/** Trims strings so that "  " counts as empty. */
export const Trim = () => Transform(({ value }) => (typeof value === 'string' ? value.trim() : value));

export const LocalDateProperty = (options: ApiPropertyOptions = {}) =>
  applyDecorators(ApiProperty({ type: String, format: 'date', example: '2026-03-02', ...options } as ApiPropertyOptions));

export const kronorToOre = (kronor: number): number => Math.round(kronor * 100);
export const oreToKronor = (ore: number | string | null): number | null =>
  ore === null || ore === undefined ? null : Number(ore) / 100;
