import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
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
import {
  CODE_MESSAGE,
  IsDistrictCode,
  IsKronor,
  IsLandlordNumber,
  IsLocalDate,
  IsUnitCode,
  LocalDateProperty,
  Trim,
} from '@bosam/platform';
import {
  BALANCE_SOURCES,
  BalanceSource,
  CASE_OUTCOMES,
  CaseOutcome,
  CONTACT_CHANNELS,
  CONTACT_OUTCOMES,
  ContactChannel,
  ContactOutcome,
  DEADLINE_KINDS,
  DeadlineKind,
  NOTIFICATION_SOURCES,
  REPAYMENT_PLAN_STATUSES,
  RepaymentPlanStatus,
} from './entities';

export const CASE_LIST_MAX_LIMIT = 200;

export class ListCasesQuery {
  @ApiPropertyOptional({ example: 'SKARP', description: "Defaults to the caller's district; any other answers 404." })
  @IsOptional()
  @IsDistrictCode()
  district?: string;

  @ApiPropertyOptional({ enum: ['open', 'closed'] })
  @IsOptional()
  @IsIn(['open', 'closed'], { message: 'must be open or closed' })
  status?: 'open' | 'closed';

  @ApiPropertyOptional({ type: Boolean, description: 'true: households with children only; false: without.' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'must be true or false' })
  children?: boolean;

  @LocalDateProperty({ required: false, description: 'Cases with a legal deadline (recovery window or eviction) due before this date.' })
  @IsOptional()
  @IsLocalDate()
  deadlineBefore?: string;

  @LocalDateProperty({ required: false, description: 'With deadlineBefore: only deadlines due on or after this date (e.g. today).' })
  @IsOptional()
  @IsLocalDate()
  deadlineFrom?: string;

  @ApiPropertyOptional({ example: 'EKB', description: 'Cases whose client is known to this unit.' })
  @IsOptional()
  @IsUnitCode()
  unit?: string;

  @ApiPropertyOptional({
    example: '556035-9555',
    description: "Cases with a notice naming this landlord (organisationsnummer, or a sole trader's personnummer).",
  })
  @IsOptional()
  @IsString()
  @IsLandlordNumber()
  landlord?: string;

  @ApiPropertyOptional({
    example: 'anna pal',
    description:
      "Search: a tenant's name (each word a prefix of a word of the name, case and accents aside) or identity number in any written form. " +
      'Needs the header X-Access-Reason (else 400 ACCESS_REASON_REQUIRED); the search and its reason are audited.',
  })
  @IsOptional()
  @IsString()
  @Length(2, 100)
  q?: string;

  @ApiPropertyOptional({ default: 50, minimum: 1, maximum: CASE_LIST_MAX_LIMIT })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(CASE_LIST_MAX_LIMIT)
  limit?: number;

  @ApiPropertyOptional({ default: 0, minimum: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  offset?: number;
}

export class SetCaseUnitsDto {
  @ApiProperty({ example: ['EKB', 'VUX'], description: 'Every unit the client is known to (replaces the list).' })
  @IsArray()
  @ArrayMaxSize(30)
  @IsUnitCode({ each: true, message: `each unit ${CODE_MESSAGE}` })
  units: string[];
}

export class CreateContactDto {
  @LocalDateProperty({ description: 'The day of the outreach attempt; not in the future, not before the case opened.' })
  @IsLocalDate()
  on: string;

  @ApiProperty({ enum: CONTACT_CHANNELS })
  @IsIn(CONTACT_CHANNELS, { message: `must be one of ${CONTACT_CHANNELS.join(', ')}` })
  channel: ContactChannel;

  @ApiPropertyOptional({ description: 'Whether the person was reached; may be left out when `outcome` says it.' })
  @IsOptional()
  @IsBoolean()
  reached?: boolean;

  @ApiPropertyOptional({
    enum: CONTACT_OUTCOMES,
    description: 'reached, home_visit_made and declined mean the person was reached; no_answer and letter_sent that they were not.',
  })
  @IsOptional()
  @IsIn(CONTACT_OUTCOMES, { message: `must be one of ${CONTACT_OUTCOMES.join(', ')}` })
  outcome?: ContactOutcome;

  @ApiPropertyOptional({ example: 'Lämnade lapp i dörren.', description: 'A short note, at most 500 characters.' })
  @IsOptional()
  @Trim()
  @IsString()
  @Length(1, 500)
  note?: string;

  @ApiPropertyOptional({ example: 'Anna Andersson', description: "Who made the contact; defaults to the caller's name." })
  @IsOptional()
  @Trim()
  @IsString()
  @Length(1, 200)
  madeBy?: string;
}

export class ReopenCaseDto {
  @ApiProperty({ example: 'Stängdes av misstag: fel ärende.', description: 'Why the case is reopened (kept on the timeline).' })
  @Trim()
  @IsString()
  @Length(3, 500)
  reason: string;
}

export class CaseAddressDto {
  @ApiProperty({ example: 'Exempelgatan 1' })
  @Trim()
  @IsString()
  @Length(1, 200)
  street: string;

  @ApiProperty({ example: '123 45' })
  @Trim()
  @IsString()
  @Matches(/^\d{3} ?\d{2}$/, { message: 'must be a Swedish postal code (five digits, e.g. 123 45)' })
  postalCode: string;

  @ApiProperty({ example: 'Stockholm' })
  @Trim()
  @IsString()
  @Length(1, 100)
  city: string;

  @ApiPropertyOptional({ example: '1102', nullable: true, type: String })
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() || null : value))
  @IsOptional()
  @IsString()
  @Length(1, 20)
  apartment?: string | null;
}

