import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const REGISTER_TS = path.join(ROOT, 'tools', 'scripts', 'register-ts.js');
const MAIN = path.join(ROOT, 'apps', 'silvertine', 'src', 'main.ts');
/** Default state directory of spawned commands: one per test process, under the system's temp dir. */
const STATE_DIR = path.join(tmpdir(), `silvertine-test-state-${process.pid}`);

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
    const child = spawn(process.execPath, ['-r', REGISTER_TS, MAIN, ...args], {
      // the journal and kill-switch state of live brokers go to a test directory, never the user's home
      cwd: ROOT, env: { ...process.env, SILVERTINE_STATE_DIR: options.stateDir ?? STATE_DIR, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'],
    });
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
