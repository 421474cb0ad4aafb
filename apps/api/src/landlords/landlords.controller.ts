import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import {
  ConsentsService, ConsentView, CreateConsentDto, CreateExchangeDto, CreateLiaisonSessionDto, ExchangeView, LiaisonAgendaView, LiaisonService,
  LiaisonSessionView, ListLiaisonSessionsQuery, WithdrawConsentDto,
} from '@bosam/landlords';
import { Actor, Allow, CurrentActor } from '@bosam/platform';

// Roles: the unit that meets the client documents the consent, so coordinators and unit reps record
// consents, withdrawals and exchanges; liaison sessions and their landlord-facing agenda are the
// coordinator's. Admins, evaluators and auditors see no case data.
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
  @ApiOperation({ summary: 'Withdraw a consent, with effect at once: from `on` it covers nothing', description: 'A second withdrawal answers 409.' })
  @ApiParam({ name: 'id', format: 'uuid', description: 'The consent; one of another district answers 404.' })
  @ApiOkResponse({ type: ConsentView })
  withdraw(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: WithdrawConsentDto): Promise<ConsentView> {
    return this.consents.withdraw(actor, id, dto);
  }

  @Post('landlord-exchanges')
  @Allow('coordinator', 'unit_rep')
  @ApiOperation({
    summary: 'Record an exchange of case information with a landlord',
    description:
      'Only when consents valid on that date cover the landlord and every category; otherwise 403 CONSENT_MISSING with `reason` and `missing` (the categories).',
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

  @Get('liaison-sessions/:id/agenda')
  @Allow('coordinator')
  @ApiOperation({
    summary: 'The landlord-facing agenda of a session for one of its landlords',
    description:
      'General counts (1–4 shown as "<5"), and only the cases with a consent for this landlord valid on the session date, with only the consented categories; never a protected identity, identity numbers or units.',
  })
  @ApiParam({ name: 'id', format: 'uuid', description: 'The session; one of another district answers 404.' })
  @ApiQuery({ name: 'landlord', required: true, example: '556677-8899', description: "One of the session's landlords (organisationsnummer)." })
  @ApiOkResponse({ type: LiaisonAgendaView })
  agenda(@CurrentActor() actor: Actor, @Param('id') id: string, @Query('landlord') landlord: unknown): Promise<LiaisonAgendaView> {
    // The landlord is checked after the session, so that an unknown session is a 404 whatever the query.
    return this.liaison.agenda(actor, id, landlord);
  }
}
