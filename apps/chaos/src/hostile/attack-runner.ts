import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { scanForSecrets } from '../harness/log-capture';
import { timeScale } from './attack-context';
import { MONITORING_TOKEN, SECRETS } from '../harness/secrets';
import { STARTED_LINE, VERDICT_PREFIX, type Attack, type AttackOutcome, type AttackVerdict } from './attack.types';

const REGISTER_TS = resolve(__dirname, '../../../../tools/scripts/register-ts.js');
const CHILD = join(__dirname, 'attack-child.ts');

/** Default bound of one attack, from its start (the child's STARTED_LINE). */
export const DEFAULT_BOUND_MS = 20_000;

/**
 * Bound of a child's loading, from spawn to STARTED_LINE: the TypeScript of the whole catalogue is
 * transpiled at load, which on a machine loaded 15 times over its cores took longer than most attacks'
 * bounds (a full run saw 244 of 283 children killed at 20 s, mostly before their attack began).
 */
export const LOAD_BOUND_MS = 180_000;

/** How attacks are run. */
export interface RunnerOptions {
  readonly seed: number;
  /** Attacks running at once (each in its own process). */
  readonly concurrency?: number;
  readonly onOutcome?: (outcome: AttackOutcome) => void;
}

/**
 * Runs one attack in a child process and classifies how it ended: killed at its bound (hang), exited
 * without a verdict (crash: a real non-zero exit, or the product exiting the process), or its verdict.
 * The child's own stderr is scanned for secrets too (an uncaught error prints there).
 */
export function runAttack(attack: Attack, options: { seed: number }): Promise<AttackOutcome> {
  const bound = (attack.boundMs ?? DEFAULT_BOUND_MS) * timeScale();
  const started = Date.now();
  return new Promise((done) => {
    const child = spawn(process.execPath, ['-r', REGISTER_TS, CHILD, attack.id], {
      env: { ...process.env, CHAOS_SEED: String(options.seed) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let killed: string | undefined;
    const kill = (why: string) => {
      killed = why;
      child.kill('SIGKILL');
    };
    let timer = setTimeout(() => kill(`not started within ${LOAD_BOUND_MS} ms of spawning (loading)`), LOAD_BOUND_MS);
    let attackStarted: number | undefined;
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
      if (attackStarted === undefined && stdout.includes(`${STARTED_LINE}\n`)) {
        attackStarted = Date.now();
        clearTimeout(timer);
        timer = setTimeout(() => kill(`killed after ${bound} ms (no verdict)`), bound);
      }
    });
    child.stderr.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-200_000)));
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const ms = Date.now() - (attackStarted ?? started);
      const lines = stdout.split('\n');
      const verdictLine = lines.find((l) => l.startsWith(VERDICT_PREFIX));
      const other = [...lines.filter((l) => !l.startsWith(VERDICT_PREFIX) && l !== STARTED_LINE), ...stderr.split('\n')];
      const leaks = scanForSecrets(other, [...SECRETS, MONITORING_TOKEN]).map((f) => `${f.what} in child output: ${f.line.slice(0, 200)}`);
      const base = { id: attack.id, class: attack.class, ms };
      if (killed !== undefined) {
        done({ ...base, crashed: false, hung: true, wrong: [], leaks, unreported: [], detail: [killed, ...tail(stderr)] });
        return;
      }
      if (!verdictLine) {
        done({ ...base, crashed: true, hung: false, wrong: [], leaks, unreported: [], detail: [`process ended (${signal ?? `exit ${code}`}) without a verdict`, ...tail(stderr)] });
        return;
      }
      const v = JSON.parse(verdictLine.slice(VERDICT_PREFIX.length)) as AttackVerdict;
      done({
        ...base, crashed: v.untyped.length > 0, hung: v.hangs.length > 0, wrong: v.wrong, leaks: [...v.leaks, ...leaks], unreported: v.unreported,
        detail: [...v.untyped.map((u) => `untyped error: ${u}`), ...v.hangs.map((h) => `hang: ${h}`), ...v.wrong.map((w) => `wrong: ${w}`), ...v.notes],
      });
    });
  });
}

/** Runs attacks `concurrency` at a time, in catalogue order of completion callbacks. */
export async function runAttacks(attacks: readonly Attack[], options: RunnerOptions): Promise<AttackOutcome[]> {
  const outcomes: AttackOutcome[] = new Array(attacks.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < attacks.length) {
      const i = next++;
      outcomes[i] = await runAttack(attacks[i], options);
      options.onOutcome?.(outcomes[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 2) }, worker));
  return outcomes;
}

function tail(text: string): string[] {
  return text.trim().split('\n').slice(-6).map((l) => l.slice(0, 300));
}
