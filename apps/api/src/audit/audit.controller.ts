import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Actor, Allow, assertUuid, AuditService, CurrentActor } from '@bosam/platform';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @Allow('auditor')
  @ApiQuery({ name: 'caseId', required: false })
  @ApiOkResponse({ description: "Audit entries of the caller's district, newest first." })
  async list(@CurrentActor() actor: Actor, @Query('caseId') caseId?: string) {
    return caseId ? this.audit.forCase(actor.district, assertUuid(caseId, 'case')) : this.audit.recent(actor.district);
  }

  @Get('verify')
  @Allow('auditor')
  @ApiOkResponse({ description: 'Recomputes the hash chain: { valid, entries, firstBrokenAt }.' })
  verify() {
    return this.audit.verify();
  }
}
