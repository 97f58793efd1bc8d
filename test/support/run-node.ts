import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

export const REPO_ROOT = join(__dirname, '..', '..');

export interface ProcessResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a built script (`dist/...`) in a child process with the given environment. */
export function runNode(
  script: string,
  args: string[],
  env: Record<string, string>,
  options: { timeoutMs?: number } = {},
): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(REPO_ROOT, script), ...args], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(
          `${script} ${args.join(' ')} did not finish in ${options.timeoutMs ?? 30_000} ms\n${stderr}`,
        ),
      );
    }, options.timeoutMs ?? 30_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** The command line, as a user runs it: `npm run cli -- <args>` without npm's own noise. */
export function runCli(args: string[], env: Record<string, string>): Promise<ProcessResult> {
  return runNode('dist/apps/cli/src/main.js', args, env);
}

/** A new API key's plaintext, made as an operator makes one (`keys create --json`). */
export async function createKeyByCli(
  env: Record<string, string>,
  role: string,
  name = `test ${role}`,
): Promise<string> {
  const created = await runCli(['keys', 'create', '--role', role, '--name', name, '--json'], env);
  if (created.code !== 0) throw new Error(`keys create failed: ${created.stderr}`);
  return (JSON.parse(created.stdout) as { key: string }).key;
}

export interface RunningProcess {
  baseUrl: string;
  output(): string;
  /** SIGTERM, then waits for the exit: its code, or the signal it ended by. */
  stop(): Promise<number | string | null>;
}

/** A free TCP port on the loopback interface, for a child server. */
export async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** A child process that said it was ready: its output so far, its end, and a way to end it. */
export interface WatchedProcess {
  output(): string;
  /** Its exit code, or the signal it ended by. */
  exited: Promise<number | string | null>;
  /** Sends the signal (SIGTERM unless told) unless it has ended already; resolves when it has. */
  kill(signal?: NodeJS.Signals): Promise<number | string | null>;
}

/**
 * Waits until a child's output says it is ready (`readyPattern`), failing with its output when it
 * exits or times out first. For any program: our entrypoints, a redis-server of the test's own.
 */
export async function watchProcess(
  child: ChildProcess,
  readyPattern: RegExp,
  timeoutMs: number,
  name: string,
): Promise<WatchedProcess> {
  let output = '';
  const exited = new Promise<number | string | null>((resolve) =>
    child.on('close', (code, signal) => resolve(code ?? signal)),
  );
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${name} not ready in ${timeoutMs} ms:\n${output}`)),
      timeoutMs,
    );
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (readyPattern.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited with ${code} before it was ready:\n${output}`));
    });
  });
  return {
    output: () => output,
    exited,
    kill: (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** Starts a built entrypoint as a long-running HTTP server and waits until it says it is ready. */
export async function startProcess(
  script: string,
  env: Record<string, string>,
  readyPattern: RegExp,
  timeoutMs = 30_000,
): Promise<RunningProcess> {
  const port = env.PORT && env.PORT !== '0' ? Number(env.PORT) : await freePort();
  const child = spawn(process.execPath, [join(REPO_ROOT, script)], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? '', ...env, LOG_LEVEL: 'log', PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const watched = await watchProcess(child, readyPattern, timeoutMs, script);
  return { baseUrl: `http://127.0.0.1:${port}`, output: watched.output, stop: () => watched.kill() };
}
