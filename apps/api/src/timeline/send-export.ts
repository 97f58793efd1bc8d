import { once } from 'node:events';

import {
  type ExportContext,
  type ExportFormat,
  exportFormat,
  type ExportSource,
  streamExport,
} from '@app/timeline';
import { Logger } from '@nestjs/common';
import type { Response } from 'express';

const logger = new Logger('Export');

/**
 * Writes a streamed export to the response: chunk by chunk, waiting for `drain` whenever the
 * socket's buffer is full (backpressure, so a slow client holds no more than a buffer of it), and
 * stopping as soon as the client goes away. Headers go first; a failure after them can only cut
 * the connection, which the client sees as an incomplete download rather than a wrong file.
 */
export async function sendExport(
  response: Response,
  format: ExportFormat,
  source: ExportSource,
  context: ExportContext,
  headers: Record<string, string> = {},
): Promise<void> {
  const { contentType } = exportFormat(format);
  response.status(200);
  response.setHeader('Content-Type', contentType);
  for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
  const chunks = streamExport(format, source, context);
  try {
    for await (const chunk of chunks) {
      if (response.destroyed) return;
      if (!response.write(chunk)) await Promise.race([once(response, 'drain'), once(response, 'close')]);
    }
    response.end();
  } catch (error) {
    // The status line is gone already: cutting the connection is the only honest answer left.
    logger.error(`Export (${format}) failed after its first bytes: ${String(error)}`);
    response.destroy();
  } finally {
    await chunks.return(undefined);
  }
}
