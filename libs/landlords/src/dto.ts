import { ApiProperty, ApiPropertyOptional, ApiPropertyOptions } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsDistrictCode, IsLandlordNumber, IsLocalDate, LocalDateProperty, Trim } from '@bosam/platform';
import {
  CONSENT_CATEGORIES,
  CONSENT_FORMS,
  ConsentCategory,
  ConsentForm,
  EXCHANGE_DIRECTIONS,
  ExchangeDirection,
  LIAISON_SESSION_STATUSES,
  LiaisonSessionStatus,
} from './entities';

const CATEGORY_MESSAGE = `each must be one of ${CONSENT_CATEGORIES.join(', ')}`;
export const EXCHANGE_SUMMARY_MAX = 2000;

export class CreateConsentDto {
  @ApiProperty({ example: '556677-8899', description: 'The landlord the consent names (organisationsnummer); it must be registered.' })
  @IsString()
  @IsLandlordNumber()
  landlordOrgNumber: string;

  @ApiProperty({ enum: CONSENT_CATEGORIES, isArray: true, example: ['arrears_status', 'social_services_contact'] })
  @IsArray()
  @ArrayMinSize(1, { message: 'must name at least one category' })
  @ArrayMaxSize(CONSENT_CATEGORIES.length)
  @ArrayUnique({ message: 'must not name a category twice' })
  @IsIn(CONSENT_CATEGORIES, { each: true, message: CATEGORY_MESSAGE })
  categories: ConsentCategory[];

  @LocalDateProperty({ description: 'From when the consent covers exchanges.' })
  @IsLocalDate()
  givenOn: string;

  @LocalDateProperty({ required: false, nullable: true, description: 'The last day it covers; none: until withdrawn.' })
  @IsOptional()
  @IsLocalDate()
  validUntil?: string | null;

  @ApiProperty({ enum: CONSENT_FORMS })
  @IsIn(CONSENT_FORMS, { message: `must be one of ${CONSENT_FORMS.join(', ')}` })
  form: ConsentForm;

  @ApiProperty({ example: 'Anna Andersson, journalanteckning 2026-03-05', description: 'Who documented the consent, and where.' })
  @Trim()
  @IsString()
  @Length(1, 200)
  documentedBy: string;
}

export class WithdrawConsentDto {
  @LocalDateProperty({
    description: 'The day of the withdrawal; from that day on the consent covers nothing. Not in the future, not before givenOn.',
  })
  @IsLocalDate()
  on: string;
}

export class ConsentLandlordView {
  @ApiProperty({ example: '556677-8899' }) orgNumber: string;
  @ApiProperty() name: string;
}

export class ConsentView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty({ type: ConsentLandlordView }) landlord: ConsentLandlordView;
  @ApiProperty({ enum: CONSENT_CATEGORIES, isArray: true }) categories: ConsentCategory[];
  @ApiProperty({ format: 'date' }) givenOn: string;
  @ApiProperty({ format: 'date', nullable: true, type: String }) validUntil: string | null;
  @ApiProperty({ enum: CONSENT_FORMS }) form: ConsentForm;
  @ApiProperty() documentedBy: string;
  @ApiProperty({ format: 'date', nullable: true, type: String }) withdrawnOn: string | null;
  @ApiProperty({ enum: ['valid', 'expired', 'withdrawn', 'not_yet_valid'], description: 'As of today (Europe/Stockholm).' })
  status: 'valid' | 'expired' | 'withdrawn' | 'not_yet_valid';
}

export class CreateExchangeDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'must be a uuid' })
  caseId: string;

  @ApiProperty({ example: '556677-8899' })
  @IsString()
  @IsLandlordNumber()
  landlordOrgNumber: string;

  @LocalDateProperty({
    required: false,
    description:
      'The day of the exchange; not in the future. With sessionId it is the session’s date (may be left out; another date is 400).',
  })
  @IsOptional()
  @IsLocalDate()
  on?: string;

  @ApiProperty({ enum: EXCHANGE_DIRECTIONS })
  @IsIn(EXCHANGE_DIRECTIONS, { message: `must be one of ${EXCHANGE_DIRECTIONS.join(', ')}` })
  direction: ExchangeDirection;

  @ApiProperty({ enum: CONSENT_CATEGORIES, isArray: true, description: 'The categories of information exchanged; each must be consented.' })
  @IsArray()
  @ArrayMinSize(1, { message: 'must name at least one category' })
  @ArrayMaxSize(CONSENT_CATEGORIES.length)
  @ArrayUnique({ message: 'must not name a category twice' })
  @IsIn(CONSENT_CATEGORIES, { each: true, message: CATEGORY_MESSAGE })
  categories: ConsentCategory[];

  @ApiProperty({
    maxLength: EXCHANGE_SUMMARY_MAX,
    description: 'What was exchanged, in brief (free text; keep it to the consented categories).',
  })
  @Trim()
  @IsString()
  @Length(1, EXCHANGE_SUMMARY_MAX)
  summary: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'The liaison session where it took place; the landlord must be one of its landlords.',
  })
  @IsOptional()
  @IsUUID('all', { message: 'must be a uuid' })
  sessionId?: string;
}

