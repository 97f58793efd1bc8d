import { DomainError } from '@app/event-store';

export type AlertsErrorCode =
  | 'SUBSCRIPTION_NOT_FOUND'
  | 'SUBSCRIPTION_EXISTS'
  | 'SUBSCRIPTION_STATE'
  | 'DELIVERY_NOT_FOUND'
  | 'DELIVERY_STATE'
  | 'INVALID_SUBSCRIPTION'
  | 'FORBIDDEN';

/** A subscription or delivery command that cannot be carried out. `details` is safe to show. */
export class AlertsError extends DomainError<AlertsErrorCode> {
  static subscriptionNotFound(subscriptionId: string): AlertsError {
    return new AlertsError('SUBSCRIPTION_NOT_FOUND', `No subscription ${subscriptionId}`, { subscriptionId });
  }
}
