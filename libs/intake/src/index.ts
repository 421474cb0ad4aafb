// Public door of @bosam/intake: the notification DTO, the receipt, and the one service every notice
// goes through (the JSON route and each row of a notification file).
export { CreateNotificationDto, DeadlineView, NotificationAddressDto, NotificationReceiptView, NotificationTenantDto } from './dto';
export type { NotificationReceipt } from './dto';
export { IntakeService } from './intake.service';
export type { ReceiveManyOptions, ReceiveOptions, ReceiveResult, RowOutcome } from './intake.service';
export { IntakeModule } from './intake.module';
export { assessNotice, contentHash, ENFORCEMENT_SENDER, NOTIFICATION_FLAGS, OTHER_SENDER, senderKeyOf } from './rules';
export type { Assessment, NormalizedNotice, NotificationFlag } from './rules';
