import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import type { AttackContext } from '../attack.types';

const REGISTER_TS = resolve(__dirname, '../../../../../tools/scripts/register-ts.js');
/** The `silvertine` command's entry point, run from its sources as `npx silvertine` runs its build. */
const CLI_MAIN = resolve(__dirname, '../../../../silvertine/src/main.ts');

/** How a CLI run ended. */
export interface CliResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

/**
 * The `silvertine` command in its own process (the user's path), its output captured and exposed to
 * the secret scan. `boundMs` kills it (recorded as a hang by the caller through `timedOut`).
 */
export class CliProcess {
  readonly child: ChildProcess;
  private stdoutText = '';
  private stderrText = '';
  private readonly started = Date.now();
  private readonly lineWaiters: { pattern: RegExp; resolve: (line: string) => void }[] = [];
  timedOut = false;
  readonly exited: Promise<CliResult>;

  constructor(ctx: AttackContext, args: readonly string[], env: Readonly<Record<string, string>>, boundMs: number) {
    this.child = spawn(process.execPath, ['-r', REGISTER_TS, CLI_MAIN, ...args], {
      env: { ...process.env, ...env, NO_COLOR: '1' }, cwd: ctx.tmpDir, stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout?.on('data', (c: Buffer) => this.onOut(c.toString()));
    this.child.stderr?.on('data', (c: Buffer) => (this.stderrText = (this.stderrText + c.toString()).slice(-100_000)));
    const timer = setTimeout(() => {
      this.timedOut = true;
      this.child.kill('SIGKILL');
    }, boundMs);
    this.exited = new Promise((done) => {
      this.child.on('close', (code, signal) => {
        clearTimeout(timer);
        ctx.expose(`cli ${args[0]} stdout`, this.stdoutText);
        ctx.expose(`cli ${args[0]} stderr`, this.stderrText);
        done({ code, signal, stdout: this.stdoutText, stderr: this.stderrText, ms: Date.now() - this.started });
      });
    });
  }

  /** Runs the command to its end. */
  static run(ctx: AttackContext, args: readonly string[], env: Readonly<Record<string, string>>, boundMs = 15_000): Promise<CliResult & { timedOut: boolean }> {
    const cli = new CliProcess(ctx, args, env, boundMs);
    return cli.exited.then((r) => ({ ...r, timedOut: cli.timedOut }));
  }

  /** Resolves with the first stdout line matching `pattern` (or undefined if the process ends first). */
  line(pattern: RegExp): Promise<string | undefined> {
    const seen = this.stdoutText.split('\n').find((l) => pattern.test(l));
    if (seen) return Promise.resolve(seen);
    return Promise.race([new Promise<string>((resolveLine) => this.lineWaiters.push({ pattern, resolve: resolveLine })), this.exited.then(() => undefined)]);
  }

  /** Ctrl-C. */
  interrupt(): void {
    this.child.kill('SIGINT');
  }

  get stderr(): string {
    return this.stderrText;
  }

  private onOut(text: string): void {
    this.stdoutText += text;
    for (const line of this.stdoutText.split('\n')) {
      for (const w of [...this.lineWaiters]) {
        if (w.pattern.test(line)) {
          this.lineWaiters.splice(this.lineWaiters.indexOf(w), 1);
          w.resolve(line);
        }
      }
    }
  }
}

/**
 * Judges a CLI run that must fail: exit 0 is a wrong state (a failure reported as success), an
 * "internal error" (an untyped error reached the user) or a death by signal a crash, a kill at the bound
 * a hang; the message must say what failed.
 */
export function judgeFailingCli(ctx: AttackContext, what: string, r: CliResult & { timedOut: boolean }): void {
  if (r.timedOut) return ctx.hang(`silvertine ${what} did not end within its bound`);
  if (r.code === 0) return ctx.wrong(`silvertine ${what} exited 0 on failure (stdout: ${r.stdout.trim().slice(0, 120) || 'empty'})`);
  const last = r.stderr.trim().split('\n').pop()?.slice(0, 200) ?? '';
  if (r.code === null || /internal error/.test(r.stderr)) return ctx.untyped(`silvertine ${what} (exit ${r.code ?? r.signal})`, last);
  // A typed error the CLI has no exit code for: still a failure exit with a clear message.
  if (r.code === 1) ctx.unreported(`silvertine ${what}: exit 1 (INTERNAL) for a typed error: ${last}`);
  if (!/silvertine/.test(r.stderr)) ctx.wrong(`silvertine ${what} exited ${r.code} without a message on stderr`);
  ctx.note(`silvertine ${what}: exit ${r.code} in ${r.ms} ms: ${last}`);
}
