import { Body, Controller, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { FastifyReply } from 'fastify';
import {
  CreateAmendmentDto,
  CreateNotificationDto,
  IntakeService,
  NotificationReceipt,
  NotificationReceiptView,
  NotificationsService,
  NotificationView,
} from '@bosam/intake';
import { Actor, Allow, CurrentActor } from '@bosam/platform';

@ApiTags('intake')
@ApiBearerAuth()
@Controller('notifications')
export class IntakeController {
  constructor(
    private readonly intake: IntakeService,
    private readonly notifications: NotificationsService,
  ) {}

  // The body is validated by IntakeService itself (the same path as every file row), so it is
  // declared here for the docs only and reaches the service as it came.
  @Post()
  @Allow('coordinator')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Receive a notice that a household’s home is at risk',
    description:
      'Stored once per source + sender + externalReference: sent again with the same content it answers 200 with the same body; ' +
      'with other content 409 NOTIFICATION_CONFLICT. Joined to the household’s open case in the district (any tenant), else a new ' +
      'case, marked as a recurrence when the household had a closed case before. The deadlines say which rule produced them. ' +
      'Sender: the landlord for landlord sources, Kronofogden for enforcement sources, for `other` the landlord named or else "other".',
  })
  @ApiBody({ type: CreateNotificationDto })
  @ApiCreatedResponse({ type: NotificationReceiptView, description: 'A new notification.' })
  @ApiOkResponse({ type: NotificationReceiptView, description: 'An identical repeat: nothing stored, the first answer again.' })
  @ApiConflictResponse({ description: 'NOTIFICATION_CONFLICT: the same reference with other content.' })
  async receive(
    @CurrentActor() actor: Actor,
    @Body() body: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<NotificationReceipt> {
    const { created, receipt } = await this.intake.receive(actor, body);
    if (!created) void reply.status(200);
    return receipt;
  }

  @Get(':id')
  @Allow('coordinator', 'unit_rep')
  @ApiOperation({ summary: 'One notice as it stands, with its deadlines and the history of its corrections' })
  @ApiOkResponse({ type: NotificationView })
  get(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<NotificationView> {
    return this.notifications.get(actor, id);
  }

  @Post(':id/amendments')
  @Allow('coordinator')
  @ApiOperation({
    summary: 'Correct a stored notice (keeps the original and the history)',
    description:
      'The corrected fields and a reason. Deadlines and date flags are computed again; an address or the number of children also corrects ' +
      'the case when this is its latest notice; the next agenda says what changed. A service date after the received date is accepted here.',
  })
  @ApiCreatedResponse({ type: NotificationView })
  amend(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: CreateAmendmentDto): Promise<NotificationView> {
    return this.notifications.amend(actor, id, dto);
  }
}
