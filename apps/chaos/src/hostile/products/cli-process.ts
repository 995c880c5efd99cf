import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { timeScale } from '../attack-context';
import type { AttackContext } from '../attack.types';

const REGISTER_TS = resolve(__dirname, '../../../../../tools/scripts/register-ts.js');
/** The `silvertine` command's entry point, run from its sources as `npx silvertine` runs its build. */
const CLI_MAIN = resolve(__dirname, '../../../../silvertine/src/main.ts');
/** The `tws-emulator` command (what `silvertine emulate ib` runs). */
export const TWS_EMULATOR_CLI = resolve(__dirname, '../../../../../packages/tws-emulator/src/cli.ts');

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
  /** Complete stdout lines so far. */
  readonly lines: string[] = [];
  private readonly lineWaiters: { pattern: RegExp; from: number; resolve: (line: string) => void }[] = [];
  timedOut = false;
  readonly exited: Promise<CliResult>;

  constructor(ctx: AttackContext, args: readonly string[], env: Readonly<Record<string, string>>, boundMs: number, script = CLI_MAIN) {
    this.child = spawn(process.execPath, ['-r', REGISTER_TS, script, ...args], {
      env: { ...process.env, ...env, NO_COLOR: '1' }, cwd: ctx.tmpDir, stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.child.stdout?.on('data', (c: Buffer) => this.onOut(c.toString()));
    this.child.stderr?.on('data', (c: Buffer) => (this.stderrText = (this.stderrText + c.toString()).slice(-100_000)));
    const timer = setTimeout(() => {
      this.timedOut = true;
      this.child.kill('SIGKILL');
    }, boundMs * timeScale());
    this.exited = new Promise((done) => {
      this.child.on('close', (code, signal) => {
        clearTimeout(timer);
        ctx.expose(`cli ${args[0]} stdout`, this.stdoutText);
        ctx.expose(`cli ${args[0]} stderr`, this.stderrText);
        done({ code, signal, stdout: this.stdoutText, stderr: this.stderrText, ms: Date.now() - this.started });
      });
    });
  }

  /**
   * Runs the command to its end. The bound is a safety net for a real hang, not a speed test: it also
   * covers the CLI's start (loading and compiling TypeScript), which takes seconds on a starved CPU
   * (`npm run test:load` runs at nice 12 beside busy loops, and once killed a healthy CLI at 15 s).
   */
  static run(ctx: AttackContext, args: readonly string[], env: Readonly<Record<string, string>>, boundMs = 40_000): Promise<CliResult & { timedOut: boolean }> {
    const cli = new CliProcess(ctx, args, env, boundMs);
    cli.child.stdin?.end();
    return cli.exited.then((r) => ({ ...r, timedOut: cli.timedOut }));
  }

  /**
   * Resolves with the first stdout line from index `from` on matching `pattern` (undefined if the process
   * ends first).
   */
  line(pattern: RegExp, from = 0): Promise<string | undefined> {
    const seen = this.lines.slice(from).find((l) => pattern.test(l));
    if (seen !== undefined) return Promise.resolve(seen);
    return Promise.race([new Promise<string>((resolveLine) => this.lineWaiters.push({ pattern, from, resolve: resolveLine })), this.exited.then(() => undefined)]);
  }

  /** Writes a line on stdin. */
  writeLine(text: string): void {
    this.child.stdin?.write(`${text}\n`);
  }

  /** Ctrl-C. */
  interrupt(): void {
    this.child.kill('SIGINT');
  }

  get stderr(): string {
    return this.stderrText;
  }

  private onOut(text: string): void {
    const start = this.stdoutText.lastIndexOf('\n') + 1;
    this.stdoutText += text;
    const complete = this.stdoutText.slice(start).split('\n');
    complete.pop(); // the part after the last newline is not a line yet
    for (const line of complete) {
      this.lines.push(line);
      const index = this.lines.length - 1;
      for (const w of [...this.lineWaiters]) {
        if (index >= w.from && w.pattern.test(line)) {
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
