import { Body, Controller, Get, Header, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import {
  AttendanceDto, CreateMeetingDto, CreateSeriesDto, DecisionDto, MeetingsService, NextStepsService, UpdateNextStepDto,
} from '@bosam/meetings';
import { Actor, Allow, CurrentActor } from '@bosam/platform';

const HTML = 'text/html; charset=utf-8';

@ApiTags('meetings')
@ApiBearerAuth()
@Controller()
export class MeetingsController {
  constructor(private readonly meetings: MeetingsService) {}

  @Post('meetings')
  @Allow('coordinator')
  create(@CurrentActor() actor: Actor, @Body() dto: CreateMeetingDto) {
    return this.meetings.create(actor, dto);
  }

  @Get('meetings')
  @Allow('coordinator', 'unit_rep')
  @ApiQuery({ name: 'district', required: false })
  list(@CurrentActor() actor: Actor, @Query('district') district?: string) {
    return this.meetings.list(actor, district);
  }

  @Post('districts/:code/meeting-series')
  @Allow('coordinator')
  @ApiOkResponse({ description: 'The meetings created; a moved one says movedFrom and why.' })
  createSeries(@CurrentActor() actor: Actor, @Param('code') code: string, @Body() dto: CreateSeriesDto) {
    return this.meetings.createSeries(actor, code, dto);
  }

  @Get('meetings/:id/agenda')
  @Allow('coordinator', 'unit_rep')
  @ApiOkResponse({ description: '{ meetingId, frozen, cutoff, warnings, sections: [{ kind, items }] } with sections new, urgent, follow_up, next_steps.' })
  agenda(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.meetings.agenda(actor, id, 'GET /api/v1/meetings/:id/agenda');
  }

  @Get('meetings/:id/agenda.html')
  @Allow('coordinator', 'unit_rep')
  @Header('Content-Type', HTML)
  @ApiProduces('text/html')
  agendaHtml(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.meetings.agendaHtml(actor, id, 'GET /api/v1/meetings/:id/agenda.html');
  }

  @Get('meetings/:id/attendance')
  @Allow('coordinator', 'unit_rep')
  attendance(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.meetings.attendance(actor, id);
  }

  @Put('meetings/:id/attendance')
  @Allow('coordinator')
  setAttendance(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: AttendanceDto) {
    return this.meetings.setAttendance(actor, id, dto);
  }

  @Post('meetings/:id/start')
  @Allow('coordinator')
  @HttpCode(200)
  start(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.meetings.start(actor, id);
  }

  @Post('meetings/:id/close')
  @Allow('coordinator')
  @HttpCode(200)
  close(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.meetings.close(actor, id);
  }

  @Post('meetings/:id/decisions')
  @Allow('coordinator', 'unit_rep')
  decide(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: DecisionDto) {
    return this.meetings.decide(actor, id, dto);
  }

  @Get('meetings/:id/minutes')
  @Allow('coordinator', 'unit_rep')
  minutes(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.meetings.minutes(actor, id, 'GET /api/v1/meetings/:id/minutes');
  }

  @Get('meetings/:id/minutes.html')
  @Allow('coordinator', 'unit_rep')
  @Header('Content-Type', HTML)
  @ApiProduces('text/html')
  minutesHtml(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.meetings.minutesHtml(actor, id, 'GET /api/v1/meetings/:id/minutes.html');
  }
}

@ApiTags('meetings')
@ApiBearerAuth()
@Controller('next-steps')
export class NextStepsController {
  constructor(private readonly nextSteps: NextStepsService) {}

  @Get()
  @Allow('coordinator', 'unit_rep')
  @ApiQuery({ name: 'district', required: false })
  @ApiQuery({ name: 'unit', required: false })
  @ApiQuery({ name: 'status', required: false, enum: ['open', 'overdue', 'done'] })
  list(
    @CurrentActor() actor: Actor,
    @Query('district') district?: string,
    @Query('unit') unit?: string,
    @Query('status') status?: 'open' | 'overdue' | 'done',
  ) {
    return this.nextSteps.list(actor, { district, unit, status }, 'GET /api/v1/next-steps');
  }

  @Patch(':id')
  @Allow('coordinator', 'unit_rep')
  update(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: UpdateNextStepDto) {
    return this.nextSteps.update(actor, id, dto);
  }
}