export class ExchangeView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty({ type: ConsentLandlordView }) landlord: ConsentLandlordView;
  @ApiProperty({ format: 'date' }) on: string;
  @ApiProperty({ enum: EXCHANGE_DIRECTIONS }) direction: ExchangeDirection;
  @ApiProperty({ enum: CONSENT_CATEGORIES, isArray: true }) categories: ConsentCategory[];
  @ApiProperty() summary: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) sessionId: string | null;
  @ApiProperty({ type: [String], description: 'The consents that covered the exchange on its date.' }) consentIds: string[];
  @ApiProperty({ description: 'Who recorded it (the name on their sign-in).' }) who: string;
}

export class CreateLiaisonSessionDto {
  @ApiProperty({ example: 'SKARP', description: "The caller's district." })
  @IsString()
  @IsDistrictCode()
  district: string;

  @LocalDateProperty({ description: 'The day of the session.' })
  @IsLocalDate()
  on: string;

  @ApiProperty({ type: [String], example: ['556677-8899'], description: 'The landlords invited (registered organisationsnummer).' })
  @IsArray()
  @ArrayMinSize(1, { message: 'must name at least one landlord' })
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @IsLandlordNumber({ each: true })
  landlordOrgNumbers: string[];
}

export class ListLiaisonSessionsQuery {
  @ApiPropertyOptional({ example: 'SKARP', description: "Defaults to the caller's district; any other answers 404." })
  @IsOptional()
  @IsDistrictCode()
  district?: string;
}

export class LiaisonSessionLandlordView {
  @ApiProperty({ format: 'uuid', description: 'The landlord in the register (GET /landlords).' }) id: string;
  @ApiProperty({ example: '556677-8899', description: "A sole trader's personnummer is masked." }) orgNumber: string;
  @ApiProperty() name: string;
  @ApiProperty({
    type: [String],
    nullable: true,
    description: 'Who came for the landlord; null until the attendance is recorded, empty when nobody came.',
  })
  attendees: string[] | null;
}

export class LiaisonSessionView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() district: string;
  @ApiProperty({ format: 'date' }) on: string;
  @ApiProperty({ enum: LIAISON_SESSION_STATUSES, description: 'planned; held once the attendance is recorded; cancelled.' })
  status: LiaisonSessionStatus;
  @ApiProperty({ type: String, nullable: true }) cancelReason: string | null;
  @ApiProperty({ type: [LiaisonSessionLandlordView] }) landlords: LiaisonSessionLandlordView[];
}

export class LiaisonSessionExchangeView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty({ type: ConsentLandlordView }) landlord: ConsentLandlordView;
  @ApiProperty({ format: 'date', description: 'The session’s date.' }) on: string;
  @ApiProperty({ enum: EXCHANGE_DIRECTIONS }) direction: ExchangeDirection;
  @ApiProperty({ enum: CONSENT_CATEGORIES, isArray: true }) categories: ConsentCategory[];
  @ApiProperty() summary: string;
  @ApiProperty() who: string;
}

export class LiaisonSessionDetailView extends LiaisonSessionView {
  @ApiProperty({ type: [LiaisonSessionExchangeView], description: 'What was shared or agreed per case at the session.' })
  exchanges: LiaisonSessionExchangeView[];
}

export class LiaisonAttendanceEntryDto {
  @ApiProperty({ example: '556677-8899', description: 'One of the session’s landlords.' })
  @IsString()
  @IsLandlordNumber()
  landlordOrgNumber: string;

  @ApiProperty({ type: [String], example: ['Karin Fastighetschef'], description: 'Who came for the landlord; empty: nobody came.' })
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Length(1, 200, { each: true })
  attendees: string[];
}

export class LiaisonAttendanceDto {
  @ApiProperty({ type: [LiaisonAttendanceEntryDto], description: 'Per landlord; landlords left out keep what was recorded (or nothing).' })
  @IsArray()
  @ArrayMinSize(1, { message: 'must name at least one landlord' })
  @ArrayMaxSize(50)
  @IsObject({ each: true, message: 'each entry must be an object with landlordOrgNumber and attendees' })
  @ValidateNested({ each: true })
  @Type(() => LiaisonAttendanceEntryDto)
  landlords: LiaisonAttendanceEntryDto[];
}