/** An obvious data-entry error in the case's address or number of children, corrected with a reason. */
export class CorrectCaseDto {
  @ApiProperty({ example: 'Fel lägenhetsnummer vid registreringen.' })
  @Trim()
  @IsString()
  @Length(3, 500)
  reason: string;

  @ApiPropertyOptional({ type: CaseAddressDto })
  @IsOptional()
  @IsObject({ message: 'must be an object with street, postalCode, city and apartment' })
  @ValidateNested()
  @Type(() => CaseAddressDto)
  address?: CaseAddressDto;

  @ApiPropertyOptional({ example: 2 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(30)
  childrenInHousehold?: number;
}

export class MergeCaseDto {
  @ApiProperty({ format: 'uuid', description: 'The open case of the same household that this case is merged into.' })
  @IsString()
  @Matches(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, { message: 'must be a uuid' })
  intoCaseId: string;

  @ApiProperty({ example: 'Samma hushåll: två ärenden för samma lägenhet.' })
  @Trim()
  @IsString()
  @Length(3, 500)
  reason: string;
}

export class CreateBalanceDto {
  @LocalDateProperty({ description: 'The day the balance is from; not in the future, not before the case opened.' })
  @IsLocalDate()
  on: string;

  @ApiProperty({ example: 4500, description: 'Arrears in kronor on that day (0: paid).' })
  @IsKronor()
  arrearsSek: number;

  @ApiProperty({
    enum: BALANCE_SOURCES,
    description: "landlord (the landlord's statement), client, financial_aid (paid by ekonomiskt bistånd), other.",
  })
  @IsIn(BALANCE_SOURCES, { message: `must be one of ${BALANCE_SOURCES.join(', ')}` })
  source: BalanceSource;
}

export class CreateRepaymentPlanDto {
  @ApiProperty({
    example: '556677-8899',
    description: "The landlord the plan is agreed with: organisationsnummer, or a sole trader's personnummer.",
  })
  @IsString()
  @IsLandlordNumber()
  landlordOrgNumber: string;

  @ApiProperty({ example: 1500, description: 'Kronor a month.' })
  @IsKronor()
  monthlySek: number;

  @LocalDateProperty({ description: 'The first instalment is due on this day.' })
  @IsLocalDate()
  firstDueOn: string;

  @LocalDateProperty({ required: false, description: 'The day it was agreed (default today); not in the future.' })
  @IsOptional()
  @IsLocalDate()
  agreedOn?: string;
}

export class SetRepaymentPlanStatusDto {
  @ApiProperty({ enum: REPAYMENT_PLAN_STATUSES, description: 'active → kept or broken; broken → active (taken up again).' })
  @IsIn(REPAYMENT_PLAN_STATUSES, { message: `must be one of ${REPAYMENT_PLAN_STATUSES.join(', ')}` })
  status: RepaymentPlanStatus;

  @LocalDateProperty({ description: 'The day it happened; not in the future.' })
  @IsLocalDate()
  on: string;
}

export class CreateDisturbanceDto {
  @LocalDateProperty({ description: 'The day of the report; not in the future, not before the case opened.' })
  @IsLocalDate()
  on: string;

  @ApiProperty({ example: '556677-8899' })
  @IsString()
  @IsLandlordNumber()
  landlordOrgNumber: string;

  @ApiProperty({ example: 'oljud nattetid', description: 'A short category (no names), at most 100 characters.' })
  @Trim()
  @IsString()
  @Length(2, 100)
  category: string;
}

export class DisturbancesEndedDto {
  @LocalDateProperty({ description: 'The day disturbances are known to have ended; not before the latest report.' })
  @IsLocalDate()
  on: string;
}

export class CloseCaseDto {
  @LocalDateProperty({ description: 'Not in the future, not before the case opened.' })
  @IsLocalDate()
  on: string;

  @ApiProperty({ enum: CASE_OUTCOMES })
  @IsIn(CASE_OUTCOMES, { message: `must be one of ${CASE_OUTCOMES.join(', ')}` })
  outcome: CaseOutcome;

  @ApiPropertyOptional({
    default: false,
    description: 'Cancel the open next steps with the closing as reason; without it, open steps answer 409 OPEN_NEXT_STEPS listing them.',
  })
  @IsOptional()
  @IsBoolean()
  cancelOpenSteps?: boolean;
}

export const PROTECTION_REASON_MAX = 500;

export class SetProtectedIdentityDto {
  @ApiProperty({ description: 'true: the persons of the case live under protected identity; false: lift it.' })
  @IsBoolean({ message: 'must be true or false' })
  protected: boolean;

  @ApiProperty({
    example: 'Sekretessmarkering hos Skatteverket',
    maxLength: PROTECTION_REASON_MAX,
    description: 'Why; kept in the audit log.',
  })
  @Trim()
  @IsString()
  @Length(1, PROTECTION_REASON_MAX, { message: `must be 1–${PROTECTION_REASON_MAX} characters` })
  reason: string;
}

export class ProtectedIdentityView {
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty() protectedIdentity: boolean;
  @ApiProperty({ description: 'The persons of the case the change applied to.' }) persons: number;
  @ApiProperty({ description: "The district's cases (this one included) whose protection changed." }) casesChanged: number;
}

export class DeadlineItem {
  @ApiProperty({ enum: DEADLINE_KINDS }) kind: DeadlineKind;
  @ApiProperty({ format: 'date', description: 'The day to plan by (for an estimate: the earliest day the window can end).' }) dueOn: string;
  @ApiProperty() estimated: boolean;
  @ApiProperty({
    format: 'date',
    nullable: true,
    type: String,
    description: 'For an estimate: the latest day the window can end, when known.',
  })
  latestDueOn: string | null;
  @ApiProperty({ description: 'The rule that produced the date.' }) rule: string;
}

export class CaseDeadlineView extends DeadlineItem {
  @ApiProperty({ format: 'uuid' }) notificationId: string;
}

export class AddressView {
  @ApiProperty({ nullable: true, type: String }) street: string | null;
  @ApiProperty({ nullable: true, type: String }) postalCode: string | null;
  @ApiProperty({ nullable: true, type: String }) city: string | null;
  @ApiProperty({ nullable: true, type: String }) apartment: string | null;
}

export class LandlordRef {
  @ApiProperty({ example: '556035-9555' }) orgNumber: string;
  @ApiProperty({ nullable: true, type: String, description: 'Null when the organisationsnummer is not registered.' }) name: string | null;
}

export class TenantListView {
  @ApiProperty({ nullable: true, type: String }) name: string | null;
  @ApiProperty({ example: '19121212-****', description: 'Masked: lists never show a whole identity number.' }) personnummer: string;
}

export class TenantView {
  @ApiProperty({ nullable: true, type: String }) name: string | null;
  @ApiProperty({ example: '19121212-1212', description: 'Twelve digits with a dash before the last four.' }) personnummer: string;
  @ApiProperty({ description: 'A samordningsnummer (day of birth + 60).' }) coordinationNumber: boolean;
}

export class CaseListItem {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['open', 'closed'] }) status: 'open' | 'closed';
  @ApiProperty({ format: 'date' }) openedOn: string;
  @ApiProperty({ format: 'date', nullable: true, type: String }) closedOn: string | null;
  @ApiProperty({ enum: CASE_OUTCOMES, nullable: true }) outcome: CaseOutcome | null;
  @ApiProperty() recurrence: boolean;
  @ApiProperty({ type: [TenantListView] }) tenants: TenantListView[];
  @ApiProperty({ type: AddressView, nullable: true, description: 'Null for a protected identity (shown in case detail only).' })
  address: AddressView | null;
  @ApiProperty() childrenInHousehold: number;
  @ApiProperty() protectedIdentity: boolean;
  @ApiProperty({ description: 'Remaining debt as last reported, kronor.' }) arrearsSek: number;
  @ApiProperty() ongoingDisturbance: boolean;
  @ApiProperty({ type: LandlordRef, nullable: true }) landlord: LandlordRef | null;
  @ApiProperty({ type: DeadlineItem, nullable: true, description: 'The earliest legal deadline due today or later.' })
  nextDeadline: DeadlineItem | null;
  @ApiProperty({ type: [String], description: 'Units the client is known to.' }) units: string[];
  @ApiProperty() notifications: number;
  @ApiProperty({ format: 'date', nullable: true, type: String }) lastReceivedOn: string | null;
  @ApiProperty({ description: 'Another open case is in the same apartment.' }) sharedApartment: boolean;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) mergedIntoCaseId: string | null;
}

