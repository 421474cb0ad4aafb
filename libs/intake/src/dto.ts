import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { DEADLINE_KINDS, DeadlineKind, NOTIFICATION_SOURCES, NotificationSource } from '@bosam/cases';
import { IsDistrictCode, IsKronor, IsLandlordNumber, IsLocalDate, IsPersonnummer, LocalDateProperty, Trim } from '@bosam/platform';

const POSTAL_CODE = /^\d{3} ?\d{2}$/;
/** Said of a notice's district that is not a code (the file's row validator says the same). */
export const DISTRICT_CODE_MESSAGE = 'must be a district code (2–16 capital letters, digits, - or _)';

/** The address of the home at risk. For a protected identity it is kept, but shown only in case detail. */
export class NotificationAddressDto {
  @ApiProperty({ example: 'Exempelgatan 1' })
  @Trim()
  @IsString()
  @Length(1, 200)
  street: string;

  @ApiProperty({ example: '123 45', description: 'Five digits, with or without the space.' })
  @Trim()
  @IsString()
  @Matches(POSTAL_CODE, { message: 'must be a Swedish postal code (five digits, e.g. 123 45)' })
  postalCode: string;

  @ApiProperty({ example: 'Stockholm' })
  @Trim()
  @IsString()
  @Length(1, 100)
  city: string;

  @ApiPropertyOptional({ example: '1102', nullable: true, type: String, description: 'Lägenhetsnummer.' })
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() || null : value))
  @IsOptional()
  @IsString()
  @Length(1, 20)
  apartment?: string | null;
}

export class NotificationTenantDto {
  @ApiProperty({
    example: '19121212-1212',
    description: 'Personnummer or samordningsnummer in any written form (YYMMDD-NNNN, YYMMDD+NNNN, YYYYMMDDNNNN …); stored as 12 digits.',
  })
  @IsString()
  @IsPersonnummer()
  personnummer: string;

  @ApiProperty({ example: 'Förnamn Efternamn' })
  @Trim()
  @IsString()
  @Length(1, 200)
  name: string;
}

/**
 * One notice that a household's home is at risk (API.md, Intake). The JSON route and every
 * row of a notification file are validated by this class, then by the source-dependent rules
 * in rules.ts, through IntakeService.receive (one validation path).
 */
export class CreateNotificationDto {
  @ApiProperty({ example: 'SKARP', description: "The district the notice is for; must be the caller's." })
  @IsString()
  @IsDistrictCode({ message: DISTRICT_CODE_MESSAGE })
  district: string;

  @ApiProperty({ enum: NOTIFICATION_SOURCES, example: 'landlord_arrears' })
  @IsIn(NOTIFICATION_SOURCES, { message: `must be one of ${NOTIFICATION_SOURCES.join(', ')}` })
  source: NotificationSource;

  @ApiProperty({
    example: 'SVB-2026-00123',
    description: "The sender's own reference. Source + sender + externalReference identify a notice: sent again, it is stored once.",
  })
  @Trim()
  @IsString()
  @Length(1, 100)
  externalReference: string;

  @ApiPropertyOptional({
    example: '556677-8899',
    nullable: true,
    type: String,
    description:
      "Organisationsnummer of the landlord (a sole trader's personnummer is accepted, and treated as personal data). " +
      'Required for landlord_arrears and landlord_disturbance.',
  })
  @IsOptional()
  @IsString()
  @IsLandlordNumber()
  landlordOrgNumber?: string | null;

  @LocalDateProperty({ description: 'The day the municipality received the notice. Not in the future.' })
  @IsLocalDate()
  receivedOn: string;

  @LocalDateProperty({
    required: false,
    nullable: true,
    example: '2026-02-26',
    description: 'The day the tenant was served (delgiven) the termination. Not after receivedOn.',
  })
  @IsOptional()
  @IsLocalDate()
  tenantServedOn?: string | null;

  @LocalDateProperty({
    required: false,
    nullable: true,
    example: '2026-02-27',
    description: 'The day the notice was sent to the social welfare board. Not after receivedOn.',
  })
  @IsOptional()
  @IsLocalDate()
  boardNotifiedOn?: string | null;