export class CancelLiaisonSessionDto {
  @ApiProperty({ example: 'Hyresvärdarna kunde inte delta; nytt datum bokas.' })
  @Trim()
  @IsString()
  @Length(1, 500)
  reason: string;
}

export class LiaisonTermWarningView {
  @ApiProperty({ enum: ['few_liaison_sessions'] }) code: 'few_liaison_sessions';
  @ApiProperty({ description: 'In Swedish, for the start page and the evaluation.' }) text: string;
}

export class LiaisonTermView {
  @ApiProperty({ example: '2026-HT' }) term: string;
  @ApiProperty() held: number;
  @ApiProperty() planned: number;
  @ApiProperty() cancelled: number;
  @ApiProperty({ type: LiaisonTermWarningView, nullable: true, description: 'Fewer than two held or planned sessions in the term.' })
  warning: LiaisonTermWarningView | null;
}

export const CONSENT_STATUSES = ['valid', 'expired', 'withdrawn', 'not_yet_valid'] as const;

export class ListConsentsQuery {
  @ApiPropertyOptional({ example: 'SKARP', description: "Defaults to the caller's district; any other answers 404." })
  @IsOptional()
  @IsDistrictCode()
  district?: string;

  @ApiPropertyOptional({ example: '556677-8899', description: 'Only consents naming this landlord.' })
  @IsOptional()
  @IsString()
  @IsLandlordNumber()
  landlord?: string;

  @ApiPropertyOptional({ enum: CONSENT_STATUSES, description: 'Status as of today.' })
  @IsOptional()
  @IsIn(CONSENT_STATUSES, { message: `must be one of ${CONSENT_STATUSES.join(', ')}` })
  status?: (typeof CONSENT_STATUSES)[number];

  @ApiPropertyOptional({ example: 30, description: 'Only valid consents whose last day is within this many days from today.' })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'must be a whole number of days' })
  @Min(0)
  @Max(3650)
  expiringWithinDays?: number;
}

export class ConsentListItemView extends ConsentView {
  @ApiProperty({ type: [String], description: 'The household’s names, for the coordinator to recognise it (never identity numbers).' })
  tenantNames: string[];
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Days from today to validUntil while valid; null without an end or when not valid.',
  })
  daysLeft: number | null;
  @ApiProperty({ description: 'Valid and ending within 30 days: listed first.' }) expiringSoon: boolean;
}

/**
 * A count in landlord material, as shown: "0", "12", or "<5" for 1–4 so that nobody can be recognised.
 * Always a string, so that the suppressed and the exact counts have one type.
 */
export type SuppressedCount = string;
const COUNT: ApiPropertyOptions = { type: String, example: '<5', description: 'A count as shown: 1–4 as "<5".' };

export class LiaisonNoticesBySource {
  @ApiProperty(COUNT) landlord_arrears: SuppressedCount;
  @ApiProperty(COUNT) landlord_disturbance: SuppressedCount;
  @ApiProperty(COUNT) enforcement_application: SuppressedCount;
  @ApiProperty(COUNT) enforcement_eviction_date: SuppressedCount;
  @ApiProperty(COUNT) other: SuppressedCount;
}

export class LiaisonGeneralView {
  @ApiProperty({ example: '2026-HT', description: 'The term of the session date.' }) term: string;
  @ApiProperty({ example: '2026-VT' }) previousTerm: string;
  @ApiProperty(COUNT) openCases: SuppressedCount;
  @ApiProperty({ ...COUNT, description: 'Open cases of households with children; 1–4 shown as "<5".' })
  householdsWithChildren: SuppressedCount;
  @ApiProperty(COUNT) noticesThisTerm: SuppressedCount;
  @ApiProperty({
    type: LiaisonNoticesBySource,
    description: 'Notices received this term (up to the session date) from or about this landlord, by kind.',
  })
  noticesThisTermBySource: LiaisonNoticesBySource;
  @ApiProperty(COUNT) noticesPreviousTerm: SuppressedCount;
  @ApiProperty({ type: LiaisonNoticesBySource, description: 'The same for the whole previous term.' })
  noticesPreviousTermBySource: LiaisonNoticesBySource;
  @ApiProperty({ ...COUNT, description: 'Cases closed this term (up to the session date) with the outcome evicted.' })
  evictionsThisTerm: SuppressedCount;
  @ApiProperty({ ...COUNT, description: 'The same for the previous term.' }) evictionsPreviousTerm: SuppressedCount;
}

