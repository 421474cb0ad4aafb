import { Body, Controller, Get, Headers, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  BalanceView,
  CaseClosedView,
  CaseCorrectedView,
  CaseDetailView,
  CaseListView,
  CaseMergedView,
  CaseReopenedView,
  CasesService,
  CaseUnitsView,
  CloseCaseDto,
  ContactView,
  CorrectCaseDto,
  CreateBalanceDto,
  CreateContactDto,
  CreateDisturbanceDto,
  CreateRepaymentPlanDto,
  DisturbancesEndedDto,
  DisturbanceView,
  FollowUpService,
  ListCasesQuery,
  MergeCaseDto,
  ProtectedIdentityView,
  ReopenCaseDto,
  RepaymentPlanView,
  SetCaseUnitsDto,
  SetProtectedIdentityDto,
  SetRepaymentPlanStatusDto,
} from '@bosam/cases';
import { Actor, Allow, CurrentActor } from '@bosam/platform';

// Roles (API.md): coordinators do everything in their district; unit reps read the district's cases,
// record outreach (contacts) — the units do the outreach —, set their own unit among the units a client
// is known to, follow up debts and disturbances, and close a case only where the district allows it.
// Merging and reopening are the coordinator's. Admins, evaluators and auditors see no case data.
@ApiTags('cases')
@ApiBearerAuth()
@Controller('cases')
export class CasesController {
  constructor(
    private readonly cases: CasesService,
    private readonly followUp: FollowUpService,
  ) {}

  @Get()
  @Allow('coordinator', 'unit_rep')
  @ApiOperation({
    summary: "The district's cases, newest first; with q, a search for a person",
    description:
      'Names and masked identity numbers only; no address for a protected identity. Paginated with limit (max 200) and offset. ' +
      'q searches by a tenant’s name or identity number and needs X-Access-Reason (400 ACCESS_REASON_REQUIRED without it).',
  })
  @ApiHeader({
    name: 'X-Access-Reason',
    required: false,
    description: 'Why the caller searches (required with q); recorded in the audit log.',
  })
  @ApiOkResponse({ type: CaseListView })
  list(@CurrentActor() actor: Actor, @Query() query: ListCasesQuery, @Headers('x-access-reason') reason?: string): Promise<CaseListView> {
    return this.cases.list(actor, query, undefined, reason);
  }

  @Get(':id')
  @Allow('coordinator', 'unit_rep')
  @ApiOperation({
    summary: 'One case: tenants, address, household, notifications, deadlines, units, contacts, next steps, consents, follow-up, timeline',
  })
  @ApiOkResponse({ type: CaseDetailView })
  detail(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<CaseDetailView> {
    return this.cases.detail(actor, id);
  }

  @Put(':id/units')
  @Allow('coordinator', 'unit_rep')
  @ApiOperation({
    summary: 'The units the client is known to (replaces the list)',
    description: 'A unit representative adds or removes only their own unit.',
  })
  @ApiOkResponse({ type: CaseUnitsView })
  setUnits(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: SetCaseUnitsDto): Promise<CaseUnitsView> {
    return this.cases.setUnits(actor, id, dto);
  }

  @Post(':id/contacts')
  @Allow('coordinator', 'unit_rep')
  @ApiOperation({ summary: 'Record an outreach attempt: channel, outcome, a short note, who made it' })
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
  setProtectedIdentity(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Body() dto: SetProtectedIdentityDto,
  ): Promise<ProtectedIdentityView> {
    return this.cases.setProtectedIdentity(actor, id, dto);
  }

  @Post(':id/close')
  @Allow('coordinator', 'unit_rep')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Close the case with its outcome',
    description:
      'Unit representatives only where the district allows it (403 otherwise). A case closed by mistake can be reopened within 30 days.',
  })
  @ApiOkResponse({ type: CaseClosedView })
  close(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: CloseCaseDto): Promise<CaseClosedView> {
    return this.cases.close(actor, id, dto);
  }

  @Post(':id/reopen')
  @Allow('coordinator')
  @HttpCode(200)
  @ApiOperation({ summary: 'Reopen a case closed by mistake (within 30 days of closing), with a reason' })
  @ApiOkResponse({ type: CaseReopenedView })
  reopen(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: ReopenCaseDto): Promise<CaseReopenedView> {
    return this.cases.reopen(actor, id, dto);
  }

  @Post(':id/corrections')
  @Allow('coordinator')
  @HttpCode(200)
  @ApiOperation({ summary: "Correct an obvious data-entry error in the case's address or number of children, with a reason" })
  @ApiOkResponse({ type: CaseCorrectedView })
  correct(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: CorrectCaseDto): Promise<CaseCorrectedView> {
    return this.cases.correct(actor, id, dto);
  }

  @Post(':id/merge')
  @Allow('coordinator')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Merge this case into another open case of the same household',
    description:
      'Notices, deadlines, units, next steps, contacts, follow-up records, consents and exchanges move; this case stays readable as merged.',
  })
  @ApiOkResponse({ type: CaseMergedView })
  merge(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: MergeCaseDto): Promise<CaseMergedView> {
    return this.cases.merge(actor, id, dto);
  }

  @Post(':id/balances')
  @Allow('coordinator', 'unit_rep')
  @ApiOperation({ summary: 'Record the arrears on a day and who said so; the latest balance is the case’s arrears' })
  @ApiCreatedResponse({ type: BalanceView })
  addBalance(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: CreateBalanceDto): Promise<BalanceView> {
    return this.followUp.recordBalance(actor, id, dto);
  }

  @Post(':id/repayment-plans')
  @Allow('coordinator', 'unit_rep')
  @ApiOperation({ summary: 'Record a repayment plan agreed with the landlord (status active)' })
  @ApiCreatedResponse({ type: RepaymentPlanView })
  addRepaymentPlan(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: CreateRepaymentPlanDto): Promise<RepaymentPlanView> {
    return this.followUp.addRepaymentPlan(actor, id, dto);
  }

  @Post(':id/disturbances')
  @Allow('coordinator', 'unit_rep')
  @ApiOperation({ summary: 'Record a disturbance report from the landlord' })
  @ApiCreatedResponse({ type: DisturbanceView })
  addDisturbance(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: CreateDisturbanceDto): Promise<DisturbanceView> {
    return this.followUp.reportDisturbance(actor, id, dto);
  }

  @Post(':id/disturbances-ended')
  @Allow('coordinator', 'unit_rep')
  @ApiOperation({ summary: 'Record that disturbances have ended' })
  @ApiCreatedResponse({ type: DisturbanceView })
  endDisturbances(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: DisturbancesEndedDto): Promise<DisturbanceView> {
    return this.followUp.endDisturbances(actor, id, dto);
  }
}

@ApiTags('cases')
@ApiBearerAuth()
@Controller('repayment-plans')
export class RepaymentPlansController {
  constructor(private readonly followUp: FollowUpService) {}

  @Patch(':id')
  @Allow('coordinator', 'unit_rep')
  @ApiOperation({
    summary: 'A repayment plan kept, broken, or taken up again',
    description: 'A broken plan puts the case on the next agenda.',
  })
  @ApiOkResponse({ type: RepaymentPlanView })
  setStatus(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: SetRepaymentPlanStatusDto): Promise<RepaymentPlanView> {
    return this.followUp.setRepaymentPlanStatus(actor, id, dto);
  }
}
