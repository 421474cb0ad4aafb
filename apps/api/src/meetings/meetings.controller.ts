import { Body, Controller, Get, Header, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import {
  AgendaView,
  AttendanceDto,
  AttendanceView,
  CancelMeetingDto,
  ConfirmDecisionDto,
  CreateMeetingDto,
  CreateNextStepDto,
  CreateSeriesDto,
  DecisionDto,
  DecisionView,
  EndSeriesDto,
  ListMeetingsQuery,
  ListNextStepsQuery,
  MeetingClosedView,
  MeetingStartedView,
  MeetingsService,
  MeetingView,
  MinutesView,
  NextStepsService,
  NextStepView,
  SeriesView,
  UnitAttendanceDto,
  UpdateMeetingDto,
  UpdateNextStepDto,
} from '@bosam/meetings';
import { Actor, Allow, CurrentActor } from '@bosam/platform';

const HTML = 'text/html; charset=utf-8';
const HTML_PAGE = { description: 'A printable page (Swedish).', content: { 'text/html': { schema: { type: 'string' } } } };
const MEETING_ID = { name: 'id', format: 'uuid', description: 'The meeting; one of another district answers 404.' };

@ApiTags('meetings')
@ApiBearerAuth()
@Controller()
export class MeetingsController {
  constructor(private readonly meetings: MeetingsService) {}

  @Post('meetings')
  @Allow('coordinator')
  @ApiOperation({ summary: 'Plan a meeting in the caller’s district' })
  @ApiCreatedResponse({ type: MeetingView })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateMeetingDto) {
    return this.meetings.create(actor, dto);
  }

  @Get('meetings')
  @Allow('coordinator', 'unit_rep')
  @ApiOperation({ summary: 'The district’s meetings, oldest first' })
  @ApiOkResponse({ type: [MeetingView] })
  list(@CurrentActor() actor: Actor, @Query() query: ListMeetingsQuery) {
    return this.meetings.list(actor, query.district);
  }

  @Post('districts/:code/meeting-series')
  @Allow('coordinator')
  @ApiOperation({ summary: 'Plan a regular series of meetings; one on a holiday or eve moves to the next working day' })
  @ApiParam({ name: 'code', description: "The caller's district." })
  @ApiCreatedResponse({ type: SeriesView, description: 'The meetings created; a moved one says movedFrom and why.' })
  createSeries(@CurrentActor() actor: Actor, @Param('code') code: string, @Body() dto: CreateSeriesDto) {
    return this.meetings.createSeries(actor, code, dto);
  }

  @Post('districts/:code/meeting-series/:seriesId/end')
  @Allow('coordinator')
  @HttpCode(200)
  @ApiOperation({ summary: 'End a series from a date: its planned meetings from then on are cancelled (and stay listed)' })
  @ApiParam({ name: 'code', description: "The caller's district." })
  @ApiParam({ name: 'seriesId', format: 'uuid' })
  @ApiOkResponse({ type: [MeetingView], description: 'Every meeting of the series, the cancelled ones with their reason.' })
  endSeries(@CurrentActor() actor: Actor, @Param('code') code: string, @Param('seriesId') seriesId: string, @Body() dto: EndSeriesDto) {
    return this.meetings.endSeries(actor, code, seriesId, dto);
  }

  @Patch('meetings/:id')
  @Allow('coordinator')
  @ApiOperation({ summary: 'Move a planned meeting (startsAt, with an optional reason); name its chair and note-taker' })
  @ApiParam(MEETING_ID)
  @ApiOkResponse({ type: MeetingView })
  update(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: UpdateMeetingDto) {
    return this.meetings.update(actor, id, dto);
  }

  @Post('meetings/:id/cancel')
  @Allow('coordinator')
  @HttpCode(200)
  @ApiOperation({ summary: 'Cancel a planned meeting, with the reason' })
  @ApiParam(MEETING_ID)
  @ApiOkResponse({ type: MeetingView })
  cancel(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: CancelMeetingDto) {
    return this.meetings.cancel(actor, id, dto);
  }

  @Get('meetings/:id/agenda')
  @Allow('coordinator', 'unit_rep')
  @ApiOperation({ summary: 'The agenda, built from the data (frozen once the meeting started)' })
  @ApiParam(MEETING_ID)
  @ApiOkResponse({ type: AgendaView, description: 'Sections new, urgent, follow_up, next_steps, in that order.' })
  agenda(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.meetings.agenda(actor, id);
  }

  @Get('meetings/:id/agenda.html')
  @Allow('coordinator', 'unit_rep')
  @Header('Content-Type', HTML)
  @ApiProduces('text/html')
  @ApiOperation({ summary: 'The printable agenda' })
  @ApiParam(MEETING_ID)
  @ApiOkResponse(HTML_PAGE)
  agendaHtml(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.meetings.agendaHtml(actor, id);
  }

  @Get('meetings/:id/attendance')
  @Allow('coordinator', 'unit_rep')
  @ApiOperation({ summary: 'Who represents each unit, and with what mandate' })
  @ApiParam(MEETING_ID)
  @ApiOkResponse({ type: [AttendanceView] })
  attendance(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.meetings.attendance(actor, id);
  }

  @Put('meetings/:id/attendance')
  @Allow('coordinator')
  @ApiOperation({ summary: 'Record attendance per unit (replaces what was recorded)' })
  @ApiParam(MEETING_ID)
  @ApiOkResponse({ type: [AttendanceView] })
  setAttendance(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: AttendanceDto) {
    return this.meetings.setAttendance(actor, id, dto);
  }

  @Put('meetings/:id/attendance/:unit')
  @Allow('coordinator')
  @ApiOperation({ summary: 'Record one unit’s attendance (someone arrives late) without resending the list' })
  @ApiParam(MEETING_ID)
  @ApiParam({ name: 'unit', description: 'A unit code of the district.' })
  @ApiOkResponse({ type: [AttendanceView], description: 'The whole attendance after the change.' })
  setUnitAttendance(@CurrentActor() actor: Actor, @Param('id') id: string, @Param('unit') unit: string, @Body() dto: UnitAttendanceDto) {
    return this.meetings.setUnitAttendance(actor, id, unit, dto);
  }

  @Post('meetings/:id/start')
  @Allow('coordinator')
  @HttpCode(200)
  @ApiOperation({ summary: 'Start the meeting: the agenda is frozen as it is now' })
  @ApiParam(MEETING_ID)
  @ApiOkResponse({ type: MeetingStartedView })
  start(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.meetings.start(actor, id);
  }

  @Post('meetings/:id/close')
  @Allow('coordinator')
  @HttpCode(200)
  @ApiOperation({ summary: 'Close the meeting; agenda cases without a decision carry over' })
  @ApiParam(MEETING_ID)
  @ApiOkResponse({ type: MeetingClosedView })
  close(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.meetings.close(actor, id);
  }

  @Post('meetings/:id/decisions')
  @Allow('coordinator', 'unit_rep')
  @ApiOperation({
    summary: 'A decision on a case, with its next steps',
    description: 'A unit representative decides next steps for their own unit only (403 otherwise).',
  })
  @ApiParam(MEETING_ID)
  @ApiCreatedResponse({ type: DecisionView })
  decide(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: DecisionDto) {
    return this.meetings.decide(actor, id, dto);
  }

  @Get('meetings/:id/minutes')
  @Allow('coordinator', 'unit_rep')
  @ApiOperation({ summary: 'The minutes: attendance, decisions with next steps, items carried over' })
  @ApiParam(MEETING_ID)
  @ApiOkResponse({ type: MinutesView })
  minutes(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.meetings.minutes(actor, id);
  }

  @Get('meetings/:id/minutes.html')
  @Allow('coordinator', 'unit_rep')
  @Header('Content-Type', HTML)
  @ApiProduces('text/html')
  @ApiOperation({ summary: 'The printable minutes' })
  @ApiParam(MEETING_ID)
  @ApiOkResponse(HTML_PAGE)
  minutesHtml(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.meetings.minutesHtml(actor, id);
  }
}

