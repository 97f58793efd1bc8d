import { type Upcaster, UpcasterRegistry } from '@app/event-store';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';

/**
 * SubscriptionCreated v1 carried `target` and `contact` in the clear. Read now, they become
 * references to `personal_data_values`, where the personal-data migration sealed them under the
 * subject's key: no reader of the log (API, projections, exports) sees the plaintext again, and
 * erasing the subject leaves the references pointing at nothing. The stored v1 rows are not
 * rewritten (the log is append-only and hashed), so their bytes keep the old plaintext: see
 * `personal_data_legacy` and the README's security section.
 */
export const SUBSCRIPTION_CREATED_V1: Upcaster = {
  type: 'SubscriptionCreated',
  fromVersion: 1,
  upcast: (data) => ({
    ...data,
    target: { ref: 'target' },
    contact: data.contact === null || data.contact === undefined ? null : { ref: 'contact' },
  }),
};

@Injectable()
export class SubscriptionUpcasters implements OnModuleInit {
  constructor(@Inject(UpcasterRegistry) private readonly registry: UpcasterRegistry) {}

  onModuleInit(): void {
    this.registry.register(SUBSCRIPTION_CREATED_V1);
  }
}
