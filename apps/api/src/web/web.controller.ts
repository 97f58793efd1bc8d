import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';

import { Controller, Get, NotFoundException, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';

import { regionAtlas } from './region-atlas';

interface StaticFile {
  body: Buffer;
  type: string;
  etag: string;
}

const JS = 'text/javascript; charset=utf-8';
const CSS = 'text/css; charset=utf-8';

/**
 * The pages' scripts exist only as bundles, which scripts/build.mjs (esbuild) writes from pages/
 * into dist/ beside this file's compiled copy: read from there, also when this file runs from
 * source (as in-process tests do, after the build `npm test` runs first).
 */
const BUNDLES = __dirname.split(sep).includes('dist')
  ? __dirname
  : join(__dirname, '..', '..', '..', '..', 'dist', 'apps', 'api', 'src', 'web');

/** Our other files sit beside this one (scripts/build.mjs copies them into dist/ unchanged). */
const ASSETS: Record<string, [string, string]> = {
  'timeline.js': [join(BUNDLES, 'timeline.js'), JS],
  'timeline.css': [join(__dirname, 'timeline.css'), CSS],
  'favicon.svg': [join(__dirname, 'favicon.svg'), 'image/svg+xml'],
  'review.js': [join(BUNDLES, 'review.js'), JS],
  'review.css': [join(__dirname, 'review.css'), CSS],
  'admin.js': [join(BUNDLES, 'admin.js'), JS],
  'admin.css': [join(__dirname, 'admin.css'), CSS],
  'not-found.css': [join(__dirname, 'not-found.css'), CSS],
};

const d3Geo = dirname(require.resolve('d3-geo'));

/** Resolved through the package's own exports, so any node_modules layout works. */
const VENDOR: Record<string, [string, string]> = {
  'vis-timeline.js': [require.resolve('vis-timeline/standalone/umd/vis-timeline-graph2d.min.js'), JS],
  'vis-timeline.css': [require.resolve('vis-timeline/styles/vis-timeline-graph2d.min.css'), CSS],
  // The map's projection and outlines (d3-geo needs d3-array's UMD build first, as window.d3).
  'd3-array.js': [join(dirname(require.resolve('d3-array', { paths: [d3Geo] })), 'd3-array.min.js'), JS],
  'd3-geo.js': [join(d3Geo, 'd3-geo.min.js'), JS],
  'topojson-client.js': [join(dirname(require.resolve('topojson-client')), 'topojson-client.min.js'), JS],
};

function load([path, type]: [string, string]): StaticFile {
  const body = readFileSync(path);
  return { body, type, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` };
}

function loadAll(files: Record<string, [string, string]>): Map<string, StaticFile> {
  return new Map(Object.entries(files).map(([name, file]) => [name, load(file)]));
}

function fromBody(body: Buffer, type: string): StaticFile {
  return { body, type, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` };
}

/**
 * The timeline page at `/`, the reviewer's queue at `/review`, their scripts and styles at
 * `/assets/`, vis-timeline at `/vendor/`.
 */
@ApiExcludeController()
@Controller()
export class WebController {
  // Read once at start: a missing file stops the process at boot rather than on a reader's visit.
  private readonly page = load([join(__dirname, 'index.html'), 'text/html; charset=utf-8']);
  private readonly review = load([join(__dirname, 'review.html'), 'text/html; charset=utf-8']);
  private readonly admin = load([join(__dirname, 'admin.html'), 'text/html; charset=utf-8']);
  private readonly assets = loadAll(ASSETS);
  private readonly vendor = new Map([
    ...loadAll(VENDOR),
    [
      'region-atlas.json',
      fromBody(regionAtlas(require.resolve('world-atlas/countries-50m.json')), 'application/json'),
    ],
  ]);

  @Get()
  timelinePage(@Res() response: Response): void {
    send(response, this.page, 'no-cache');
  }

  @Get('review')
  reviewPage(@Res() response: Response): void {
    send(response, this.review, 'no-cache');
  }

  /** The admin pages (feeds, subscriptions, keys, outbox); the page signs in, the API checks the role. */
  @Get('admin')
  adminPage(@Res() response: Response): void {
    send(response, this.admin, 'no-cache');
  }

  /** An entry's permanent link (feeds, exports, alerts): the timeline page with that entry open. */
  @Get('entries/:id')
  entry(@Param('id') id: string, @Res() response: Response): void {
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/.test(id)) throw new NotFoundException(`No entry ${id}`);
    response.redirect(302, `/?entry=${encodeURIComponent(id)}`);
  }

  @Get('assets/:file')
  asset(@Param('file') file: string, @Res() response: Response): void {
    // Revalidated on every use (cheap with the ETag), so a new release is picked up at once.
    send(response, found(this.assets, file), 'no-cache');
  }

  @Get('vendor/:file')
  vendorFile(@Param('file') file: string, @Res() response: Response): void {
    send(response, found(this.vendor, file), 'public, max-age=86400');
  }
}

function found(files: Map<string, StaticFile>, name: string): StaticFile {
  const file = files.get(name);
  if (!file) throw new NotFoundException(`No file ${name}`);
  return file;
}

function send(response: Response, file: StaticFile, cacheControl: string): void {
  // Security headers (CSP, nosniff, referrer policy) come from helmet, for every route alike.
  response.setHeader('Cache-Control', cacheControl);
  response.setHeader('ETag', file.etag);
  // Express answers 304 itself when the request's If-None-Match matches the ETag.
  response.type(file.type).send(file.body);
}
