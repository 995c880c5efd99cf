import { loadConfig } from '@silvertine/config';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Attack, AttackContext } from '../attack.types';
import { settle } from '../attack-context';
import { CliProcess, judgeFailingCli } from '../products/cli-process';
import { PAPER_BROKER_YAML } from '../products/paper-yaml';

/** A secret the hostile files reference: no error may quote it. */
const CONFIG_SECRET = 'chaosConfigSecretValueN4v8Kq';

/** A valid paper broker entry to put hostile keys beside. */
const PAPER = PAPER_BROKER_YAML;

/** A configuration whose one broker carries `extra` (indented under it) and the secret in its credentials. */
export function withBroker(extra: string, top = ''): string {
  return `${top}plugins: ["@silvertine/paper"]
brokers:
  paper:
${PAPER}    credentials: { api_secret: "\${CHAOS_CONFIG_SECRET}" }
${extra}`;
}

/** What loading must end with. */
type Expect = 'refused' | 'either';

/**
 * Loads a hostile file the way every command does (`loadConfig`, the product's API): within the bound,
 * refused with a typed configuration error naming `mentions` (or, for `either`, accepted), Object.prototype
 * untouched, and the secret in no message.
 */
async function loadAttack(ctx: AttackContext, content: () => string | Buffer, expect: Expect, mentions?: RegExp, boundMs = 10_000): Promise<void> {
  ctx.addSecret(CONFIG_SECRET);
  const file = join(ctx.tmpDir, 'hostile.yaml');
  writeFileSync(file, content());
  const loaded = await settle(ctx, 'loadConfig', boundMs, () => loadConfig(file, { env: { CHAOS_CONFIG_SECRET: CONFIG_SECRET }, dotenv: false, cwd: ctx.tmpDir }));
  if (loaded.ok) {
    // The loaded tree holds the secret by design (it is the broker's credential): not exposed.
    if (expect === 'refused') ctx.wrong(`the file was accepted (brokers: ${Object.keys(loaded.value.brokers).join(', ')}; plugins: ${JSON.stringify(loaded.value.plugins)})`);
  } else {
    const message = loaded.error instanceof Error ? loaded.error.message : String(loaded.error);
    if (mentions && !mentions.test(message)) ctx.wrong(`the refusal does not name ${mentions.source}: ${message.slice(0, 200)}`);
    ctx.note(`refused in ${loaded.ms} ms: ${message.split('\n')[0].slice(0, 160)}`);
  }
  if ((Object.prototype as Record<string, unknown>)['polluted'] !== undefined) ctx.wrong('Object.prototype was polluted');
}

function load(id: string, input: string, content: () => string | Buffer, expect: Expect = 'refused', mentions?: RegExp, fast = false): Attack {
  return {
    id, class: 'config loading', input, fast,
    oracle: expect === 'refused'
      ? `loadConfig refuses it within 10 s with a typed configuration error${mentions ? ` naming ${mentions.source}` : ''}; Object.prototype untouched; the secret in no message`
      : 'loadConfig accepts it or refuses it with a typed error within 10 s; Object.prototype untouched; the secret in no message',
    run: (ctx) => loadAttack(ctx, content, expect, mentions),
  };
}

/** `silvertine config validate <file>`: exit 3-like refusal with a message, within the bound. */
function validate(id: string, input: string, content: () => string): Attack {
  return {
    id, class: 'config loading', input: `silvertine config validate: ${input}`, boundMs: 50_000,
    oracle: 'exits non-zero (no internal error) with a message before the 40 s safety net; the secret in no output',
    run: async (ctx) => {
      ctx.addSecret(CONFIG_SECRET);
      const file = join(ctx.tmpDir, 'hostile.yaml');
      writeFileSync(file, content());
      judgeFailingCli(ctx, 'config validate', await CliProcess.run(ctx, ['config', 'validate', file], { CHAOS_CONFIG_SECRET: CONFIG_SECRET }));
    },
  };
}

const bigYaml = (bytes: number) => withBroker('', `# ${'padding '.repeat(8)}\n`.repeat(Math.ceil(bytes / 76)));
const aliasBomb = () => {
  const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i < 9; i++) lines.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
  return `${lines.join('\n')}\n${withBroker('')}`;
};