@ApiTags('meetings')
@ApiBearerAuth()
@Controller()
export class DecisionsController {
  constructor(
    private readonly meetings: MeetingsService,
    private readonly nextSteps: NextStepsService,
  ) {}

  @Post('decisions/:id/confirm')
  @Allow('coordinator', 'unit_rep')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Confirm or reject a decision waiting for a unit’s confirmation',
    description:
      'A coordinator settles it; a unit representative confirms for their own waiting unit (403 otherwise). 409 when it is not pending.',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: DecisionView })
  confirm(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: ConfirmDecisionDto) {
    return this.meetings.confirmDecision(actor, id, dto);
  }

  @Post('cases/:id/next-steps')
  @Allow('coordinator', 'unit_rep')
  @ApiOperation({
    summary: 'A next step on a case between meetings',
    description: 'A unit representative for their own unit only (403 otherwise); the case must be open (409); dueOn not before today.',
  })
  @ApiParam({ name: 'id', format: 'uuid', description: 'The case.' })
  @ApiCreatedResponse({ type: NextStepView })
  createNextStep(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: CreateNextStepDto) {
    return this.nextSteps.create(actor, id, dto);
  }
}

@ApiTags('meetings')
@ApiBearerAuth()
@Controller('next-steps')
export class NextStepsController {
  constructor(private readonly nextSteps: NextStepsService) {}

  @Get()
  @Allow('coordinator', 'unit_rep')
  @ApiOperation({ summary: 'Next steps of the district, by unit and status' })
  @ApiOkResponse({ type: [NextStepView] })
  list(@CurrentActor() actor: Actor, @Query() query: ListNextStepsQuery) {
    return this.nextSteps.list(actor, query);
  }

  @Patch(':id')
  @Allow('coordinator', 'unit_rep')
  @ApiOperation({
    summary: 'Complete (doneOn, result), cancel (reason), reopen or change a next step (dueOn, unit, action, responsible)',
    description:
      'A unit representative only for their own unit; only a coordinator hands a step to another unit. Each change is on the case’s timeline.',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: NextStepView })
  update(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: UpdateNextStepDto) {
    return this.nextSteps.update(actor, id, dto);
  }
}
