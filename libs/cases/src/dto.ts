import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { IsLocalDate, IsOrgNumber, LocalDateProperty, Trim } from '@bosam/platform';
import { CASE_OUTCOMES, CaseOutcome, CONTACT_CHANNELS, ContactChannel, DEADLINE_KINDS, DeadlineKind, NOTIFICATION_SOURCES } from './entities';

const CODE = /^[A-Z0-9_-]{2,16}$/;
const CODE_MESSAGE = 'must be a code (2–16 capital letters, digits, - or _)';

export const CASE_LIST_MAX_LIMIT = 200;

export class ListCasesQuery {
  @ApiPropertyOptional({ example: 'SKARP', description: "Defaults to the caller's district; any other answers 404." })
  @IsOptional()
  @Matches(CODE, { message: CODE_MESSAGE })
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
  @Matches(CODE, { message: CODE_MESSAGE })
  unit?: string;

  @ApiPropertyOptional({ example: '556035-9555', description: 'Cases with a notice naming this landlord (organisationsnummer).' })
  @IsOptional()
  @IsString()
  @IsOrgNumber()
  landlord?: string;

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
  @Matches(CODE, { each: true, message: `each unit ${CODE_MESSAGE}` })
  units: string[];
}

export class CreateContactDto {
  @LocalDateProperty({ description: 'The day of the outreach attempt; not in the future, not before the case opened.' })
  @IsLocalDate()
  on: string;

  @ApiProperty({ enum: CONTACT_CHANNELS })
  @IsIn(CONTACT_CHANNELS, { message: `must be one of ${CONTACT_CHANNELS.join(', ')}` })
  channel: ContactChannel;

  @ApiProperty({ description: 'Whether the person was reached.' })
  @IsBoolean()
  reached: boolean;
}

export class CloseCaseDto {
  @LocalDateProperty({ description: 'Not in the future, not before the case opened.' })
  @IsLocalDate()
  on: string;

  @ApiProperty({ enum: CASE_OUTCOMES })
  @IsIn(CASE_OUTCOMES, { message: `must be one of ${CASE_OUTCOMES.join(', ')}` })
  outcome: CaseOutcome;

  @ApiPropertyOptional({ default: false, description: 'Cancel the open next steps with the closing as reason; without it, open steps answer 409 OPEN_NEXT_STEPS listing them.' })
  @IsOptional()
  @IsBoolean()
  cancelOpenSteps?: boolean;
}

export const PROTECTION_REASON_MAX = 500;

export class SetProtectedIdentityDto {
  @ApiProperty({ description: 'true: the persons of the case live under protected identity; false: lift it.' })
  @IsBoolean({ message: 'must be true or false' })
  protected: boolean;

  @ApiProperty({ example: 'Sekretessmarkering hos Skatteverket', maxLength: PROTECTION_REASON_MAX, description: 'Why; kept in the audit log.' })
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
  @ApiProperty({ format: 'date' }) dueOn: string;
  @ApiProperty() estimated: boolean;
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
  @ApiProperty({ enum: ['final', 'pending', 'confirmed', 'rejected'], description: 'pending: waits for a unit’s confirmation.' }) status: string;
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
  @ApiProperty() arrearsSek: number;
  @ApiProperty() ongoingDisturbance: boolean;
  @ApiProperty({ type: LandlordRef, nullable: true }) landlord: LandlordRef | null;
  @ApiProperty({ type: [CaseNotificationView] }) notifications: CaseNotificationView[];
  @ApiProperty({ type: [CaseDeadlineView] }) deadlines: CaseDeadlineView[];
  @ApiProperty({ type: [UnitRef] }) units: UnitRef[];
  @ApiProperty({ type: [ContactView] }) contacts: ContactView[];
  @ApiProperty({ type: [CaseNextStepView] }) nextSteps: CaseNextStepView[];
  @ApiProperty({ type: [CaseDecisionView], description: 'The meetings’ decisions on the case, oldest first, pending or confirmed.' }) decisions: CaseDecisionView[];
  @ApiProperty({ type: [CaseConsentView], description: 'Consents to exchange information with landlords, oldest first, with their status today.' })
  consents: CaseConsentView[];
  @ApiProperty({ type: [TimelineEntry], description: 'Append-only: everything that happened, oldest first.' }) timeline: TimelineEntry[];
}

export class CaseUnitsView {
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty({ type: [UnitRef] }) units: UnitRef[];
}

export class CaseClosedView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['closed'] }) status: 'closed';
  @ApiProperty({ format: 'date' }) closedOn: string;
  @ApiProperty({ enum: CASE_OUTCOMES }) outcome: CaseOutcome;
  @ApiProperty({ type: [String], description: 'Next steps cancelled with the closing.' }) cancelledNextSteps: string[];
}
