import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';
import { Actor, Allow, assertUuid, AuditEntryView, AuditService, CurrentActor } from '@bosam/platform';

class AuditQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'A case id; another district’s case has no entries here.' })
  @IsOptional()
  @IsUUID('all', { message: 'must be a case id (uuid)' })
  caseId?: string;
}

class AuditEntryDoc implements AuditEntryView {
  @ApiProperty() id: number;
  @ApiProperty() at: string;
  @ApiProperty({ description: 'The token subject of who read or changed, or "system".' }) actor: string;
  @ApiProperty() role: string;
  @ApiProperty({ enum: ['read', 'create', 'update', 'delete', 'export', 'import', 'deny'] }) action: string;
  @ApiProperty({ example: 'household_case' }) entityType: string;
  @ApiProperty({ type: [String] }) entityIds: string[];
  @ApiProperty({ nullable: true, type: String }) route: string | null;
  @ApiProperty({ nullable: true, type: String }) reason: string | null;
  @ApiProperty({ nullable: true, type: String }) correlationId: string | null;
}

class AuditVerifyDoc {
  @ApiProperty({ description: 'Every entry’s hash holds and links to the one before.' }) valid: boolean;
  @ApiProperty({ description: 'Entries checked (sealed into their chains).' }) entries: number;
  @ApiProperty({ description: 'Entries appended but not sealed yet (verification seals what is pending first).' }) pending: number;
  @ApiProperty({ nullable: true, type: Number, description: 'The id of the first entry whose hash does not hold.' }) firstBrokenAt:
    number | null;
}

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @Allow('auditor')
  @ApiOperation({ summary: "Audit entries of the caller's district, newest first; with caseId, those that touch the case" })
  @ApiOkResponse({ type: [AuditEntryDoc], description: "Audit entries of the caller's district, newest first." })
  async list(@CurrentActor() actor: Actor, @Query() { caseId }: AuditQuery): Promise<AuditEntryView[]> {
    return caseId ? this.audit.forCase(actor.district, assertUuid(caseId, 'case')) : this.audit.recent(actor.district);
  }

  @Get('verify')
  @Allow('auditor')
  @ApiOperation({ summary: 'Recomputes the hash chain of the whole log' })
  @ApiOkResponse({ type: AuditVerifyDoc, description: '{ valid, entries, firstBrokenAt }' })
  verify(): Promise<AuditVerifyDoc> {
    return this.audit.verify();
  }
}