export class CaseListView {
  @ApiProperty({ type: [CaseListItem] }) items: CaseListItem[];
  @ApiProperty({ description: 'All cases matching the filters.' }) total: number;
  @ApiProperty() limit: number;
  @ApiProperty() offset: number;
}

export class CaseNotificationView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: NOTIFICATION_SOURCES }) source: string;
  @ApiProperty() externalReference: string;
  @ApiProperty({ type: LandlordRef, nullable: true }) landlord: LandlordRef | null;
  @ApiProperty({ format: 'date' }) receivedOn: string;
  @ApiProperty({ format: 'date', nullable: true, type: String }) tenantServedOn: string | null;
  @ApiProperty({ format: 'date', nullable: true, type: String }) boardNotifiedOn: string | null;
  @ApiProperty({ format: 'date', nullable: true, type: String }) evictionOn: string | null;
  @ApiProperty({ nullable: true, type: Number }) arrearsSek: number | null;
  @ApiProperty({ nullable: true, type: Number }) monthsInArrears: number | null;
  @ApiProperty() childrenInHousehold: number;
  @ApiProperty() protectedIdentity: boolean;
  @ApiProperty({ type: [String] }) flags: string[];
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) importId: string | null;
  @ApiProperty() createdAt: string;
}

export class UnitRef {
  @ApiProperty() code: string;
  @ApiProperty() name: string;
}

