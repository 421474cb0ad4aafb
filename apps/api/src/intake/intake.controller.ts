import { Body, Controller, HttpCode, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { FastifyReply } from 'fastify';
import { CreateNotificationDto, IntakeService, NotificationReceipt, NotificationReceiptView } from '@bosam/intake';
import { Actor, Allow, CurrentActor } from '@bosam/platform';

@ApiTags('intake')
@ApiBearerAuth()
@Controller('notifications')
export class IntakeController {
  constructor(private readonly intake: IntakeService) {}

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
}
