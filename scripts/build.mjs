// Compiles apps/, libs/, migrations/ and test/ (all but specs) to dist/ with swc, rewriting the
// @app/* path aliases into relative requires. Incremental: a file is compiled again only when its
// source is newer than its output. Non-TypeScript assets are copied as they are. The browser pages
// (apps/api/src/web/pages/*.ts) are bundled by esbuild instead, one ES module per page, into
// dist/apps/api/src/web/ beside the HTML that loads them; again only when one of a bundle's
// inputs is newer than the bundle. Then, when the command line's help snapshot is missing or any
// file it was made from changed, writes it again (apps/cli/src/help-snapshot.ts: `--help` answered
// without booting the application).
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist');
const sources = ['apps', 'libs', 'migrations', 'test'];
const skip = /\.(spec|e2e-spec)\.ts$|(^|\/)fixtures\/|^apps\/api\/src\/web\/pages\//;
const cliDist = join(out, 'apps', 'cli');

// Loaded only when a file needs compiling: a build with nothing to do (every `npm run cli`) stays fast.
let swc;
const transformFileSync = (...args) => {
  swc ??= createRequire(import.meta.url)('@swc/core');
  return swc.transformFileSync(...args);
};

/** The pages' entry points (each imports the shared modules beside it and libs/timeline's pure ones). */
const pagesDir = join(root, 'apps/api/src/web/pages');
const pagesOut = join(out, 'apps/api/src/web');
const PAGES = ['admin', 'timeline', 'review'];
const pagesInputs = join(out, '.pages-inputs.json');

const tsconfig = JSON.parse(readFileSync(join(root, 'tsconfig.json'), 'utf8'));
const swcOptions = {
  sourceMaps: true,
  module: { type: 'commonjs' },
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2023',
    keepClassNames: true,
    baseUrl: root,
    paths: tsconfig.compilerOptions.paths,
  },
};

export function build({ quiet = false } = {}) {
  const started = Date.now();
  const wanted = new Set();
  let compiled = 0;
  for (const file of sources.flatMap((dir) => walk(join(root, dir)))) {
    const rel = relative(root, file);
    if (skip.test(rel)) continue;
    const isTs = rel.endsWith('.ts') && !rel.endsWith('.d.ts');
    const target = join(out, isTs ? rel.replace(/\.ts$/, '.js') : rel);
    wanted.add(target);
    if (isTs) wanted.add(`${target}.map`);
    if (existsSync(target) && statSync(target).mtimeMs >= statSync(file).mtimeMs) continue;
    mkdirSync(dirname(target), { recursive: true });
    if (isTs) {
      const { code, map } = transformFileSync(file, { ...swcOptions, filename: file, outputPath: target });
      writeFileSync(target, `${code}\n//# sourceMappingURL=${target.split('/').pop()}.map\n`);
      writeFileSync(`${target}.map`, map ?? '');
    } else {
      copyFileSync(file, target);
    }
    compiled += 1;
  }
  compiled += bundlePages(wanted);
  const snapshot = helpSnapshotPath();
  if (snapshot) wanted.add(snapshot);
  for (const stale of existsSync(out) ? walk(out) : []) if (!wanted.has(stale)) rmSync(stale);
  const helpWritten = snapshot ? refreshHelpSnapshot(snapshot) : false;
  if (!quiet) {
    const help = helpWritten ? ', help snapshot written' : '';
    console.error(`build: ${compiled} file(s) compiled in ${Date.now() - started} ms${help}`);
  }
}

/** Where the compiled CLI keeps its help snapshot, once the CLI is compiled. */
function helpSnapshotPath() {
  const helper = join(cliDist, 'src', 'help-snapshot.js');
  if (!existsSync(helper)) return undefined;
  return join(cliDist, createRequire(import.meta.url)(helper).HELP_SNAPSHOT_FILE);
}

/** Writes the snapshot again (in a child process: it boots the application) unless it is current. */
function refreshHelpSnapshot(snapshot) {
  const helper = createRequire(import.meta.url)(join(cliDist, 'src', 'help-snapshot.js'));
  if (helper.readCurrentSnapshot(snapshot, out)) return false;
  const writer = spawnSync(process.execPath, [join(cliDist, 'src', 'write-help-snapshot.js')], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '' },
    encoding: 'utf8',
  });
  if (writer.status !== 0) {
    // Not fatal: without a snapshot, `--help` boots the application as any command does.
    console.error(`build: ${writer.stderr.trim() || 'help snapshot not written'}`);
    rmSync(snapshot, { force: true });
    return false;
  }
  return true;
}

/**
 * Bundles each page for the browser: ES2022 modules, no eval and no inline code (the CSP is
 * script-src 'self'). Skipped when no input recorded at the last bundle is newer than the bundles.
 */
function bundlePages(wanted) {
  const targets = PAGES.map((page) => join(pagesOut, `${page}.js`));
  for (const target of targets) wanted.add(target);
  wanted.add(pagesInputs);
  if (upToDate(targets)) return 0;
  // Loaded only when a page changed, so a build with nothing to do stays quick.
  const { buildSync } = createRequire(import.meta.url)('esbuild');
  const result = buildSync({
    entryPoints: PAGES.map((page) => join(pagesDir, `${page}.ts`)),
    outdir: pagesOut,
    bundle: true,
    format: 'esm',
    target: 'es2022',
    platform: 'browser',
    charset: 'utf8',
    legalComments: 'none',
    metafile: true,
    absWorkingDir: root,
    logLevel: 'warning',
  });
  mkdirSync(out, { recursive: true });
  const written = Object.fromEntries(targets.map((target) => [target, statSync(target).mtimeMs]));
  writeFileSync(pagesInputs, JSON.stringify({ inputs: Object.keys(result.metafile.inputs), written }));
  return targets.length;
}

function upToDate(targets) {
  if (!existsSync(pagesInputs) || !targets.every((target) => existsSync(target))) return false;
  const { inputs, written } = JSON.parse(readFileSync(pagesInputs, 'utf8'));
  // A bundle written since by anything else (a copy of an older asset) is not ours: build again.
  if (!targets.every((target) => written?.[target] === statSync(target).mtimeMs)) return false;
  const built = Math.min(...targets.map((target) => statSync(target).mtimeMs));
  return inputs.every(
    (input) => existsSync(join(root, input)) && statSync(join(root, input)).mtimeMs <= built,
  );
}

function walk(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.name === 'node_modules') return [];
    return entry.isDirectory() ? walk(path) : [path];
  });
}

if (import.meta.url === `file://${process.argv[1]}`) build();