export class ContactView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'date' }) on: string;
  @ApiProperty({ enum: CONTACT_CHANNELS }) channel: ContactChannel;
  @ApiProperty() reached: boolean;
  @ApiProperty({ enum: CONTACT_OUTCOMES, nullable: true }) outcome: ContactOutcome | null;
  @ApiProperty({ nullable: true, type: String }) note: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Who made the contact.' }) madeBy: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'The unit of the unit representative who recorded it.' }) unit: string | null;
  @ApiProperty() createdBy: string;
  @ApiProperty() createdAt: string;
}

export class CaseNextStepView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() unit: string;
  @ApiProperty() action: string;
  @ApiProperty({ format: 'date' }) dueOn: string;
  @ApiProperty() status: string;
  @ApiProperty({ format: 'date', nullable: true, type: String }) doneOn: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) decisionId: string | null;
  @ApiProperty({ nullable: true, type: String }) responsible: string | null;
  @ApiProperty({ nullable: true, type: String }) result: string | null;
  @ApiProperty({ nullable: true, type: String }) cancelReason: string | null;
}

/** A meeting's decision on the case (the table belongs to @bosam/meetings). */
export class CaseDecisionView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) meetingId: string;
  @ApiProperty({ format: 'date', description: 'The date of the meeting.' }) heldOn: string;
  @ApiProperty() text: string;
  @ApiProperty({ description: 'Who recorded it (token subject).' }) decidedBy: string;
  @ApiProperty({ nullable: true, type: String }) decidedByName: string | null;
  @ApiProperty() decidedAt: string;
  @ApiProperty({ enum: ['final', 'pending', 'confirmed', 'rejected'], description: 'pending: waits for a unit’s confirmation.' })
  status: string;
  @ApiProperty({ type: [String] }) pendingUnits: string[];
  @ApiProperty({ nullable: true, type: String }) confirmedBy: string | null;
  @ApiProperty({ nullable: true, type: String }) confirmedAt: string | null;
}

export class TimelineEntry {
  @ApiProperty() id: number;
  @ApiProperty() at: string;
  @ApiProperty({ example: 'notification_received' }) kind: string;
  @ApiProperty({ description: 'Who did it (token subject), or "system".' }) actor: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'Ids and facts only.' }) data: Record<string, unknown>;
}

