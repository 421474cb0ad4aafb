import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsDistrictCode, IsLocalDate, IsUnitCode, LocalDateProperty, Trim } from '@bosam/platform';
import { SCALAR_INDICATORS, ScalarIndicator, UNIT_INDICATORS, UnitIndicator } from './catalogue';
import { Comparator, COMPARATORS, DECISION_STATUSES, DecisionStatus, EXPORT_FORMATS, ExportFormat } from './entities';

/** Every name a target may use: the district's scalar indicators and the per-unit ones. */
export const TARGET_INDICATORS = [...new Set<string>([...SCALAR_INDICATORS, ...UNIT_INDICATORS])];

export const TERM_PATTERN = /^\d{4}-(VT|HT)$/;
export const TERM_MESSAGE = 'must be a term code YYYY-VT (1 January–30 June) or YYYY-HT (1 July–31 December), e.g. 2026-HT';
const LIMIT = 1e12;

export class TargetInputDto {
  @ApiProperty({
    enum: TARGET_INDICATORS,
    example: 'evictionsAffectingChildren',
    description: `For the district a scalar indicator; with unit one of ${UNIT_INDICATORS.join(', ')}.`,
  })
  @IsIn(TARGET_INDICATORS, { message: 'must be a known indicator name' })
  indicator: ScalarIndicator | UnitIndicator;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: 'EKB',
    description: 'A unit of the district: a target for that unit only. Left out: the district.',
  })
  @IsOptional()
  @IsString()
  @IsUnitCode({ message: 'must be a unit code' })
  unit?: string | null;

  @ApiProperty({ enum: COMPARATORS, example: '<=' })
  @IsIn(COMPARATORS as unknown as string[], { message: 'must be <=, >= or =' })
  comparator: Comparator;

  @ApiProperty({ example: 0, description: 'Counts and days as numbers, shares as 0–1, amounts in kronor.' })
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 3 })
  @Min(-LIMIT)
  @Max(LIMIT)
  value: number;
}

export class TargetsDto {
  @ApiProperty({ type: [TargetInputDto], description: "Replaces the term's targets; an empty list removes them." })
  @IsArray()
  @ArrayMaxSize(100)
  @IsObject({ each: true, message: 'each target must be an object with indicator, comparator and value' })
  @ValidateNested({ each: true })
  @Type(() => TargetInputDto)
  targets: TargetInputDto[];
}

export class EvaluationDecisionDto {
  @ApiProperty({ example: 'Första kontakt via hembesök inom 14 dagar för hushåll med barn' })
  @Trim()
  @IsString()
  @Length(1, 4000)
  text: string;

  @ApiProperty({ example: 'Enhetschef EKB', description: 'The unit or role that owns the decision.' })
  @Trim()
  @IsString()
  @Length(1, 200)
  owner: string;

  @LocalDateProperty()
  @IsLocalDate()
  dueOn: string;
}

export class CreateEvaluationExportDto {
  @ApiProperty({ example: 'SKARP' })
  @IsString()
  @IsDistrictCode({ message: 'must be a district code' })
  district: string;

  @ApiProperty({ example: '2026-HT' })
  @IsString()
  @Matches(TERM_PATTERN, { message: TERM_MESSAGE })
  term: string;

  @ApiProperty({ enum: EXPORT_FORMATS })
  @IsIn(EXPORT_FORMATS as unknown as string[], { message: 'must be xlsx, csv or json' })
  format: ExportFormat;
}

export class DecisionStatusDto {
  @ApiProperty({ enum: DECISION_STATUSES, description: 'open, done or dropped; shown with the decision at the next term’s evaluation.' })
  @IsIn(DECISION_STATUSES as unknown as string[], { message: `must be one of ${DECISION_STATUSES.join(', ')}` })
  status: DecisionStatus;
}