  @LocalDateProperty({
    required: false,
    nullable: true,
    example: null,
    description: "Kronofogden's eviction date. Required for enforcement_eviction_date.",
  })
  @IsOptional()
  @IsLocalDate()
  evictionOn?: string | null;

  @ApiPropertyOptional({
    example: 12345.5,
    nullable: true,
    type: Number,
    description: 'Rent owed in kronor, at most two decimals. Required for landlord_arrears.',
  })
  @IsOptional()
  @IsKronor()
  arrearsSek?: number | null;

  @ApiPropertyOptional({ example: 2, nullable: true, type: Number })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(240)
  monthsInArrears?: number | null;

  @ApiProperty({ type: NotificationAddressDto })
  @IsObject({ message: 'must be an object with street, postalCode, city and apartment' })
  @ValidateNested()
  @Type(() => NotificationAddressDto)
  address: NotificationAddressDto;

  @ApiProperty({ type: [NotificationTenantDto], description: 'At least one tenant; matching to a case goes through any of them.' })
  @IsArray()
  @ArrayMinSize(1, { message: 'must name at least one tenant' })
  @ArrayMaxSize(10)
  // ValidateNested passes over an array nested in the array: each item must be an object itself.
  @IsObject({ each: true, message: 'each tenant must be an object with personnummer and name' })
  @ValidateNested({ each: true })
  @Type(() => NotificationTenantDto)
  tenants: NotificationTenantDto[];

  @ApiProperty({ example: 2, minimum: 0 })
  @IsInt()
  @Min(0)
  @Max(30)
  childrenInHousehold: number;

  @ApiPropertyOptional({ default: false, description: 'Skyddade personuppgifter: the address never leaves case detail.' })
  @IsOptional()
  @IsBoolean()
  protectedIdentity?: boolean;
}

export class DeadlineView {
  @ApiProperty({ enum: DEADLINE_KINDS }) kind: DeadlineKind;
  @ApiProperty({ format: 'date', example: '2026-03-20' }) dueOn: string;
  @ApiProperty({ description: 'True when a date the law counts from was missing and had to be estimated.' }) estimated: boolean;
  @ApiProperty({
    format: 'date',
    nullable: true,
    type: String,
    description:
      'For an estimate, dueOn is the earliest day the window can end (plan by it); this is the latest, when the known dates bound it.',
  })
  latestDueOn: string | null;
  @ApiProperty({ description: 'The rule that produced the date, with the dates it was computed from.' }) rule: string;
}

/** What POST /notifications answers; stored with the notice and answered again, as it was, for an identical repeat. */
export class NotificationReceiptView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty({ description: 'A new case was opened for this notice.' }) newCase: boolean;
  @ApiProperty({ description: 'The household had a closed case in this district before.' }) recurrence: boolean;
  @ApiProperty({ type: [DeadlineView] }) deadlines: DeadlineView[];
  @ApiProperty({ type: [String], description: 'Things the meeting should look at (see NOTIFICATION_FLAGS).' }) flags: string[];
}

export type NotificationReceipt = {
  id: string;
  caseId: string;
  newCase: boolean;
  recurrence: boolean;
  deadlines: Array<{ kind: DeadlineKind; dueOn: string; estimated: boolean; latestDueOn: string | null; rule: string }>;
  flags: string[];
};

/** The fields of a stored notice an amendment may correct (each optional; `null` clears a date or amount that may be unknown). */
export class NotificationChangesDto {
  @ApiPropertyOptional({ example: '556677-8899', nullable: true, type: String })
  @IsOptional()
  @IsString()
  @IsLandlordNumber()
  landlordOrgNumber?: string | null;

  @LocalDateProperty({ required: false, description: 'Not in the future.' })
  @IsOptional()
  @IsLocalDate()
  receivedOn?: string;

