export * from './address-policy';
export * from './outbound.error';
export * from './outbound.module';
export * from './outbound-http';