/** Oversized, recursive, prototype-touching, badly typed and badly numbered configurations. */
export const CONFIG_ATTACKS: readonly Attack[] = [
  load('cfg-50mb', 'a 50 MB YAML file', () => bigYaml(50 * 1024 * 1024), 'refused', /size|large|bytes|MB/i, true),
  load('cfg-2mb', 'a 2 MB YAML file (the default limit is 1 MB)', () => bigYaml(2 * 1024 * 1024), 'refused', /size|large|bytes|MB/i),
  load('cfg-alias-bomb', 'a billion-laughs alias bomb', aliasBomb, 'refused'),
  load('cfg-proto-top', '`__proto__:` at the top level', () => `__proto__: { polluted: yes }\n${withBroker('')}`, 'refused', /__proto__/, true),
  load('cfg-proto-broker', '`__proto__:` inside a broker', () => withBroker('    __proto__: { polluted: yes }\n'), 'refused', /__proto__/),
  load('cfg-constructor-broker', 'a broker named `constructor`', () => `plugins: ["@silvertine/paper"]\nbrokers:\n  constructor:\n${PAPER}`, 'refused', /constructor/),
  load('cfg-prototype-key', '`prototype:` under monitoring', () => withBroker('', 'monitoring: { prototype: { polluted: yes } }\n'), 'refused', /prototype/),
  load('cfg-constructor-nested', '`constructor: { prototype: … }` under risk_limits', () => withBroker('    risk_limits: { constructor: { prototype: { polluted: yes } } }\n'), 'refused', /constructor|prototype/),
  load('cfg-decimal-huge', 'max_order_notional "1e999999999"', () => withBroker('    risk_limits: { max_order_notional: "1e999999999" }\n'), 'refused', /max_order_notional/, true),
  load('cfg-decimal-abc', 'max_order_notional "abc"', () => withBroker('    risk_limits: { max_order_notional: "abc" }\n'), 'refused', /max_order_notional/),
  load('cfg-decimal-negative', 'max_position "-5"', () => withBroker('    risk_limits: { max_position: "-5" }\n'), 'refused', /max_position/),
  load('cfg-decimal-40-digits', 'max_order_notional with 40 decimals', () => withBroker('    risk_limits: { max_order_notional: "1.0000000000000000000000000000000000000001" }\n'), 'either'),
  load('cfg-number-huge', 'monitoring.port 1e999', () => withBroker('', 'monitoring: { port: 1e999 }\n'), 'refused', /port/),
  load('cfg-brokers-number', '`brokers: 5`', () => 'plugins: []\nbrokers: 5\n', 'refused', /brokers/),
  load('cfg-brokers-list', '`brokers:` as a list', () => 'plugins: []\nbrokers: [a, b]\n', 'refused', /brokers/),
  load('cfg-port-string', 'monitoring.port "abc"', () => withBroker('', 'monitoring: { port: abc }\n'), 'refused', /port/),
  load('cfg-plugins-object', '`plugins:` as a mapping', () => `plugins: { a: 1 }\nbrokers:\n  paper:\n${PAPER}`, 'refused', /plugins/),
  load('cfg-deep-nesting', 'flow collections nested 100,000 deep', () => `x: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n${withBroker('')}`, 'refused'),
  load('cfg-binary', '64 KB of random bytes', () => Buffer.from(Array.from({ length: 65_536 }, (_, i) => (i * 2654435761) % 256)), 'refused'),
  load('cfg-nul-bytes', 'NUL bytes inside values', () => withBroker('    description: "a\u0000b\u0000c"\n'), 'either'),
  load('cfg-env-missing', '`${CHAOS_NOT_SET}` unset', () => withBroker('    description: ${CHAOS_NOT_SET}\n'), 'refused', /CHAOS_NOT_SET/),
  load('cfg-env-malformed', 'an unterminated `${` and a nested `${A:-${B}}`', () => withBroker('    description: "${A:-${B}} and ${"\n'), 'either'),
  load('cfg-secret-beside-error', 'the secret from the environment beside a badly typed key', () => withBroker('    enabled: "perhaps"\n'), 'refused', /enabled/),
  load('cfg-duplicate-keys', 'a key given twice', () => withBroker('    description: one\n    description: two\n'), 'refused'),
  load('cfg-public-monitoring-no-token', 'monitoring.host 0.0.0.0 without a token', () => withBroker('', 'monitoring: { enabled: true, host: 0.0.0.0 }\n'), 'refused', /token/),
  validate('cfg-cli-validate-50mb', 'a 50 MB file', () => bigYaml(50 * 1024 * 1024)),
  validate('cfg-cli-validate-proto', '`__proto__:` inside a broker', () => withBroker('    __proto__: { polluted: yes }\n')),
];