export class HouseholdView {
  @ApiProperty() childrenInHousehold: number;
  @ApiProperty() protectedIdentity: boolean;
}

export class CaseConsentLandlord {
  @ApiProperty({ example: '556677-8899' }) orgNumber: string;
  @ApiProperty() name: string;
}

/** A consent as the case detail lists it (the consent table belongs to @bosam/landlords; same shape as its ConsentView). */
export class CaseConsentView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty({ type: CaseConsentLandlord }) landlord: CaseConsentLandlord;
  @ApiProperty({ type: [String], example: ['arrears_status'] }) categories: string[];
  @ApiProperty({ format: 'date' }) givenOn: string;
  @ApiProperty({ format: 'date', nullable: true, type: String }) validUntil: string | null;
  @ApiProperty({ enum: ['written', 'oral'] }) form: string;
  @ApiProperty() documentedBy: string;
  @ApiProperty({ format: 'date', nullable: true, type: String }) withdrawnOn: string | null;
  @ApiProperty({ enum: ['valid', 'expired', 'withdrawn', 'not_yet_valid'], description: 'As of today (Europe/Stockholm).' }) status: string;
}

export class FollowStateView {
  @ApiProperty({ description: 'The latest balance (recorded or from a notice), kronor.' }) arrearsSek: number;
  @ApiProperty({ format: 'date', nullable: true, type: String }) arrearsOn: string | null;
  @ApiProperty() ongoingDisturbance: boolean;
  @ApiProperty({
    format: 'date',
    nullable: true,
    type: String,
    description: 'The day a repayment plan was last broken (and not taken up again).',
  })
  repaymentPlanBrokenOn: string | null;
  @ApiProperty({ description: 'Remaining debt or ongoing disturbances: the case is followed up at the meetings.' }) inFollowUp: boolean;
}

export class BalanceView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'date' }) on: string;
  @ApiProperty() arrearsSek: number;
  @ApiProperty({ enum: BALANCE_SOURCES }) source: BalanceSource;
  @ApiProperty() createdBy: string;
  @ApiProperty() createdAt: string;
  @ApiProperty({ type: FollowStateView, description: 'The case after this balance.' }) caseState: FollowStateView;
}

export class RepaymentPlanView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty({ type: LandlordRef }) landlord: LandlordRef;
  @ApiProperty() monthlySek: number;
  @ApiProperty({ format: 'date' }) firstDueOn: string;
  @ApiProperty({ enum: REPAYMENT_PLAN_STATUSES }) status: RepaymentPlanStatus;
  @ApiProperty({ format: 'date' }) statusOn: string;
  @ApiProperty() createdBy: string;
  @ApiProperty() createdAt: string;
}

export class DisturbanceView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['reported', 'ended'] }) kind: 'reported' | 'ended';
  @ApiProperty({ format: 'date' }) on: string;
  @ApiProperty({ nullable: true, type: String }) landlordOrgNumber: string | null;
  @ApiProperty({ nullable: true, type: String }) category: string | null;
  @ApiProperty() createdBy: string;
  @ApiProperty() createdAt: string;
  @ApiProperty({ type: FollowStateView, description: 'The case after this entry.' }) caseState: FollowStateView;
}

export class CaseBalanceItem {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'date' }) on: string;
  @ApiProperty() arrearsSek: number;
  @ApiProperty({ enum: BALANCE_SOURCES }) source: BalanceSource;
  @ApiProperty() createdBy: string;
}

export class CaseDisturbanceItem {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['reported', 'ended'] }) kind: 'reported' | 'ended';
  @ApiProperty({ format: 'date' }) on: string;
  @ApiProperty({ nullable: true, type: String }) landlordOrgNumber: string | null;
  @ApiProperty({ nullable: true, type: String }) category: string | null;
}

/** A disclosure to (or from) a landlord as the case lists it (the landlord_exchange table belongs to @bosam/landlords). */
export class CaseExchangeView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'date' }) on: string;
  @ApiProperty({ type: CaseConsentLandlord, description: 'Who received (or gave) the information.' }) landlord: CaseConsentLandlord;
  @ApiProperty({ enum: ['to_landlord', 'from_landlord'] }) direction: string;
  @ApiProperty({ type: [String], example: ['arrears_status'] }) categories: string[];
  @ApiProperty({ type: [String], description: 'The consents it was made under.' }) consentIds: string[];
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'The liaison session, when it was made there.' }) sessionId:
    string | null;
  @ApiProperty() summary: string;
  @ApiProperty({ description: 'Who at the district made it.' }) who: string;
}

