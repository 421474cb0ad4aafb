import { Type as Class } from '@nestjs/common';
import { createValidationPipe, DomainError, FieldError } from '@bosam/platform';

/**
 * Forms are checked by exactly what checks the API: the same DTO classes through the same validation
 * pipe, or the service's own validation. The English message of each field error is shown in Swedish
 * beside the field; a message not in this table shows a general Swedish text.
 */
const pipe = createValidationPipe();

export async function validateAs<T>(dto: Class<T>, value: unknown): Promise<T> {
  return (await pipe.transform(value, { type: 'body', metatype: dto })) as T;
}

/** Field errors of a refused form, by field name; undefined when the error is not a validation error. */
export type FormErrors = Record<string, string>;

const RULES: Array<[RegExp, (m: RegExpMatchArray) => string]> = [
  [/must be a date as YYYY-MM-DD/, () => 'Ange ett datum som ÅÅÅÅ-MM-DD.'],
  [/must be a valid personnummer/, () => 'Ange ett giltigt personnummer eller samordningsnummer (datum och kontrollsiffra).'],
  [/must be a valid organisationsnummer/, () => 'Ange ett giltigt organisationsnummer (10 siffror med kontrollsiffra).'],
  [/must be an amount in kronor/, () => 'Ange ett belopp i kronor (inte negativt, högst två decimaler).'],
  [/must not be in the future/, () => 'Datumet får inte ligga i framtiden.'],
  [/must not be before today/, () => 'Datumet får inte vara före dagens datum.'],
  [/the session has not taken place yet/, () => 'Mötet med hyresvärdarna har inte hållits än.'],
  [
    /is not one of the session’s landlords|the landlord is not one of the session’s landlords/,
    () => 'Hyresvärden är inte med på det här mötet.',
  ],
  [/must not be after receivedOn/, () => 'Datumet får inte vara senare än mottagningsdatumet.'],
  [/must not be before the case was opened \((.+)\)/, (m) => `Datumet får inte vara före ärendets början (${m[1]}).`],
  [/is required when source is/, () => 'Måste fyllas i för den här typen av underrättelse.'],
  [/is required when the status is done/, () => 'Ange datum då steget utfördes.'],
  [/required unless absent/, () => 'Ange vem som företräder enheten (eller markera frånvaro).'],
  [/names the same person as an earlier tenant/, () => 'Samma person är redan angiven.'],
  [/must name at least one tenant/, () => 'Ange minst en hyresgäst.'],
  [/must be a Swedish postal code/, () => 'Ange ett postnummer med fem siffror, t.ex. 123 45.'],
  [/must be a time as HH:mm/, () => 'Ange en tid som TT:MM.'],
  [/unit code|no such unit|not a unit of this district/, () => 'Välj en enhet i stadsdelen.'],
  [/district code/, () => 'Ange en kod med 2–16 versaler, siffror, - eller _.'],
  [/must be an ISO 8601 instant/, () => 'Ange datum och tid.'],
  [/must be one of|must be open|must be <=|must be xlsx/, () => 'Välj ett av alternativen.'],
  [/must name at least one category/, () => 'Välj minst en kategori.'],
  [/must name at least one landlord/, () => 'Välj minst en hyresvärd.'],
  [/must not be before firstOn/, () => 'Slutdatumet får inte vara före första mötet.'],
  [/must not be before the plan's current status was set \((.+)\)/, (m) => `Datumet får inte vara före planens senaste ändring (${m[1]}).`],
  [
    /must not be before the latest disturbance report \((.+)\)/,
    (m) => `Datumet får inte vara före den senaste störningsanmälan (${m[1]}).`,
  ],
  [/must not be before the consent was given \((.+)\)/, (m) => `Datumet får inte vara före den dag samtycket lämnades (${m[1]}).`],
  [/must not be before givenOn/, () => 'Slutdatumet får inte vara före den dag samtycket lämnades.'],
  [/is not a registered landlord/, () => 'Välj en registrerad hyresvärd.'],
  [/must be another case/, () => 'Välj ett annat ärende än det här.'],
  [/must be an open case/, () => 'Välj ett öppet ärende.'],
  [/must change at least one field/, () => 'Ändra minst en uppgift.'],
  [/nothing to correct|give address or childrenInHousehold/, () => 'Ändra adressen eller antalet barn: inget skiljer sig från ärendet nu.'],
  [/must be longer than or equal to (\d+) characters/, (m) => (m[1] === '1' ? 'Fältet måste fyllas i.' : `Minst ${m[1]} tecken.`)],
  [/should not be empty|must be a string/, () => 'Fältet måste fyllas i.'],
  [/must be shorter than or equal to (\d+) characters/, (m) => `Högst ${m[1]} tecken.`],
  [/must not be less than (\d+)/, (m) => `Minst ${m[1]}.`],
  [/must not be greater than (\d+)/, (m) => `Högst ${m[1]}.`],
  [/must be an integer number|must be a number/, () => 'Ange ett heltal.'],
  [/must be a boolean|must be true or false/, () => 'Välj ja eller nej.'],
];

export function swedish(message: string): string {
  for (const [pattern, say] of RULES) {
    const match = message.match(pattern);
    if (match) return say(match);
  }
  return 'Kontrollera värdet.';
}

/** A validation refusal as Swedish messages per field; other errors are not the form's to show. */
export function formErrors(error: unknown): FormErrors | undefined {
  if (!(error instanceof DomainError) || error.code !== 'VALIDATION_FAILED') return undefined;
  const result: FormErrors = {};
  for (const e of error.errors ?? ([{ field: 'form', message: error.message }] as FieldError[])) {
    result[e.field] ??= swedish(e.message);
  }
  return result;
}

/** Swedish text for a refusal that is not about one field (conflict, state, consent). */
export function swedishProblem(error: unknown): string | undefined {
  if (!(error instanceof DomainError)) return undefined;
  switch (error.code) {
    case 'MEETING_STATE':
      return 'Mötet är inte i ett läge som tillåter detta.';
    case 'CONFLICT':
    case 'NOTIFICATION_CONFLICT':
      return error.code === 'NOTIFICATION_CONFLICT'
        ? 'En annan underrättelse med samma referens finns redan.'
        : 'Det går inte just nu: uppgifterna har ändrats eller står i konflikt.';
    case 'FORBIDDEN':
      return 'Din roll får inte göra detta.';
    case 'CONSENT_MISSING':
      return 'Samtycke saknas för detta utbyte.';
    case 'VALIDATION_FAILED':
      return 'Kontrollera uppgifterna i formuläret.';
    default:
      return undefined;
  }
}
