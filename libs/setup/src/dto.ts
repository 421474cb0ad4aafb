import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, Length } from 'class-validator';
import { IsDistrictCode, IsLandlordNumber, IsLocalDate, IsUnitCode, LocalDateProperty, Trim } from '@bosam/platform';

const SETUP_CODE_MESSAGE = 'must be 2–16 characters: capital letters, digits, - or _';

export class CreateDistrictDto {
  @ApiProperty({ example: 'SKARP' })
  @IsDistrictCode({ message: SETUP_CODE_MESSAGE })
  code: string;

  @ApiProperty({ example: 'Skarpnäcks stadsdelsförvaltning' })
  @Trim()
  @IsString()
  @Length(1, 200)
  name: string;
}

export class CreateUnitDto {
  @ApiProperty({ example: 'EKB' })
  @IsUnitCode({ message: SETUP_CODE_MESSAGE })
  code: string;

  @ApiProperty({ example: 'Ekonomiskt bistånd' })
  @Trim()
  @IsString()
  @Length(1, 200)
  name: string;
}

export class CreateMandateDto {
  @ApiProperty({ example: 'Anna Andersson', description: 'Who holds the mandate to decide planning for the unit.' })
  @Trim()
  @IsString()
  @Length(1, 200)
  person: string;

  @LocalDateProperty()
  @IsLocalDate()
  validFrom: string;

  @LocalDateProperty({ required: false, nullable: true })
  @IsOptional()
  @IsLocalDate()
  validUntil?: string | null;
}

export class CreateLandlordDto {
  @ApiProperty({
    example: '556677-8899',
    description:
      'Organisationsnummer, 10 digits with check digit; a private landlord trading as a sole trader by their personnummer (shown masked).',
  })
  @IsString()
  @IsLandlordNumber()
  orgNumber: string;

  @ApiProperty({ example: 'AB Familjebostäder' })
  @Trim()
  @IsString()
  @Length(1, 200)
  name: string;

  @ApiPropertyOptional({ default: false, description: 'Municipal housing company (allmännyttan).' })
  @IsOptional()
  @IsBoolean()
  municipal?: boolean;
}

export class DistrictView {
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty({ description: 'Unit representatives may close cases (otherwise only coordinators).' }) unitRepsMayClose: boolean;
}

export class DistrictSettingsDto {
  @ApiProperty({ description: 'Whether unit representatives may close cases in this district.' })
  @IsBoolean()
  unitRepsMayClose: boolean;
}

export class UnitView {
  @ApiProperty() id: string;
  @ApiProperty() district: string;
  @ApiProperty() code: string;
  @ApiProperty() name: string;
}

export class MandateView {
  @ApiProperty() id: string;
  @ApiProperty() unit: string;
  @ApiProperty() person: string;
  @ApiProperty({ format: 'date' }) validFrom: string;
  @ApiProperty({ format: 'date', nullable: true, type: String }) validUntil: string | null;
}

export class LandlordView {
  @ApiProperty() id: string;
  @ApiProperty({ example: '556677-8899' }) orgNumber: string;
  @ApiProperty() name: string;
  @ApiProperty() municipal: boolean;
}

export class UpdateLandlordDto {
  @ApiPropertyOptional({ example: 'AB Familjebostäder', description: 'The name every district sees.' })
  @IsOptional()
  @Trim()
  @IsString()
  @Length(1, 200)
  name?: string;

  @ApiPropertyOptional({ description: 'Municipal housing company (allmännyttan).' })
  @IsOptional()
  @IsBoolean()
  municipal?: boolean;
}

export class CreateLandlordRequestDto {
  @ApiProperty({
    example: '556677-8899',
    description: 'Organisationsnummer of a landlord to add to the register, or to rename (a sole trader: their personnummer).',
  })
  @IsString()
  @IsLandlordNumber()
  orgNumber: string;

  @ApiProperty({ example: 'AB Familjebostäder', description: 'The name the district proposes; an admin decides.' })
  @Trim()
  @IsString()
  @Length(1, 200)
  name: string;

  @ApiPropertyOptional({ description: 'Municipal housing company (allmännyttan); unset leaves it as registered.' })
  @IsOptional()
  @IsBoolean()
  municipal?: boolean;
}

export class LandlordRequestQuery {
  @ApiPropertyOptional({ enum: ['pending', 'accepted', 'rejected'] })
  @IsOptional()
  @IsIn(['pending', 'accepted', 'rejected'])
  status?: 'pending' | 'accepted' | 'rejected';
}

export class LandlordRequestView {
  @ApiProperty() id: string;
  @ApiProperty({ example: '556677-8899' }) orgNumber: string;
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: Boolean }) municipal: boolean | null;
  @ApiProperty({ description: 'The district that asked.' }) district: string;
  @ApiProperty() requestedBy: string;
  @ApiProperty() requestedAt: string;
  @ApiProperty({ enum: ['pending', 'accepted', 'rejected'] }) status: string;
  @ApiProperty({ nullable: true, type: String }) decidedBy: string | null;
  @ApiProperty({ nullable: true, type: String }) decidedAt: string | null;
  @ApiProperty({ description: 'Whether the org number is in the register already (a rename) or not (an addition).' }) registered: boolean;
}
