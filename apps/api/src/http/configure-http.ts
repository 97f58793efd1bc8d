import type { AppConfig } from '@app/config';
import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

/** What every HTTP-serving process sets up: OpenAPI at /api/docs, graceful shutdown. */
export function configureHttp(app: INestApplication, config: AppConfig): void {
  app.enableShutdownHooks();
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('China–Central Asia security timeline')
      .setDescription(
        'Event-sourced timeline, review queue and alerts. Writes need `Authorization: Bearer <api key>`.',
      )
      .addServer(config.http.publicBaseUrl)
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs/openapi.json' });
}