export class LiaisonDeadlineView {
  @ApiProperty({ enum: ['recovery_window', 'eviction'] }) kind: string;
  @ApiProperty({ format: 'date' }) dueOn: string;
  @ApiProperty() estimated: boolean;
  @ApiProperty() rule: string;
}

export class LiaisonArrearsStatus {
  @ApiProperty({ description: 'Remaining debt as last reported, kronor.' }) arrearsSek: number;
  @ApiProperty({ nullable: true, type: Number }) monthsInArrears: number | null;
  @ApiProperty({ type: [LiaisonDeadlineView], description: 'Legal deadlines due on or after the session date.' })
  deadlines: LiaisonDeadlineView[];
}

export class LiaisonRepaymentPlan {
  @ApiProperty({ description: 'Bosam does not store repayment plans: always false; see the exchanges.' }) recorded: boolean;
  @ApiProperty({
    format: 'date',
    nullable: true,
    type: String,
    description: 'The latest exchange with this landlord about the repayment plan.',
  })
  lastExchangeOn: string | null;
}

export class LiaisonContactStatus {
  @ApiProperty({ description: 'Social services have reached the household.' }) established: boolean;
  @ApiProperty({ format: 'date', nullable: true, type: String }) since: string | null;
}

export class LiaisonSupportMeasures {
  @ApiProperty({ description: 'Open next steps exist (never which unit).' }) inPlace: boolean;
  @ApiProperty() openNextSteps: number;
}

export class LiaisonHousehold {
  @ApiProperty() childrenInHousehold: number;
}

export class LiaisonCaseCategories {
  @ApiPropertyOptional({ type: LiaisonArrearsStatus }) arrears_status?: LiaisonArrearsStatus;
  @ApiPropertyOptional({ type: LiaisonRepaymentPlan }) repayment_plan?: LiaisonRepaymentPlan;
  @ApiPropertyOptional({ type: LiaisonContactStatus }) social_services_contact?: LiaisonContactStatus;
  @ApiPropertyOptional({ type: LiaisonSupportMeasures }) support_measures?: LiaisonSupportMeasures;
  @ApiPropertyOptional({ type: LiaisonHousehold }) household?: LiaisonHousehold;
}

export class LiaisonAddressView {
  @ApiProperty({ nullable: true, type: String }) street: string | null;
  @ApiProperty({ nullable: true, type: String }) postalCode: string | null;
  @ApiProperty({ nullable: true, type: String }) city: string | null;
  @ApiProperty({ nullable: true, type: String }) apartment: string | null;
}

export class LiaisonCaseView {
  @ApiProperty({ example: 1, description: 'The running number in this agenda: what the printed document shows instead of any id.' })
  number: number;
  @ApiProperty({ format: 'uuid', description: 'For the coordinator, to record exchanges; never printed.' }) caseId: string;
  @ApiProperty({ type: [String], description: 'Names only: no identity numbers in landlord material.' }) tenantNames: string[];
  @ApiProperty({ type: LiaisonAddressView }) address: LiaisonAddressView;
  @ApiProperty({ enum: CONSENT_CATEGORIES, isArray: true, description: 'The categories consented for this landlord on the session date.' })
  consentedCategories: ConsentCategory[];
  @ApiProperty({ type: LiaisonCaseCategories, description: 'Only the consented categories are present.' })
  categories: LiaisonCaseCategories;
}

export class LiaisonDistrictView {
  @ApiProperty() code: string;
  @ApiProperty() name: string;
}

export class LiaisonAgendaView {
  @ApiProperty({ format: 'uuid' }) sessionId: string;
  @ApiProperty({ format: 'date' }) on: string;
  @ApiProperty({ enum: LIAISON_SESSION_STATUSES }) status: LiaisonSessionStatus;
  @ApiProperty({ type: LiaisonDistrictView, description: 'The social services party.' }) district: LiaisonDistrictView;
  @ApiProperty({ type: ConsentLandlordView }) landlord: ConsentLandlordView;
  @ApiProperty({ type: [LiaisonSessionLandlordView], description: 'The landlords invited to the session, with who came once recorded.' })
  parties: LiaisonSessionLandlordView[];
  @ApiProperty({ type: LiaisonGeneralView, description: 'Counts only, never identities.' }) general: LiaisonGeneralView;
  @ApiProperty({
    type: [LiaisonCaseView],
    description: 'Only open cases of this landlord with a consent valid on the session date; never a protected identity.',
  })
  cases: LiaisonCaseView[];
}
