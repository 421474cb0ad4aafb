import { ValidationError, ValidationPipe } from '@nestjs/common';
import { FieldError, invalidFields } from '../errors';

/**
 * class-validator's nested errors as a flat list of `{ field, message }`, with array indexes as
 * `tenants[0].personnummer`. Shared by the HTTP pipe and by services that validate raw input themselves.
 */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = /^\d+$/.test(error.property) ? `${parent}[${error.property}]` : parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({
      field,
      // class-validator's messages start with the property name; say it once, in `field`.
      message: message.startsWith(`${error.property} `) ? message.slice(error.property.length + 1) : message,
    }));
    return own.concat(flattenValidationErrors(error.children ?? [], field));
  });
}

/**
 * Unknown fields are an error (nothing is stripped silently), values are transformed to
 * the DTO's types, and every failure names its field.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => invalidFields(flattenValidationErrors(errors)),
  });
}
