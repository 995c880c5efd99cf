import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const REGISTER_TS = path.join(ROOT, 'tools', 'scripts', 'register-ts.js');
const MAIN = path.join(ROOT, 'apps', 'silvertine', 'src', 'main.ts');
/** Default state directory of spawned commands: one per test process, under the system's temp dir. */
const STATE_DIR = path.join(tmpdir(), `silvertine-test-state-${process.pid}`);

function spawnCli(args: readonly string[], options: { env?: NodeJS.ProcessEnv; stateDir?: string }) {
  return spawn(process.execPath, ['-r', REGISTER_TS, MAIN, ...args], {
    // the journal and kill-switch state of live brokers go to a test directory, never the user's home
    cwd: ROOT, env: { ...process.env, SILVERTINE_STATE_DIR: options.stateDir ?? STATE_DIR, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** What one run of the real `silvertine` process did. */
export interface CliRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  /** stderr without the JSON log lines: what a person reads. */
  readonly messages: string[];
}

/**
 * Runs the real CLI in its own process (Node on the TypeScript entry through the repository's swc
 * loader), so exit codes are the process's own, including the case where Node runs out of work.
 */
export function runSilvertine(args: readonly string[], options: { env?: NodeJS.ProcessEnv; timeoutMs?: number; stateDir?: string } = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawnCli(args, options);
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    // a safety net only: the assertions are on the exit code, which a hang would never produce
    const deadline = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.once('error', reject);
    child.once('close', (code, signal) => {
      clearTimeout(deadline);
      const messages = stderr.split('\n').filter((l) => l && !l.startsWith('{'));
      resolve({ code, signal, stdout, stderr, messages });
    });
  });
}

/** A `silvertine` process left running (`run`), read as it goes. */
export interface RunningSilvertine {
  readonly pid: number;
  /** Resolves with the first match of `pattern` in stdout (already printed or still to come). */
  waitForOutput(pattern: RegExp): Promise<RegExpExecArray>;
  /** Sends `signal` and resolves with how the process ended. */
  stop(signal?: NodeJS.Signals): Promise<CliRun>;
}

/** Starts the real CLI like runSilvertine, without waiting for it to end. */
export function startSilvertine(args: readonly string[], options: { env?: NodeJS.ProcessEnv; stateDir?: string } = {}): RunningSilvertine {
  const child = spawnCli(args, options);
  let stdout = '';
  let stderr = '';
  const waiters: Array<{ pattern: RegExp; resolve(m: RegExpExecArray): void }> = [];
  child.stdout.setEncoding('utf8').on('data', (c: string) => {
    stdout += c;
    for (const w of [...waiters]) {
      const match = w.pattern.exec(stdout);
      if (match) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(match);
      }
    }
  });
  child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  const ended = new Promise<CliRun>((resolve) => child.once('close', (code, signal) => {
    resolve({ code, signal, stdout, stderr, messages: stderr.split('\n').filter((l) => l && !l.startsWith('{')) });
  }));
  return {
    pid: child.pid ?? -1,
    waitForOutput(pattern) {
      const now = pattern.exec(stdout);
      if (now) return Promise.resolve(now);
      // an exit before the line appears fails the wait with what the process said
      return Promise.race([
        new Promise<RegExpExecArray>((resolve) => waiters.push({ pattern, resolve })),
        ended.then((run) => Promise.reject(new Error(`silvertine ended (code ${run.code}) before printing ${pattern}: ${run.stdout}${run.stderr}`))),
      ]);
    },
    stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return ended;
    },
  };
}
