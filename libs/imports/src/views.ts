import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IMPORT_MODES, ImportMode, ImportStatus } from './entities';

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
  @ApiProperty({ type: [RejectedRowView] }) rejected: RejectedRowView[];
  @ApiPropertyOptional({ nullable: true, type: String, description: 'Why the file could not be processed (status failed).' })
  failureReason: string | null;
  @ApiProperty() createdAt: string;
  @ApiProperty({ nullable: true, type: String }) startedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) finishedAt: string | null;
}
