import { Module } from '@nestjs/common';

import { WebController } from './web.controller';

/** The reader's timeline page and its static files. It calls the public JSON API like anyone. */
@Module({ controllers: [WebController] })
export class WebModule {}
