import type { AppConfig } from '@app/config';
import type { INestApplication } from '@nestjs/common';
import cookieParser from 'cookie-parser';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

/**
 * What every HTTP-serving process sets up: cookies parsed (the browser's session cookie, read by
 * ApiKeyGuard; unsigned, since its token is random and looked up by hash), OpenAPI at /api/docs,
 * graceful shutdown.
 */
export function configureHttp(app: INestApplication, config: AppConfig): void {
  app.enableShutdownHooks();
  app.use(cookieParser());
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('China–Central Asia security timeline')
      .setDescription(
        'Event-sourced timeline, review queue and alerts. Writes need `Authorization: Bearer <api key>` ' +
          '(or, from the browser, the session cookie of POST /api/session with its X-CSRF-Token).',
      )
      .addServer(config.http.publicBaseUrl)
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs/openapi.json' });
}
