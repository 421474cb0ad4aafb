import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsDistrictCode, IsLocalDate, IsUnitCode, LocalDateProperty, Trim } from '@bosam/platform';
import { ATTENDANCE_ROLES, AttendanceRole } from './entities';

// An instant with an explicit offset: a meeting time without one is ambiguous.
const WITH_OFFSET = /(Z|[+-]\d{2}:?\d{2})$/;

export class ListMeetingsQuery {
  @ApiPropertyOptional({ example: 'SKARP', description: "Defaults to the caller's district; any other answers 404." })
  @IsOptional()
  @IsDistrictCode()
  district?: string;
}

export const NEXT_STEP_FILTERS = ['open', 'overdue', 'done'] as const;

export class ListNextStepsQuery {
  @ApiPropertyOptional({ example: 'SKARP', description: "Defaults to the caller's district; any other answers 404." })
  @IsOptional()
  @IsDistrictCode()
  district?: string;

  @ApiPropertyOptional({ example: 'EKB', description: 'The responsible unit.' })
  @IsOptional()
  @IsUnitCode()
  unit?: string;

  @ApiPropertyOptional({ enum: NEXT_STEP_FILTERS, description: 'overdue: still open after the due date (Stockholm).' })
  @IsOptional()
  @IsIn(NEXT_STEP_FILTERS as unknown as string[], { message: 'must be open, overdue or done' })
  status?: (typeof NEXT_STEP_FILTERS)[number];
}

export class CreateMeetingDto {
  @ApiProperty({ example: 'SKARP' })
  @IsDistrictCode({ message: 'must be a district code' })
  district: string;

  @ApiProperty({ example: '2026-03-10T09:00:00+01:00', description: 'An instant with offset; the meeting date is its Stockholm date.' })
  @IsISO8601({ strict: true }, { message: 'must be an ISO 8601 instant with offset' })
  @Matches(WITH_OFFSET, { message: 'must be an ISO 8601 instant with offset' })
  startsAt: string;
}

export class CreateSeriesDto {
  @LocalDateProperty()
  @IsLocalDate()
  firstOn: string;

  @ApiProperty({ example: '09:00', description: 'Stockholm wall-clock time HH:mm.' })
  @Matches(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'must be a time as HH:mm' })
  time: string;

  @ApiProperty({ example: 2, minimum: 1, maximum: 8 })
  @IsInt()
  @Min(1)
  @Max(8)
  everyWeeks: number;

  @LocalDateProperty()
  @IsLocalDate()
  until: string;
}

export class AttendanceEntryDto {
  @ApiProperty({ example: 'EKB' })
  @IsUnitCode({ message: 'must be a unit code' })
  unit: string;

  @ApiPropertyOptional({ example: 'Anna Andersson', nullable: true, type: String, description: 'Required unless absent.' })
  @IsOptional()
  @Trim()
  @IsString()
  @Length(1, 200)
  person?: string | null;

  @ApiProperty({ enum: ATTENDANCE_ROLES })
  @IsIn(ATTENDANCE_ROLES as unknown as string[])
  role: AttendanceRole;

  @ApiPropertyOptional({ default: false, description: 'The person declares the mandate to decide planning for the unit.' })
  @IsOptional()
  @IsBoolean()
  mandate?: boolean;
}

export class AttendanceDto {
  @ApiProperty({ type: [AttendanceEntryDto] })
  @IsArray()
  @ArrayMaxSize(100)
  // ValidateNested passes over an array nested in the array: each item must be an object itself.
  @IsObject({ each: true, message: 'each entry must be an object with unit, person and role' })
  @ValidateNested({ each: true })
  @Type(() => AttendanceEntryDto)
  units: AttendanceEntryDto[];
}

export class NextStepInputDto {
  @ApiProperty({ example: 'EKB' })
  @IsUnitCode({ message: 'must be a unit code' })
  unit: string;

  @ApiProperty({ example: 'Ring hyresgästen och boka hembesök' })
  @Trim()
  @IsString()
  @Length(1, 1000)
  action: string;

  @LocalDateProperty({ description: 'Not before today.' })
  @IsLocalDate()
  dueOn: string;

  @ApiPropertyOptional({ example: 'Anna Andersson', description: 'The person responsible, if one is named.' })
  @IsOptional()
  @Trim()
  @IsString()
  @Length(1, 200)
  responsible?: string;
}

export class DecisionDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'must be a case id (uuid)' })
  caseId: string;

  @ApiProperty()
  @Trim()
  @IsString()
  @Length(1, 4000)
  text: string;

  @ApiProperty({ type: [NextStepInputDto] })
  @IsArray()
  @ArrayMaxSize(50)
  @IsObject({ each: true, message: 'each next step must be an object with unit, action and dueOn' })
  @ValidateNested({ each: true })
  @Type(() => NextStepInputDto)
  nextSteps: NextStepInputDto[];
}

