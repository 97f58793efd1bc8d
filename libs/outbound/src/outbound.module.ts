import { Module } from '@nestjs/common';

import { OutboundHttp } from './outbound-http';

/** Guarded outbound HTTP for feeds and webhooks. Needs ConfigModule (CoreModule provides it). */
@Module({ providers: [OutboundHttp], exports: [OutboundHttp] })
export class OutboundModule {}
