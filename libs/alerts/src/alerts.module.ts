import { OutboundModule } from '@app/outbound';
import { Module } from '@nestjs/common';

import { AlertItems } from './delivery/alert-items';
import { CHANNEL_SENDERS, OWNER_NOTIFIER, UNSUBSCRIBE_LINKS } from './delivery/channel-sender';
import { DeliveryLogService } from './delivery/delivery-log.service';
import { DigestItems } from './digest/digest-items';
import { DispatchWakeProjection } from './dispatch/dispatch-wake.projection';
import { LogSignal } from './dispatch/log-signal';
import { EmailOwnerNotifier } from './email/email-owner-notifier';
import { EmailSender } from './email/email-sender';
import { MailOutbox } from './email/mail-outbox';
import { SmtpMailer } from './email/smtp-mailer';
import { UnsubscribeTokens } from './email/unsubscribe-tokens';
import { PersonalData } from './personal/personal-data';
import { SubscriptionUpcasters } from './personal/subscription-upcasters';
import { SubscriptionProjection } from './subscription.projection';
import { PERSONAL_DATA_COPIES, SubscriptionService } from './subscription.service';
import { SubscriptionSecrets } from './subscription-secrets';
import { WebhookSender } from './webhook/webhook-sender';

/**
 * Alerts without queues: subscriptions (commands, read model, secrets), the delivery log, the
 * senders. Every process imports it (the CLI too, which has no Redis); AlertsQueueModule adds what
 * needs Redis, AlertsWorkerModule the dispatcher, processors and sweeper.
 */
@Module({
  imports: [OutboundModule],
  providers: [
    SubscriptionService,
    SubscriptionSecrets,
    SubscriptionProjection,
    LogSignal,
    DispatchWakeProjection,
    PersonalData,
    SubscriptionUpcasters,
    DeliveryLogService,
    AlertItems,
    WebhookSender,
    SmtpMailer,
    MailOutbox,
    { provide: PERSONAL_DATA_COPIES, useExisting: MailOutbox },
    EmailSender,
    {
      provide: CHANNEL_SENDERS,
      useFactory: (webhook: WebhookSender, email: EmailSender) => [webhook, email],
      inject: [WebhookSender, EmailSender],
    },
    DigestItems,
    UnsubscribeTokens,
    EmailOwnerNotifier,
    { provide: UNSUBSCRIBE_LINKS, useExisting: UnsubscribeTokens },
    { provide: OWNER_NOTIFIER, useExisting: EmailOwnerNotifier },
  ],
  exports: [
    SubscriptionService,
    SubscriptionSecrets,
    PersonalData,
    LogSignal,
    DeliveryLogService,
    AlertItems,
    WebhookSender,
    SmtpMailer,
    MailOutbox,
    EmailSender,
    CHANNEL_SENDERS,
    DigestItems,
    UnsubscribeTokens,
    UNSUBSCRIBE_LINKS,
    OWNER_NOTIFIER,
  ],
})
export class AlertsModule {}
