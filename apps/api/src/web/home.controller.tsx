import { Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { FastifyReply } from 'fastify';
import { isValidTermCode, termOf, todayInStockholm } from '@bosam/calendar';
import { CasesService } from '@bosam/cases';
import {
  CreateEvaluationExportDto,
  DecisionStatusDto,
  EvaluationDecisionDto,
  EvaluationExportsService,
  EvaluationService,
  IndicatorsReportView,
} from '@bosam/evaluation';
import { ImportsService } from '@bosam/imports';
import { MeetingsService, NextStepsService, UpdateNextStepDto } from '@bosam/meetings';
import { Allow, AuditService, DomainError } from '@bosam/platform';
import { SetupService } from '@bosam/setup';
import { formErrors, swedishProblem, validateAs } from './forms';
import { sendFragment, sendPage } from './page';
import { EvaluationPage, ExportStatus, previousTerm } from './pages/evaluation';
import { NextStepsPage, StepChange, StepChangePage, StepRow } from './pages/next-steps';
import { AuditorStartPage, CoordinatorStartPage, EvaluatorStartPage, UnitRepStartPage } from './pages/start';
import { redirect } from './render';
import { field, isHtmx, safeReturnTo, WebRequest } from './request';
import { WebController } from './web-controller';

/** The start page by role, next steps, and the termly evaluation. */
@WebController()
export class HomeController {
  constructor(
    private readonly meetings: MeetingsService,
    private readonly nextSteps: NextStepsService,
    private readonly cases: CasesService,
    private readonly imports: ImportsService,
    private readonly evaluation: EvaluationService,
    private readonly exports: EvaluationExportsService,
    private readonly setup: SetupService,
    private readonly audit: AuditService,
  ) {}

  @Get()
  @Allow('admin', 'coordinator', 'unit_rep', 'evaluator', 'auditor')
  async start(@Req() request: WebRequest, @Res() reply: FastifyReply): Promise<void> {
    const { actor } = request;
    const page = { title: 'Start', current: '/' };
    switch (actor.role) {
      case 'admin':
        return redirect(reply, '/installningar');
      case 'coordinator': {
        const today = todayInStockholm();
        const meetings = await this.meetings.list(actor, undefined);
        const nextMeeting =
          meetings.find((m) => m.status === 'running') ?? meetings.find((m) => m.status === 'planned' && m.heldOn >= today);
        const [deadlines, overdue, imports] = await Promise.all([
          nextMeeting
            ? this.cases.list(actor, { status: 'open', deadlineFrom: today, deadlineBefore: nextMeeting.heldOn, limit: 100 })
            : undefined,
          this.nextSteps.list(actor, { status: 'overdue' }),
          this.imports.recent(actor),
        ]);
        return sendPage(
          request,
          reply,
          page,
          <CoordinatorStartPage actor={actor} data={{ nextMeeting, deadlines: deadlines?.items ?? [], overdue, imports }} />,
        );
      }
      case 'unit_rep': {
        const [units, open, cases] = await Promise.all([
          this.setup.listUnits(actor, actor.district),
          this.nextSteps.list(actor, { unit: actor.unit, status: 'open' }),
          this.cases.list(actor, { status: 'open', unit: actor.unit, limit: 100 }),
        ]);
        const unitName = units.find((u) => u.code === actor.unit)?.name ?? actor.unit ?? '';
        return sendPage(
          request,
          reply,
          page,
          <UnitRepStartPage
            actor={actor}
            unitName={unitName}
            open={open}
            overdue={open.filter((s) => s.overdue)}
            cases={cases.items}
            csrf={request.csrfToken}
          />,
        );
      }
      case 'evaluator': {
        const report = await this.evaluation.report(actor, actor.district, termOf(todayInStockholm()));
        return sendPage(request, reply, page, <EvaluatorStartPage actor={actor} report={report} />);
      }
      case 'auditor':
        return sendPage(request, reply, page, <AuditorStartPage entries={await this.audit.recent(actor.district)} />);
    }
  }

  @Get('nasta-steg')
  @Allow('coordinator', 'unit_rep')
  async steps(@Req() request: WebRequest, @Query() query: Record<string, unknown>, @Res() reply: FastifyReply): Promise<void> {
    const { actor } = request;
    const status = (['open', 'overdue', 'done'] as const).find((s) => s === query.status) ?? 'open';
    const units = await this.setup.listUnits(actor, actor.district);
    const wanted = typeof query.enhet === 'string' ? query.enhet : actor.role === 'unit_rep' ? actor.unit : '';
    const unit = units.find((u) => u.code === wanted)?.code;
    const all = await this.nextSteps.list(actor, { unit, status });
    // Per person: the responsible named on each step.
    const people = [...new Set(all.map((s) => s.responsible).filter((p): p is string => !!p))].sort((a, b) => a.localeCompare(b, 'sv'));
    const person = typeof query.person === 'string' && people.includes(query.person) ? query.person : undefined;
    const steps = person ? all.filter((s) => s.responsible === person) : all;
    sendPage(
      request,
      reply,
      { title: 'Nästa steg', current: '/nasta-steg' },
      <NextStepsPage
        actor={actor}
        csrf={request.csrfToken}
        steps={steps}
        units={units}
        unit={unit}
        person={person}
        people={people}
        status={status}
        saved={typeof query.sparat === 'string' ? query.sparat : undefined}
      />,
    );
  }

  /** One step, to move its due date or cancel it (from the next-steps page or the meeting page). */
  @Get('nasta-steg/:id')
  @Allow('coordinator', 'unit_rep')
  async step(
    @Req() request: WebRequest,
    @Param('id') id: string,
    @Query('tillbaka') back: unknown,
    @Res() reply: FastifyReply,
    change?: StepChange,
  ): Promise<void> {
    const step = await this.nextSteps.get(request.actor, id);
    const backTo = back === undefined ? '/nasta-steg' : safeReturnTo(back);
    sendPage(
      request,
      reply,
      { title: 'Flytta eller ställ in ett steg', current: '/nasta-steg', status: change ? 400 : 200 },
      <StepChangePage actor={request.actor} csrf={request.csrfToken} step={step} back={backTo} change={change} />,
    );
  }

  /** A new due date (PATCH /next-steps/{id} { status: open, dueOn }) or a cancellation with its reason ({ status: cancelled, reason }). */
  @Post('nasta-steg/:id/andra')
  @Allow('coordinator', 'unit_rep')
  async changeStep(@Req() request: WebRequest, @Param('id') id: string, @Res() reply: FastifyReply): Promise<void> {
    const form = field(request.body, 'form') === 'cancel' ? 'cancel' : 'move';
    const values = { dueOn: field(request.body, 'dueOn'), reason: field(request.body, 'reason') };
    const back = safeReturnTo(field(request.body, 'tillbaka') || '/nasta-steg');
    try {
      const dto = await validateAs(
        UpdateNextStepDto,
        form === 'cancel' ? { status: 'cancelled', reason: values.reason } : { status: 'open', dueOn: values.dueOn },
      );
      await this.nextSteps.update(request.actor, id, dto);
      redirect(reply, back === '/nasta-steg' ? `/nasta-steg?sparat=${form === 'cancel' ? 'installt' : 'flyttat'}` : back);
    } catch (error) {
      const errors = formErrors(error) ?? (swedishProblem(error) ? { form: swedishProblem(error)! } : undefined);
      if (!errors) throw error;
      await this.step(request, id, back, reply, { form, errors, values });
    }
  }

  /** Marks a step done: the same rule as PATCH /next-steps/{id} (a unit representative only for their unit). */
  @Post('nasta-steg/:id/utfort')
  @Allow('coordinator', 'unit_rep')
  async complete(@Req() request: WebRequest, @Param('id') id: string, @Res() reply: FastifyReply): Promise<void> {
    try {
      const result = field(request.body, 'result');
      const dto = await validateAs(UpdateNextStepDto, {
        status: 'done',
        doneOn: field(request.body, 'doneOn'),
        ...(result ? { result } : {}),
      });
      const step = await this.nextSteps.update(request.actor, id, dto);
      if (!isHtmx(request)) return redirect(reply, '/nasta-steg?sparat=1');
      sendFragment(reply, <StepRow step={step} actor={request.actor} csrf={request.csrfToken} justDone />);
    } catch (error) {
      const errors = formErrors(error);
      const message = errors ? Object.values(errors)[0] : swedishProblem(error);
      if (!message || !isHtmx(request)) throw error;
      sendFragment(
        reply,
        <tr>
          <td colSpan={7} class="error" role="alert">
            {message}
          </td>
        </tr>,
        400,
      );
    }
  }

  private async evaluationPage(
    request: WebRequest,
    reply: FastifyReply,
    term: string,
    extra: {
      decisionErrors?: Record<string, string>;
      decisionValues?: Record<string, string>;
      saved?: boolean;
      statusSaved?: boolean;
      statusError?: { id: string; message: string };
    } = {},
    status = 200,
  ) {
    const { actor } = request;
    const report = await this.evaluation.report(actor, actor.district, term);
    const earlier: IndicatorsReportView[] = [];
    for (let t = previousTerm(term), i = 0; i < 2; t = previousTerm(t), i += 1)
      earlier.push(await this.evaluation.report(actor, actor.district, t));
    sendPage(
      request,
      reply,
      { title: `Utvärdering ${term}`, current: '/utvardering', status },
      <EvaluationPage actor={actor} csrf={request.csrfToken} report={report} earlier={earlier} {...extra} />,
    );
  }

  @Get('utvardering')
  @Allow('coordinator', 'evaluator')
  async evaluationView(
    @Req() request: WebRequest,
    @Query('termin') term: unknown,
    @Query('sparat') saved: unknown,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.evaluationPage(request, reply, isValidTermCode(term) ? term : termOf(todayInStockholm()), {
      statusSaved: saved === 'status',
    });
  }

  @Post('utvardering/:term/beslut')
  @Allow('coordinator')
  async evaluationDecision(@Req() request: WebRequest, @Param('term') term: string, @Res() reply: FastifyReply): Promise<void> {
    const values = { text: field(request.body, 'text'), owner: field(request.body, 'owner'), dueOn: field(request.body, 'dueOn') };
    try {
      const dto = await validateAs(EvaluationDecisionDto, values);
      await this.evaluation.addDecision(request.actor, request.actor.district, term, dto);
      redirect(reply, `/utvardering?termin=${encodeURIComponent(term)}`);
    } catch (error) {
      const errors = formErrors(error);
      if (!errors) throw error;
      await this.evaluationPage(request, reply, term, { decisionErrors: errors, decisionValues: values }, 400);
    }
  }

  /** Follows up a decision: open, done or dropped (EvaluationService.setDecisionStatus, as PATCH …/decisions/{id}). */
  @Post('utvardering/beslut/:id/status')
  @Allow('coordinator')
  async evaluationDecisionStatus(@Req() request: WebRequest, @Param('id') id: string, @Res() reply: FastifyReply): Promise<void> {
    const term = field(request.body, 'term');
    const shownTerm = isValidTermCode(term) ? term : termOf(todayInStockholm());
    try {
      await this.evaluation.setDecisionStatus(
        request.actor,
        id,
        await validateAs(DecisionStatusDto, { status: field(request.body, 'status') }),
      );
      redirect(reply, `/utvardering?termin=${encodeURIComponent(shownTerm)}&sparat=status#beslut-${id}`);
    } catch (error) {
      const errors = formErrors(error);
      if (!errors) throw error;
      await this.evaluationPage(request, reply, shownTerm, { statusError: { id, message: Object.values(errors)[0] } }, 400);
    }
  }

  @Post('utvardering/export')
  @Allow('coordinator', 'evaluator')
  async requestExport(@Req() request: WebRequest, @Res() reply: FastifyReply): Promise<void> {
    const dto = await validateAs(CreateEvaluationExportDto, {
      district: request.actor.district,
      term: field(request.body, 'term'),
      format: field(request.body, 'format'),
    });
    const { id } = await this.exports.request(request.actor, dto);
    redirect(reply, `/utvardering/export/${id}`);
  }

  @Get('utvardering/export/:id')
  @Allow('coordinator', 'evaluator')
  async exportStatus(@Req() request: WebRequest, @Param('id') id: string, @Res() reply: FastifyReply): Promise<void> {
    const exp = await this.exports.get(request.actor, id);
    if (isHtmx(request)) return sendFragment(reply, <ExportStatus exp={exp} />);
    sendPage(
      request,
      reply,
      { title: 'Export', current: '/utvardering' },
      <>
        <h1>Export av utvärderingen</h1>
        <ExportStatus exp={exp} />
        <p>
          <a href={`/utvardering?termin=${exp.term}`}>Tillbaka till utvärderingen</a>
        </p>
      </>,
    );
  }

  @Get('utvardering/export/:id/fil')
  @Allow('coordinator', 'evaluator')
  async exportFile(@Req() request: WebRequest, @Param('id') id: string, @Res() reply: FastifyReply): Promise<void> {
    const file = await this.exports.file(request.actor, id);
    if (!/^[\w.-]+$/.test(file.filename)) throw new DomainError('INTERNAL_ERROR', 'Unexpected file name.');
    void reply
      .header('content-type', file.contentType)
      .header('content-disposition', `attachment; filename="${file.filename}"`)
      .send(file.content);
  }
}