export const NEXT_STEP_UPDATE_STATUSES = ['open', 'done', 'cancelled'] as const;

export class UpdateNextStepDto {
  @ApiProperty({
    enum: NEXT_STEP_UPDATE_STATUSES,
    description: 'done: completed (doneOn, result); cancelled: with a reason; open: still to do.',
  })
  @IsIn(NEXT_STEP_UPDATE_STATUSES as unknown as string[])
  status: (typeof NEXT_STEP_UPDATE_STATUSES)[number];

  @LocalDateProperty({ required: false, description: 'Required with status done; not in the future.' })
  @IsOptional()
  @IsLocalDate()
  doneOn?: string;

  @ApiPropertyOptional({ description: 'What came of it (with status done).', maxLength: 2000 })
  @IsOptional()
  @Trim()
  @IsString()
  @Length(1, 2000)
  result?: string;

  @ApiPropertyOptional({ description: 'Why it is cancelled (required with status cancelled).', maxLength: 1000 })
  @IsOptional()
  @Trim()
  @IsString()
  @Length(1, 1000)
  reason?: string;

  @LocalDateProperty({ required: false, description: 'A new due date; not before today.' })
  @IsOptional()
  @IsLocalDate()
  dueOn?: string;

  @ApiPropertyOptional({ example: 'EKB', description: 'Hand the step to another unit (coordinator).' })
  @IsOptional()
  @IsUnitCode({ message: 'must be a unit code' })
  unit?: string;

  @ApiPropertyOptional({ description: 'A new wording of the action.' })
  @IsOptional()
  @Trim()
  @IsString()
  @Length(1, 1000)
  action?: string;

  @ApiPropertyOptional({ nullable: true, type: String, description: 'The person responsible; null clears it.' })
  @IsOptional()
  @Trim()
  @IsString()
  @Length(1, 200)
  responsible?: string | null;
}

/** POST /cases/{id}/next-steps: a step between meetings. */
export class CreateNextStepDto extends NextStepInputDto {}

export class UnitAttendanceDto {
  @ApiPropertyOptional({ example: 'Anna Andersson', nullable: true, type: String, description: 'Required unless absent.' })
  @IsOptional()
  @Trim()
  @IsString()
  @Length(1, 200)
  person?: string | null;

  @ApiProperty({ enum: ATTENDANCE_ROLES })
  @IsIn(ATTENDANCE_ROLES as unknown as string[])
  role: AttendanceRole;

  @ApiPropertyOptional({ default: false, description: 'The person declares the mandate to decide planning for the unit.' })
  @IsOptional()
  @IsBoolean()
  mandate?: boolean;
}

export class CancelMeetingDto {
  @ApiProperty({ example: 'Krockar med utbildningsdag', maxLength: 500 })
  @Trim()
  @IsString()
  @Length(1, 500)
  reason: string;
}

export class UpdateMeetingDto {
  @ApiPropertyOptional({ example: '2027-03-03T09:00:00+01:00', description: 'Move a planned meeting: an instant with offset.' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'must be an ISO 8601 instant with offset' })
  @Matches(WITH_OFFSET, { message: 'must be an ISO 8601 instant with offset' })
  startsAt?: string;

  @ApiPropertyOptional({ description: 'Why the meeting moved (with startsAt).', maxLength: 500 })
  @IsOptional()
  @Trim()
  @IsString()
  @Length(1, 500)
  reason?: string;

  @ApiPropertyOptional({ example: 'Maria Lind', description: 'Who chairs the meeting (for the minutes).' })
  @IsOptional()
  @Trim()
  @IsString()
  @Length(1, 200)
  chair?: string;

  @ApiPropertyOptional({ example: 'Johan Berg', description: 'Who takes the minutes.' })
  @IsOptional()
  @Trim()
  @IsString()
  @Length(1, 200)
  noteTaker?: string;
}

export class EndSeriesDto {
  @LocalDateProperty({ description: 'Planned meetings of the series on or after this date are cancelled.' })
  @IsLocalDate()
  from: string;
}

export class ConfirmDecisionDto {
  @ApiProperty({ description: 'true confirms the decision, false rejects it.' })
  @IsBoolean()
  confirmed: boolean;

  @ApiProperty({ example: 'Sara Ek', description: 'Who confirms or rejects it (the unit’s assistant head, say).' })
  @Trim()
  @IsString()
  @Length(1, 200)
  by: string;
}