  @LocalDateProperty({
    required: false,
    nullable: true,
    description:
      'The service on the tenant; unlike a new notice, an amendment may give a day after receivedOn (service often comes later).',
  })
  @IsOptional()
  @IsLocalDate()
  tenantServedOn?: string | null;

  @LocalDateProperty({ required: false, nullable: true, description: 'Not after receivedOn.' })
  @IsOptional()
  @IsLocalDate()
  boardNotifiedOn?: string | null;

  @LocalDateProperty({ required: false, nullable: true })
  @IsOptional()
  @IsLocalDate()
  evictionOn?: string | null;

  @ApiPropertyOptional({ example: 9800, nullable: true, type: Number })
  @IsOptional()
  @IsKronor()
  arrearsSek?: number | null;

  @ApiPropertyOptional({ example: 2, nullable: true, type: Number })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(240)
  monthsInArrears?: number | null;

  @ApiPropertyOptional({ example: 1, description: 'Also corrects the case when this is its latest notice.' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(30)
  childrenInHousehold?: number;

  @ApiPropertyOptional({ type: NotificationAddressDto, description: "Corrects the case's address when this is its latest notice." })
  @IsOptional()
  @IsObject({ message: 'must be an object with street, postalCode, city and apartment' })
  @ValidateNested()
  @Type(() => NotificationAddressDto)
  address?: NotificationAddressDto;
}

export class CreateAmendmentDto {
  @ApiProperty({ example: 'Hyresvärden rättade delgivningsdatum.', description: 'Why the notice is corrected (kept in the history).' })
  @Trim()
  @IsString()
  @Length(3, 500)
  reason: string;

  @ApiProperty({ type: NotificationChangesDto })
  @IsObject({ message: 'must be an object with the corrected fields' })
  @ValidateNested()
  @Type(() => NotificationChangesDto)
  changes: NotificationChangesDto;
}

export class AmendmentChangeView {
  @ApiProperty({ example: 'tenantServedOn' }) field: string;
  @ApiProperty({ example: 'delgivningsdatum' }) label: string;
  @ApiProperty({ nullable: true, type: String, description: 'The value before, as text (dates, kronor, numbers; an address in words).' })
  from: string | null;
  @ApiProperty({ nullable: true, type: String }) to: string | null;
}

export class AmendmentView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() reason: string;
  @ApiProperty({ type: [AmendmentChangeView] }) changes: AmendmentChangeView[];
  @ApiProperty() createdBy: string;
  @ApiProperty() createdAt: string;
}

export class NotificationDeadlineView extends DeadlineView {}

export class NotificationLandlordView {
  @ApiProperty({ example: '556677-8899', description: "A sole trader's personnummer is masked." }) orgNumber: string;
  @ApiProperty({ nullable: true, type: String }) name: string | null;
}

/** One notice as it stands (amendments applied), with its deadlines and the history of its corrections. */
export class NotificationView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty({ enum: NOTIFICATION_SOURCES }) source: string;
  @ApiProperty() externalReference: string;
  @ApiProperty({ type: NotificationLandlordView, nullable: true }) landlord: NotificationLandlordView | null;
  @ApiProperty({ format: 'date' }) receivedOn: string;
  @ApiProperty({ format: 'date', nullable: true, type: String }) tenantServedOn: string | null;
  @ApiProperty({ format: 'date', nullable: true, type: String }) boardNotifiedOn: string | null;
  @ApiProperty({ format: 'date', nullable: true, type: String }) evictionOn: string | null;
  @ApiProperty({ nullable: true, type: Number }) arrearsSek: number | null;
  @ApiProperty({ nullable: true, type: Number }) monthsInArrears: number | null;
  @ApiProperty() childrenInHousehold: number;
  @ApiProperty() protectedIdentity: boolean;
  @ApiProperty({ type: [String] }) flags: string[];
  @ApiProperty({ type: [NotificationDeadlineView] }) deadlines: NotificationDeadlineView[];
  @ApiProperty({ type: [AmendmentView], description: 'Corrections, oldest first; the notice above shows their result.' })
  amendments: AmendmentView[];
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) importId: string | null;
  @ApiProperty() createdAt: string;
}