export class CaseDetailView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() district: string;
  @ApiProperty({ enum: ['open', 'closed'] }) status: 'open' | 'closed';
  @ApiProperty({ format: 'date' }) openedOn: string;
  @ApiProperty({ format: 'date', nullable: true, type: String }) closedOn: string | null;
  @ApiProperty({ enum: CASE_OUTCOMES, nullable: true }) outcome: CaseOutcome | null;
  @ApiProperty() recurrence: boolean;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) previousCaseId: string | null;
  @ApiProperty({ type: [TenantView] }) tenants: TenantView[];
  @ApiProperty({ type: AddressView, description: 'Shown here even for a protected identity: this view is for the case workers.' })
  address: AddressView;
  @ApiProperty({ type: HouseholdView }) household: HouseholdView;
  @ApiProperty({ description: 'The latest balance, recorded or from a notice (kronor).' }) arrearsSek: number;
  @ApiProperty({ format: 'date', nullable: true, type: String }) arrearsOn: string | null;
  @ApiProperty() ongoingDisturbance: boolean;
  @ApiProperty({ description: 'Remaining debt or ongoing disturbances: followed up at the meetings.' }) inFollowUp: boolean;
  @ApiProperty({ type: LandlordRef, nullable: true }) landlord: LandlordRef | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'Set when this case was merged into another.' })
  mergedIntoCaseId: string | null;
  @ApiProperty({ type: [String], description: 'Other open cases in the same apartment (same address and apartment number).' })
  sharedApartmentWith: string[];
  @ApiProperty({ type: [CaseNotificationView] }) notifications: CaseNotificationView[];
  @ApiProperty({ type: [CaseBalanceItem], description: 'Recorded balances, oldest first.' }) balances: CaseBalanceItem[];
  @ApiProperty({ type: [RepaymentPlanView] }) repaymentPlans: RepaymentPlanView[];
  @ApiProperty({ type: [CaseDisturbanceItem], description: 'Disturbance reports and ends recorded on the case, oldest first.' })
  disturbances: CaseDisturbanceItem[];
  @ApiProperty({ type: [CaseDeadlineView] }) deadlines: CaseDeadlineView[];
  @ApiProperty({ type: [UnitRef] }) units: UnitRef[];
  @ApiProperty({ type: [ContactView] }) contacts: ContactView[];
  @ApiProperty({ type: [CaseNextStepView] }) nextSteps: CaseNextStepView[];
  @ApiProperty({ type: [CaseDecisionView], description: 'The meetings’ decisions on the case, oldest first, pending or confirmed.' })
  decisions: CaseDecisionView[];
  @ApiProperty({
    type: [CaseConsentView],
    description: 'Consents to exchange information with landlords, oldest first, with their status today.',
  })
  consents: CaseConsentView[];
  @ApiProperty({
    type: [CaseExchangeView],
    description: 'Every exchange with a landlord, oldest first: date, landlord, direction, categories, consent, who (GDPR art. 15.1 c).',
  })
  exchanges: CaseExchangeView[];
  @ApiProperty({ type: [TimelineEntry], description: 'Append-only: everything that happened, oldest first.' }) timeline: TimelineEntry[];
}

export class CaseUnitsView {
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty({ type: [UnitRef] }) units: UnitRef[];
}

export class CaseReopenedView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['open'] }) status: 'open';
  @ApiProperty({ format: 'date' }) reopenedOn: string;
}

export class CaseMergedView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) mergedIntoCaseId: string;
  @ApiProperty({ description: 'How many records moved, by kind.', type: 'object', additionalProperties: { type: 'integer' } })
  moved: Record<string, number>;
}

export class CaseClosedView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['closed'] }) status: 'closed';
  @ApiProperty({ format: 'date' }) closedOn: string;
  @ApiProperty({ enum: CASE_OUTCOMES }) outcome: CaseOutcome;
  @ApiProperty({ type: [String], description: 'Next steps cancelled with the closing.' }) cancelledNextSteps: string[];
}

export class CaseCorrectedView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: AddressView }) address: AddressView;
  @ApiProperty() childrenInHousehold: number;
  @ApiProperty({ type: [String], example: ['address'] }) fields: string[];
}
