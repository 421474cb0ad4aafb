import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { IMPORT_MODES, ImportMode, ImportStatus } from './entities';
import { MAX_REJECTIONS_PAGE, REJECTIONS_IN_STATUS } from './rejections';

export class ImportCreatedView {
  @ApiProperty({ format: 'uuid' }) id: string;
}

export class RejectedRowView {
  @ApiProperty({ description: 'Data row, counted from 1 (the header is not counted).' }) row: number;
  @ApiProperty({ example: 'personnummer1', description: 'The column of the file.' }) field: string;
  @ApiProperty({ example: 'must be a valid personnummer' }) message: string;
}

export class ImportView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() district: string;
  @ApiProperty() filename: string;
  @ApiProperty({ enum: IMPORT_MODES }) mode: ImportMode;
  @ApiProperty() dryRun: boolean;
  @ApiProperty({ enum: ['queued', 'running', 'done', 'failed'] }) status: ImportStatus;
  @ApiProperty({ nullable: true, type: Number, description: 'Data rows in the file, once counted.' }) total: number | null;
  @ApiProperty({ description: 'Rows handled so far.' }) processed: number;
  @ApiProperty({ description: 'Notifications stored (for a dry run: that would be stored).' }) imported: number;
  @ApiProperty({ description: 'Rows identical to a notification stored before, or to an earlier row of the file.' }) duplicates: number;
  @ApiProperty({
    type: [RejectedRowView],
    description: `The first ${REJECTIONS_IN_STATUS} rejections; all of them through GET /notification-imports/{id}/rejections.`,
  })
  rejected: RejectedRowView[];
  @ApiProperty({ description: 'How many rejections there are in all.' }) rejectedCount: number;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'Why the file could not be processed (status failed).' })
  failureReason: string | null;
  @ApiProperty() createdAt: string;
  @ApiProperty({ nullable: true, type: String }) startedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) finishedAt: string | null;
}

export class RejectionsQuery {
  @ApiPropertyOptional({ minimum: 0, default: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(1_000_000_000)
  offset?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_REJECTIONS_PAGE, default: REJECTIONS_IN_STATUS })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_REJECTIONS_PAGE)
  limit?: number;
}

export class RejectionsPageView {
  @ApiProperty({ type: [RejectedRowView] }) items: RejectedRowView[];
  @ApiProperty({ description: 'How many rejections there are in all.' }) total: number;
  @ApiProperty() offset: number;
  @ApiProperty() limit: number;
}
