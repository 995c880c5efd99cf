import { spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
import type { ChildOrders } from './child-protocol';

const REGISTER_TS = resolve(__dirname, '../../../../tools/scripts/register-ts.js');
const CHILD_SCRIPT = join(__dirname, 'trading-child.ts');

/** A running trading child: its stdout lines, SIGKILL, and its exit. */
export class TradingChildProcess {
  private readonly lines: string[] = [];
  private readonly waiters: { prefix: string; resolve(line: string): void }[] = [];
  private stderr = '';
  readonly exited: Promise<number | null>;
  private readonly child: ChildProcess;

  constructor(orders: ChildOrders) {
    this.child = spawn(process.execPath, ['-r', REGISTER_TS, CHILD_SCRIPT], {
      env: { ...process.env, CHAOS_CHILD: JSON.stringify(orders) }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let buffered = '';
    this.child.stdout?.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      for (let i = buffered.indexOf('\n'); i >= 0; i = buffered.indexOf('\n')) {
        const line = buffered.slice(0, i);
        buffered = buffered.slice(i + 1);
        this.lines.push(line);
        for (const w of this.waiters.filter((x) => line.startsWith(x.prefix))) {
          this.waiters.splice(this.waiters.indexOf(w), 1);
          w.resolve(line);
        }
      }
    });
    this.child.stderr?.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.exited = new Promise((res) => this.child.once('exit', (code) => res(code)));
  }

  /** Resolves with the first stdout line starting with `prefix`; rejects after `ms` or if the child exits. */
  line(prefix: string, ms = 60_000): Promise<string> {
    const seen = this.lines.find((l) => l.startsWith(prefix));
    if (seen) return Promise.resolve(seen);
    return new Promise((res, rej) => {
      const timer = setTimeout(() => rej(new Error(`child did not say "${prefix}" within ${ms} ms; stderr: ${this.stderr.slice(-500)}`)), ms);
      void this.exited.then((code) => {
        clearTimeout(timer);
        rej(new Error(`child exited (${code}) before "${prefix}"; stderr: ${this.stderr.slice(-500)}`));
      });
      this.waiters.push({ prefix, resolve: (l) => { clearTimeout(timer); res(l); } });
    });
  }

  /** kill -9, and wait until it is gone. */
  async kill(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
    await this.exited;
  }
}
