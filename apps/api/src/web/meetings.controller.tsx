import { Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { FastifyReply } from 'fastify';
import type { ComponentProps } from 'preact';
import { stockholmInstant } from '@bosam/calendar';
import {
  AttendanceView,
  CancelMeetingDto,
  ConfirmDecisionDto,
  CreateMeetingDto,
  DecisionDto,
  MeetingsService,
  MeetingView,
  UnitAttendanceDto,
  UpdateMeetingDto,
} from '@bosam/meetings';
import { Allow, DomainError } from '@bosam/platform';
import { SetupService } from '@bosam/setup';
import { formErrors, swedishProblem, validateAs } from './forms';
import { sendFragment, sendPage } from './page';
import { AgendaItem, AttendanceRow, CloseMeetingPage, MeetingChange, MeetingPage, MeetingsPage, undecidedItems } from './pages/meeting';
import { redirect, sendHtml } from './render';
import { field, fields, isHtmx, WebRequest } from './request';
import { WebController } from './web-controller';

/** A date and a time from a form as the instant the API takes; anything else is passed on for the DTO to refuse. */
const startsAtOf = (date: string, time: string): string =>
  /^\d{4}-\d{2}-\d{2}$/.test(date) && /^\d{2}:\d{2}$/.test(time) ? stockholmInstant(date, time).toISOString() : date;

const NOTICES: Record<string, string> = { flyttat: 'Mötet är flyttat.', installt: 'Mötet är inställt.' };

/** The meeting: agenda, attendance one unit at a time, start, decisions without a reload, close, print. */
@WebController()
export class MeetingsPagesController {
  constructor(
    private readonly meetings: MeetingsService,
    private readonly setup: SetupService,
  ) {}

  @Get('moten')
  @Allow('coordinator', 'unit_rep')
  async list(@Req() request: WebRequest, @Res() reply: FastifyReply): Promise<void> {
    const meetings = await this.meetings.list(request.actor, undefined);
    sendPage(
      request,
      reply,
      { title: 'Möten', current: '/moten' },
      <MeetingsPage meetings={meetings} actor={request.actor} csrf={request.csrfToken} />,
    );
  }

  @Post('moten')
  @Allow('coordinator')
  async create(@Req() request: WebRequest, @Res() reply: FastifyReply): Promise<void> {
    const values = { date: field(request.body, 'date'), time: field(request.body, 'time') };
    try {
      const startsAt = startsAtOf(values.date, values.time);
      const dto = await validateAs(CreateMeetingDto, { district: request.actor.district, startsAt });
      const meeting = await this.meetings.create(request.actor, dto);
      redirect(reply, `/moten/${meeting.id}`);
    } catch (error) {
      const errors = formErrors(error);
      if (!errors) throw error;
      const meetings = await this.meetings.list(request.actor, undefined);
      sendPage(
        request,
        reply,
        { title: 'Möten', current: '/moten', status: 400 },
        <MeetingsPage meetings={meetings} actor={request.actor} csrf={request.csrfToken} errors={errors} values={values} />,
      );
    }
  }

  private async meetingView(request: WebRequest, id: string): Promise<MeetingView> {
    const meeting = (await this.meetings.list(request.actor, undefined)).find((m) => m.id === id);
    if (!meeting) throw new DomainError('NOT_FOUND', 'No such meeting.');
    return meeting;
  }

  @Get('moten/:id')
  @Allow('coordinator', 'unit_rep')
  async show(
    @Req() request: WebRequest,
    @Param('id') id: string,
    @Res() reply: FastifyReply,
    @Query('sparat') saved?: unknown,
    change?: MeetingChange,
  ): Promise<void> {
    const meeting = await this.meetingView(request, id);
    const notice = typeof saved === 'string' ? NOTICES[saved] : undefined;
    const page = { title: `Möte ${meeting.heldOn}`, current: '/moten', status: change ? 400 : 200 };
    if (meeting.status === 'cancelled') {
      return sendPage(
        request,
        reply,
        page,
        <MeetingPage actor={request.actor} csrf={request.csrfToken} meeting={meeting} units={[]} attendance={[]} notice={notice} />,
      );
    }
    const [agenda, units, attendance] = await Promise.all([
      this.meetings.agenda(request.actor, id),
      this.setup.listUnits(request.actor, request.actor.district),
      this.meetings.attendance(request.actor, id),
    ]);
    const minutes = meeting.status === 'planned' ? undefined : await this.meetings.minutes(request.actor, id);
    sendPage(
      request,
      reply,
      page,
      <MeetingPage
        actor={request.actor}
        csrf={request.csrfToken}
        meeting={meeting}
        agenda={agenda}
        units={units}
        attendance={attendance}
        minutes={minutes}
        notice={notice}
        change={change}
      />,
    );
  }

  /** Moves a planned meeting: MeetingsService.update, as PATCH /meetings/{id} { startsAt, reason }. */
  @Post('moten/:id/flytta')
  @Allow('coordinator')
  async move(@Req() request: WebRequest, @Param('id') id: string, @Res() reply: FastifyReply): Promise<void> {
    const values = { date: field(request.body, 'date'), time: field(request.body, 'time'), reason: field(request.body, 'reason') };
    try {
      const dto = await validateAs(UpdateMeetingDto, {
        startsAt: startsAtOf(values.date, values.time),
        ...(values.reason ? { reason: values.reason } : {}),
      });
      await this.meetings.update(request.actor, id, dto);
      redirect(reply, `/moten/${id}?sparat=flyttat`);
    } catch (error) {
      const errors = formErrors(error) ?? (swedishProblem(error) ? { form: swedishProblem(error)! } : undefined);
      if (!errors) throw error;
      await this.show(request, id, reply, undefined, { form: 'move', errors, values });
    }
  }

  /** Cancels a planned meeting with its reason: MeetingsService.cancel, as POST /meetings/{id}/cancel. */
  @Post('moten/:id/stall-in')
  @Allow('coordinator')
  async cancel(@Req() request: WebRequest, @Param('id') id: string, @Res() reply: FastifyReply): Promise<void> {
    const values = { reason: field(request.body, 'reason') };
    try {
      await this.meetings.cancel(request.actor, id, await validateAs(CancelMeetingDto, values));
      redirect(reply, `/moten/${id}?sparat=installt`);
    } catch (error) {
      const errors = formErrors(error) ?? (swedishProblem(error) ? { form: swedishProblem(error)! } : undefined);
      if (!errors) throw error;
      await this.show(request, id, reply, undefined, { form: 'cancel', errors, values });
    }
  }

  /** One unit's attendance (someone arrives late): MeetingsService.setUnitAttendance, as PUT …/attendance/{unit}. */
  @Post('moten/:id/narvaro/:unit')
  @Allow('coordinator')
  async attendance(
    @Req() request: WebRequest,
    @Param('id') id: string,
    @Param('unit') unitCode: string,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const units = await this.setup.listUnits(request.actor, request.actor.district);
    const unit = units.find((u) => u.code === unitCode);
    if (!unit) throw new DomainError('NOT_FOUND', 'No such unit.');
    const role = field(request.body, 'role');
    const entry = {
      person: field(request.body, 'person') || null,
      role,
      mandate: role !== 'absent' && field(request.body, 'mandate') === 'true',
    };
    let error: string | undefined;
    let saved: AttendanceView[] = [];
    try {
      saved = await this.meetings.setUnitAttendance(request.actor, id, unitCode, await validateAs(UnitAttendanceDto, entry));
    } catch (e) {
      const errors = formErrors(e);
      const message = errors ? Object.values(errors)[0] : swedishProblem(e);
      if (!message) throw e;
      error = message;
      saved = await this.meetings.attendance(request.actor, id);
    }
    if (!isHtmx(request)) return error ? this.show(request, id, reply) : redirect(reply, `/moten/${id}#att-${unitCode}`);
    sendFragment(
      reply,
      <AttendanceRow
        meetingId={id}
        unit={unit}
        entry={saved.find((a) => a.unit === unitCode)}
        csrf={request.csrfToken}
        editable
        error={error}
        saved={!error}
      />,
      error ? 400 : 200,
    );
  }

  /** A pending decision confirmed or rejected by the unit's assistant head or a coordinator. */
  @Post('moten/:id/bekrafta/:decisionId')
  @Allow('coordinator', 'unit_rep')
  async confirm(
    @Req() request: WebRequest,
    @Param('id') id: string,
    @Param('decisionId') decisionId: string,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const caseId = field(request.body, 'caseId');
    let errors: Record<string, string> | undefined;
    try {
      const dto = await validateAs(ConfirmDecisionDto, {
        confirmed: field(request.body, 'confirmed') === 'true',
        by: field(request.body, 'by'),
      });
      await this.meetings.confirmDecision(request.actor, decisionId, dto);
    } catch (error) {
      errors = formErrors(error) ?? (swedishProblem(error) ? { form: swedishProblem(error)! } : undefined);
      if (!errors) throw error;
    }
    if (!isHtmx(request)) return redirect(reply, `/moten/${id}#item-${caseId}`);
    sendFragment(reply, await this.agendaItemFragment(request, id, caseId, { errors }), errors ? 400 : 200);
  }

  @Post('moten/:id/starta')
  @Allow('coordinator')
  async start(@Req() request: WebRequest, @Param('id') id: string, @Res() reply: FastifyReply): Promise<void> {
    await this.meetings.start(request.actor, id);
    redirect(reply, `/moten/${id}`);
  }

  /**
   * Before closing: which items have no decision and so carry over to the next meeting (closing carries every
   * one of them; the minutes list them). Said on a page of its own so that nobody closes without seeing it.
   */
  @Get('moten/:id/avsluta')
  @Allow('coordinator')
  async confirmClose(@Req() request: WebRequest, @Param('id') id: string, @Res() reply: FastifyReply): Promise<void> {
    const meeting = await this.meetingView(request, id);
    if (meeting.status !== 'running') return redirect(reply, `/moten/${id}`);
    const agenda = await this.meetings.agenda(request.actor, id);
    sendPage(
      request,
      reply,
      { title: `Avsluta mötet ${meeting.heldOn}`, current: '/moten' },
      <CloseMeetingPage csrf={request.csrfToken} meeting={meeting} items={undecidedItems(agenda)} />,
    );
  }

  @Post('moten/:id/avsluta')
  @Allow('coordinator')
  async close(@Req() request: WebRequest, @Param('id') id: string, @Res() reply: FastifyReply): Promise<void> {
    await this.meetings.close(request.actor, id);
    redirect(reply, `/moten/${id}`);
  }

  /** A case's item on the agenda, numbered as the page numbers it (each case once). */
  private async agendaItem(request: WebRequest, id: string, caseId: string) {
    const agenda = await this.meetings.agenda(request.actor, id);
    const seen = new Set<string>();
    const items = agenda.sections.flatMap((s) => s.items).filter((i) => !seen.has(i.caseId) && !!seen.add(i.caseId));
    const index = items.findIndex((i) => i.caseId === caseId);
    if (index < 0) throw new DomainError('NOT_FOUND', 'No such agenda item.');
    return { items, index };
  }

  /** One agenda item as the meeting page shows it (numbered, with the district's units), focused, for in-page updates. */
  private async agendaItemFragment(
    request: WebRequest,
    id: string,
    caseId: string,
    extra: Pick<ComponentProps<typeof AgendaItem>, 'decision' | 'errors' | 'values' | 'deferred'>,
  ) {
    const { items, index } = await this.agendaItem(request, id, caseId);
    const [meeting, units] = await Promise.all([
      this.meetingView(request, id),
      this.setup.listUnits(request.actor, request.actor.district),
    ]);
    return (
      <AgendaItem
        meeting={meeting}
        item={items[index]}
        number={index + 1}
        actor={request.actor}
        csrf={request.csrfToken}
        units={units}
        {...extra}
        focus
      />
    );
  }

  /** One agenda item again (after "skjut upp", or to take it up anyway). */
  @Get('moten/:id/punkt/:caseId')
  @Allow('coordinator', 'unit_rep')
  async item(
    @Req() request: WebRequest,
    @Param('id') id: string,
    @Param('caseId') caseId: string,
    @Query('uppskjuten') deferred: unknown,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    sendFragment(reply, await this.agendaItemFragment(request, id, caseId, { deferred: deferred === '1' }));
  }

  /** A decision with its next steps; htmx swaps the item in place, without a reload. */
  @Post('moten/:id/beslut')
  @Allow('coordinator', 'unit_rep')
  async decide(@Req() request: WebRequest, @Param('id') id: string, @Res() reply: FastifyReply): Promise<void> {
    const body = request.body;
    const caseId = field(body, 'caseId');
    const [unitsIn, actions, dues, responsibles] = [
      fields(body, 'unit'),
      fields(body, 'action'),
      fields(body, 'dueOn'),
      fields(body, 'responsible'),
    ];
    const nextSteps = unitsIn
      .map((unit, i) => ({
        unit,
        action: actions[i] ?? '',
        dueOn: dues[i] ?? '',
        ...(responsibles[i] ? { responsible: responsibles[i] } : {}),
      }))
      .filter((s) => s.unit || s.action || s.dueOn);
    let decision;
    let errors;
    try {
      const dto = await validateAs(DecisionDto, { caseId, text: field(body, 'text'), nextSteps });
      decision = await this.meetings.decide(request.actor, id, dto);
    } catch (error) {
      errors = formErrors(error);
      const problem = errors ? undefined : swedishProblem(error);
      if (!errors && !problem) throw error;
      errors ??= { form: problem! };
    }
    if (!isHtmx(request) && decision) return redirect(reply, `/moten/${id}#item-${caseId}`);
    const values = { text: [field(body, 'text')], unit: unitsIn, action: actions, dueOn: dues, responsible: responsibles };
    const fragment = await this.agendaItemFragment(request, id, caseId, { decision, errors, values });
    if (isHtmx(request)) return sendFragment(reply, fragment, errors ? 400 : 200);
    return this.show(request, id, reply);
  }

  @Get('moten/:id/dagordning')
  @Allow('coordinator', 'unit_rep')
  async printableAgenda(@Req() request: WebRequest, @Param('id') id: string, @Res() reply: FastifyReply): Promise<void> {
    sendHtml(reply, await this.meetings.agendaHtml(request.actor, id));
  }

  @Get('moten/:id/protokoll')
  @Allow('coordinator', 'unit_rep')
  async printableMinutes(@Req() request: WebRequest, @Param('id') id: string, @Res() reply: FastifyReply): Promise<void> {
    sendHtml(reply, await this.meetings.minutesHtml(request.actor, id));
  }
}
