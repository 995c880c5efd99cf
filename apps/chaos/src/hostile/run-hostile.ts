/**
 * The `hostile` target: every attack of the catalogue in its own child process, then a table per attack
 * class (attacks, crashes, hangs, wrong state changes, secret leaks) and a non-zero exit unless the last
 * four are zero.
 *
 *   node -r ../../tools/scripts/register-ts.js src/hostile/run-hostile.ts [--only <text>] [--class <text>] [--seed N] [--concurrency N] [--time-scale N] [--list]
 */
import { attackFailed } from './attack.types';
import { runAttacks } from './attack-runner';
import { timeScale } from './attack-context';
import { ATTACKS } from './catalogue';
import { formatHostileTable, hostileRunFailed } from './hostile-table';

function arg(argv: readonly string[], flag: string): string | undefined {
  const i = argv.indexOf(flag);
  return i >= 0 ? argv[i + 1] : undefined;
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  const only = arg(argv, '--only');
  const cls = arg(argv, '--class');
  const attacks = ATTACKS.filter((a) => (!only || a.id.includes(only)) && (!cls || a.class.includes(cls)));
  if (argv.includes('--list')) {
    for (const a of attacks) process.stdout.write(`${a.id}  [${a.class}]\n    input:  ${a.input}\n    oracle: ${a.oracle}\n`);
    process.stdout.write(`${attacks.length} attack(s)\n`);
    return 0;
  }
  const seed = Number(arg(argv, '--seed') ?? process.env.CHAOS_SEED ?? 1);
  const concurrency = Number(arg(argv, '--concurrency') ?? 2);
  // children inherit it: every bound (the runner's kill, each bounded wait inside an attack) is scaled
  const scale = arg(argv, '--time-scale');
  if (scale !== undefined) process.env.CHAOS_TIME_SCALE = scale;
  const factor = timeScale();
  process.stdout.write(`hostile: ${attacks.length} attack(s), each in its own process, ${concurrency} at a time, seed ${seed}${factor === 1 ? '' : `, bounds ×${factor}`}\n`);
  const started = Date.now();
  const outcomes = await runAttacks(attacks, {
    seed, concurrency,
    onOutcome: (o) => process.stdout.write(`  ${attackFailed(o) ? 'FAIL' : 'ok  '} ${o.id} (${o.ms} ms)${attackFailed(o) ? ` — ${o.detail[0] ?? o.leaks[0] ?? ''}` : ''}\n`),
  });
  process.stdout.write(`\n${formatHostileTable(outcomes)}\n\nwall time ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  return hostileRunFailed(outcomes) ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`hostile: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(2);
  },
);
