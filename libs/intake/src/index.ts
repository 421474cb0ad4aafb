// Public door of @bosam/intake: the notification DTO, the receipt, and the one service every notice
// goes through (the JSON route and each row of a notification file).
export {
  AmendmentView,
  CreateAmendmentDto,
  CreateNotificationDto,
  DeadlineView,
  NotificationAddressDto,
  NotificationChangesDto,
  NotificationReceiptView,
  NotificationTenantDto,
  NotificationView,
} from './dto';
export { NotificationsService } from './notifications.service';
export type { NotificationReceipt } from './dto';
export { inIntakeTransaction, IntakeService, isRetryableIntakeError } from './intake.service';
export type { ReceiveManyOptions, ReceiveOptions, ReceiveResult, RowOutcome } from './intake.service';
export { IntakeModule } from './intake.module';
export {
  assessNotice,
  contentHash,
  DATE_FLAGS,
  ENFORCEMENT_SENDER,
  NOTIFICATION_FLAGS,
  noticeDeadlines,
  OTHER_SENDER,
  senderKeyOf,
} from './rules';
export type { Assessment, DatedNotice, NormalizedNotice, NotificationFlag } from './rules';
