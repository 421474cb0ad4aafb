import { Body, Controller, Get, Header, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import {
  CancelLiaisonSessionDto,
  ConsentListItemView,
  ConsentsService,
  ConsentView,
  CreateConsentDto,
  CreateExchangeDto,
  CreateLiaisonSessionDto,
  ExchangeView,
  LiaisonAgendaView,
  LiaisonAttendanceDto,
  LiaisonService,
  LiaisonSessionDetailView,
  LiaisonSessionView,
  ListConsentsQuery,
  ListLiaisonSessionsQuery,
  WithdrawConsentDto,
} from '@bosam/landlords';
import { Actor, Allow, CurrentActor } from '@bosam/platform';

// Roles: the unit that meets the client documents the consent, so coordinators and unit reps record
// consents, withdrawals and exchanges; liaison sessions and their landlord-facing agenda are the
// coordinator's. Admins, evaluators and auditors see no case data.
const SESSION_ID = { name: 'id', format: 'uuid', description: 'The session; one of another district answers 404.' };
const LANDLORD_QUERY = {
  name: 'landlord',
  required: true,
  example: '556677-8899',
  description: "One of the session's landlords (organisationsnummer).",
};
@ApiTags('landlords and consent')
@ApiBearerAuth()
@Controller()
export class LandlordsController {
  constructor(
    private readonly consents: ConsentsService,
    private readonly liaison: LiaisonService,
  ) {}

  @Post('cases/:id/consents')
  @Allow('coordinator', 'unit_rep')
  @ApiOperation({
    summary: "Record the person's consent to exchange named categories with one landlord",
    description: 'The landlord must be registered; the case must be open (409 for a closed case).',
  })
  @ApiParam({ name: 'id', format: 'uuid', description: 'The case; one of another district answers 404.' })
  @ApiCreatedResponse({ type: ConsentView })
  createConsent(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: CreateConsentDto): Promise<ConsentView> {
    return this.consents.create(actor, id, dto);
  }

  @Post('consents/:id/withdraw')
  @Allow('coordinator', 'unit_rep')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Withdraw a consent, with effect at once: from `on` it covers nothing',
    description: 'A second withdrawal answers 409.',
  })
  @ApiParam({ name: 'id', format: 'uuid', description: 'The consent; one of another district answers 404.' })
  @ApiOkResponse({ type: ConsentView })
  withdraw(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: WithdrawConsentDto): Promise<ConsentView> {
    return this.consents.withdraw(actor, id, dto);
  }

  @Get('consents')
  @Allow('coordinator', 'unit_rep')
  @ApiOperation({
    summary: "The district's consents at a glance, those still valid that end within 30 days first",
    description:
      'Filter by landlord (organisationsnummer), status as of today, or expiringWithinDays (valid consents ending within that many days).',
  })
  @ApiOkResponse({ type: [ConsentListItemView] })
  listConsents(@CurrentActor() actor: Actor, @Query() query: ListConsentsQuery): Promise<ConsentListItemView[]> {
    return this.consents.list(actor, query);
  }

  @Post('landlord-exchanges')
  @Allow('coordinator', 'unit_rep')
  @ApiOperation({
    summary: 'Record an exchange of case information with a landlord',
    description:
      'Only when consents valid on that date cover the landlord and every category; otherwise 403 CONSENT_MISSING with `reason` and `missing` (the categories). ' +
      'With sessionId the exchange is tied to that session and carries its date.',
  })
  @ApiCreatedResponse({ type: ExchangeView })
  exchange(@CurrentActor() actor: Actor, @Body() dto: CreateExchangeDto): Promise<ExchangeView> {
    return this.consents.recordExchange(actor, dto);
  }

  @Post('liaison-sessions')
  @Allow('coordinator')
  @ApiOperation({ summary: "Plan a liaison session with the district's landlords" })
  @ApiCreatedResponse({ type: LiaisonSessionView })
  createSession(@CurrentActor() actor: Actor, @Body() dto: CreateLiaisonSessionDto): Promise<LiaisonSessionView> {
    return this.liaison.create(actor, dto);
  }

  @Get('liaison-sessions')
  @Allow('coordinator', 'unit_rep')
  @ApiOperation({ summary: "The district's liaison sessions, oldest first" })
  @ApiOkResponse({ type: [LiaisonSessionView] })
  listSessions(@CurrentActor() actor: Actor, @Query() query: ListLiaisonSessionsQuery): Promise<LiaisonSessionView[]> {
    return this.liaison.list(actor, query.district);
  }

  @Get('liaison-sessions/:id')
  @Allow('coordinator', 'unit_rep')
  @ApiOperation({ summary: 'A session as a record: status, who came for each landlord, and the exchanges tied to it' })
  @ApiParam(SESSION_ID)
  @ApiOkResponse({ type: LiaisonSessionDetailView })
  session(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<LiaisonSessionDetailView> {
    return this.liaison.detail(actor, id);
  }

  @Put('liaison-sessions/:id/attendance')
  @Allow('coordinator')
  @ApiOperation({
    summary: 'Record who came for each landlord; the session is then held',
    description: 'Not before the session’s date, not for a cancelled session (409). Landlords left out keep what was recorded.',
  })
  @ApiParam(SESSION_ID)
  @ApiOkResponse({ type: LiaisonSessionView })
  attendance(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: LiaisonAttendanceDto): Promise<LiaisonSessionView> {
    return this.liaison.recordAttendance(actor, id, dto);
  }

  @Post('liaison-sessions/:id/cancel')
  @Allow('coordinator')
  @HttpCode(200)
  @ApiOperation({ summary: 'Cancel a planned session, with the reason', description: 'A held or cancelled session answers 409.' })
  @ApiParam(SESSION_ID)
  @ApiOkResponse({ type: LiaisonSessionView })
  cancel(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: CancelLiaisonSessionDto): Promise<LiaisonSessionView> {
    return this.liaison.cancel(actor, id, dto);
  }

  @Get('liaison-sessions/:id/agenda.html')
  @Allow('coordinator')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @ApiProduces('text/html')
  @ApiOperation({
    summary: "The landlord's agenda as a printable Swedish document (print it to PDF from the browser)",
    description: 'The same content as the JSON agenda, with a running number per case instead of any id.',
  })
  @ApiParam(SESSION_ID)
  @ApiQuery(LANDLORD_QUERY)
  @ApiOkResponse({ description: 'The page.', content: { 'text/html': { schema: { type: 'string' } } } })
  agendaHtml(@CurrentActor() actor: Actor, @Param('id') id: string, @Query('landlord') landlord: unknown): Promise<string> {
    return this.liaison.agendaHtml(actor, id, landlord);
  }

  @Get('liaison-sessions/:id/agenda')
  @Allow('coordinator')
  @ApiOperation({
    summary: 'The landlord-facing agenda of a session for one of its landlords',
    description:
      'General counts (1–4 shown as "<5"), and only the cases with a consent for this landlord valid on the session date, with only the consented categories; never a protected identity, identity numbers or units.',
  })
  @ApiParam(SESSION_ID)
  @ApiQuery(LANDLORD_QUERY)
  @ApiOkResponse({ type: LiaisonAgendaView })
  agenda(@CurrentActor() actor: Actor, @Param('id') id: string, @Query('landlord') landlord: unknown): Promise<LiaisonAgendaView> {
    // The landlord is checked after the session, so that an unknown session is a 404 whatever the query.
    return this.liaison.agenda(actor, id, landlord);
  }
}
