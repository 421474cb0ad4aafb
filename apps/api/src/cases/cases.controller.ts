import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  CaseClosedView, CaseDetailView, CaseListView, CasesService, CaseUnitsView, CloseCaseDto, ContactView, CreateContactDto,
  ListCasesQuery, ProtectedIdentityView, SetCaseUnitsDto, SetProtectedIdentityDto,
} from '@bosam/cases';
import { Actor, Allow, CurrentActor } from '@bosam/platform';

// Roles (API.md): coordinators do everything in their district; unit reps read the district's cases
// and record outreach (contacts) — the units do the outreach —, but the units a client is known to and
// the closing of a case are the coordinator's. Admins, evaluators and auditors see no case data.
@ApiTags('cases')
@ApiBearerAuth()
@Controller('cases')
export class CasesController {
  constructor(private readonly cases: CasesService) {}

  @Get()
  @Allow('coordinator', 'unit_rep')
  @ApiOperation({
    summary: "The district's cases, newest first",
    description: 'Names and masked identity numbers only; no address for a protected identity. Paginated with limit (max 200) and offset.',
  })
  @ApiOkResponse({ type: CaseListView })
  list(@CurrentActor() actor: Actor, @Query() query: ListCasesQuery): Promise<CaseListView> {
    return this.cases.list(actor, query);
  }

  @Get(':id')
  @Allow('coordinator', 'unit_rep')
  @ApiOperation({ summary: 'One case: tenants, address, household, notifications, deadlines, units, contacts, next steps, consents, timeline' })
  @ApiOkResponse({ type: CaseDetailView })
  detail(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<CaseDetailView> {
    return this.cases.detail(actor, id);
  }

  @Put(':id/units')
  @Allow('coordinator')
  @ApiOperation({ summary: 'The units the client is known to (replaces the list)' })
  @ApiOkResponse({ type: CaseUnitsView })
  setUnits(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: SetCaseUnitsDto): Promise<CaseUnitsView> {
    return this.cases.setUnits(actor, id, dto);
  }

  @Post(':id/contacts')
  @Allow('coordinator', 'unit_rep')
  @ApiOperation({ summary: 'Record an outreach attempt and whether the person was reached' })
  @ApiCreatedResponse({ type: ContactView })
  addContact(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: CreateContactDto): Promise<ContactView> {
    return this.cases.addContact(actor, id, dto);
  }

  @Post(':id/protected-identity')
  @Allow('coordinator')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Set or lift protected identity for the persons of the case',
    description:
      'Protection belongs to the persons (by identity number), so it applies to every case of theirs, open or closed, and to ' +
      'every household they are in. Lifting needs a stated reason like setting; both are audited with it.',
  })
  @ApiOkResponse({ type: ProtectedIdentityView })
  setProtectedIdentity(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: SetProtectedIdentityDto): Promise<ProtectedIdentityView> {
    return this.cases.setProtectedIdentity(actor, id, dto);
  }

  @Post(':id/close')
  @Allow('coordinator')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Close the case with its outcome',
    description: 'A closed case is not reopened: a new notice for the household opens a new case marked as a recurrence.',
  })
  @ApiOkResponse({ type: CaseClosedView })
  close(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: CloseCaseDto): Promise<CaseClosedView> {
    return this.cases.close(actor, id, dto);
  }
}
