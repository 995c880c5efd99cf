/**
 * One attack in its own process: `node -r tools/scripts/register-ts.js attack-child.ts <attack id>`.
 * Runs the attack against the real product composition, then prints one `HOSTILE-VERDICT <json>` line
 * and exits 0. A product crash ends the process before that line (the parent sees a real exit code); a
 * blocked event loop never gets there (the parent kills it at the attack's bound).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { STARTED_LINE, VERDICT_PREFIX } from './attack.types';
import { AttackAborted, ChildAttackContext, describe } from './attack-context';
import { ATTACKS } from './catalogue';
import { SELF_TEST_ATTACKS } from './self-test.attacks';

async function main(): Promise<void> {
  const id = process.argv[2];
  const attack = [...ATTACKS, ...SELF_TEST_ATTACKS].find((a) => a.id === id);
  if (!attack) {
    process.stderr.write(`unknown attack "${id}"\n`);
    process.exit(2);
  }
  const tmpDir = mkdtempSync(join(tmpdir(), 'silvertine-hostile-'));
  const ctx = new ChildAttackContext(Number(process.env.CHAOS_SEED ?? 1), tmpDir);
  // the parent starts the attack's bound now: loading (transpiling) the catalogue is not the product's time
  process.stdout.write(`${STARTED_LINE}\n`);
  try {
    await attack.run(ctx);
  } catch (error) {
    // A hang was recorded where it happened; anything else means the attack could not reach its oracle.
    if (!(error instanceof AttackAborted)) ctx.wrong(`attack could not complete: ${describe(error)}`);
  }
  const verdict = ctx.finish(attack.id);
  rmSync(tmpDir, { recursive: true, force: true });
  // Exits at once: a product that leaks a timer must not turn the verdict into a hang (leaks are the
  // contract suites' business); the verdict line is flushed first.
  process.stdout.write(`${VERDICT_PREFIX}${JSON.stringify(verdict)}\n`, () => process.exit(0));
}

void main();
