import { sessionCookieName } from '@app/auth';
import type { AppConfig } from '@app/config';
import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import cookieParser from 'cookie-parser';
import type { IncomingMessage } from 'node:http';
import helmet from 'helmet';

import { API_KEY_SCHEME, SESSION_SCHEME } from './openapi';

/**
 * Where styles allow 'unsafe-inline': the timeline page, whose vis-timeline standalone build injects
 * its stylesheet as <style> elements, and Bull Board (/admin/queues), whose page styles inline.
 * Scripts are files of our own origin everywhere.
 */
const inlineStyles = (path: string): boolean => path === '/' || isQueueBoard(path);
/** Bull Board's page loads its files relative to a <base href>, which base-uri must allow. */
const isQueueBoard = (path: string): boolean => path === '/admin/queues' || path.startsWith('/admin/queues/');

/**
 * What every HTTP-serving process sets up: security headers for every route (helmet: a strict CSP,
 * HSTS when served over https, no framing, no sniffing), the client address believed only from the
 * proxy hops TRUST_PROXY names, cookies parsed (the browser's session cookie, read by ApiKeyGuard;
 * unsigned, since its token is random and looked up by hash), OpenAPI at /api/docs, graceful shutdown.
 */
export function configureHttp(app: INestApplication, config: AppConfig): void {
  app.enableShutdownHooks();
  (app as NestExpressApplication).set('trust proxy', config.http.trustProxy);
  const https = config.http.publicBaseUrl.startsWith('https://');
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'none'"],
          scriptSrc: ["'self'"],
          styleSrc: [
            (request: IncomingMessage) =>
              inlineStyles(pathOf(request)) ? "'self' 'unsafe-inline'" : "'self'",
          ],
          imgSrc: ["'self'", 'data:'],
          connectSrc: ["'self'"],
          baseUri: [(request: IncomingMessage) => (isQueueBoard(pathOf(request)) ? "'self'" : "'none'")],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          ...(https ? { upgradeInsecureRequests: [] } : {}),
        },
      },
      strictTransportSecurity: https ? { maxAge: 31_536_000, includeSubDomains: true } : false,
      referrerPolicy: { policy: 'same-origin' },
      crossOriginEmbedderPolicy: false,
    }),
  );
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
      // The key travels as `Authorization: Bearer <key>` (ApiKeyGuard), so it is an HTTP bearer
      // scheme: an `apiKey` scheme on that header would have clients send it without "Bearer".
      .addBearerAuth(
        {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'tlk_<id>_<secret>',
          description: 'An API key (`npm run cli -- keys create`), sent as `Authorization: Bearer <key>`',
        },
        API_KEY_SCHEME,
      )
      .addCookieAuth(
        sessionCookieName(config),
        {
          type: 'apiKey',
          in: 'cookie',
          description:
            'The browser session of POST /api/session; a write with it also sends the session’s X-CSRF-Token header',
        },
        SESSION_SCHEME,
      )
      .build(),
  );
  // Nest lists a controller's security requirements and its route's both: a route for admins in a
  // controller for viewers would name each scheme twice.
  for (const operations of Object.values(document.paths))
    for (const operation of Object.values(operations as Record<string, { security?: object[] }>))
      if (operation.security)
        operation.security = [...new Map(operation.security.map((r) => [JSON.stringify(r), r])).values()];
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs/openapi.json' });
}

function pathOf(request: IncomingMessage): string {
  return (request.url ?? '/').split('?', 1)[0]!;
}
