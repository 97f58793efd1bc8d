// `npm run cli -- <command>`: brings dist/ up to date (a no-op when nothing changed), then runs the
// command line in this same process, so a command answers fast.
import { createRequire } from 'node:module';

import { build } from './build.mjs';

build({ quiet: true });
createRequire(import.meta.url)('../dist/apps/cli/src/main.js');
