import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { LoadedPlugin } from '@silvertine/config';
import { AppContext } from '../composition/app-context';
import { parseArgv, stringOption } from '../cli/argv';
import { refuseExtraArguments, type CommandSpec } from '../cli/command';
import { EXIT, UserError } from '../cli/exit-codes';

/**
 * `silvertine config validate <file>`: loads, substitutes, validates every section (loading the
 * plugins the file names) and constructs nothing. `silvertine config template <type>`: prints the
 * shipped template of a broker type.
 */
export const configCommand: CommandSpec = {
  name: 'config',
  usage: ['silvertine config validate <file> [--env <name>]', 'silvertine config template <type>'],
  summary: 'Validates a configuration file (every broker section against its plugin), or prints a template.',
  details: [
    'Template types: broker (every key documented), and the shipped files by broker type or file name:',
    'paper, binance (Binance testnet), binance-emulator, ib (IB paper).',
  ],
  async run(args, io) {
    const parsed = parseArgv(args, {});
    const [verb, target] = parsed.positionals;
    refuseExtraArguments(configCommand, parsed.positionals, 2);
    if (verb === 'validate') {
      if (!target) throw new UserError(`usage: ${configCommand.usage[0]}`, EXIT.USAGE);
      const app = await AppContext.create({ configPath: target, environment: stringOption(parsed, 'env'), monitoring: false, logger: io.logger });
      try {
        const names = app.factory.names();
        io.out(`${target}: valid (${names.length} broker(s): ${names.join(', ')})`);
        for (const line of describePlugins(app.plugins)) io.out(line);
      } finally {
        await app.close();
      }
      return EXIT.OK;
    }
    if (verb === 'template') {
      if (!target) throw new UserError(`usage: ${configCommand.usage[1]}`, EXIT.USAGE);
      const dir = templatesDir();
      const file = templateFile(dir, target);
      if (!file) throw new UserError(`no template for "${target}"; available: broker, ${availableTemplates(dir).join(', ')}`, EXIT.UNKNOWN_BROKER);
      io.out(readFileSync(file, 'utf8'));
      return EXIT.OK;
    }
    throw new UserError(`usage: ${configCommand.usage.join(' | ')}`, EXIT.USAGE);
  },
};

/** Broker type names whose shipped file is not named after the type. */
const TEMPLATE_ALIASES: Readonly<Record<string, string>> = {
  broker: 'broker_template',
  binance: 'binance-testnet',
  ib: 'ib-paper',
};

/** The template file for a type or a file name, only ever inside `dir`. */
function templateFile(dir: string, target: string): string | undefined {
  if (!/^[a-z][a-z0-9_-]*$/.test(target)) return undefined;
  const full = path.join(dir, `${TEMPLATE_ALIASES[target] ?? target}.yaml`);
  return existsSync(full) ? full : undefined;
}

function templatesDir(): string {
  const candidates = [path.resolve(__dirname, '..', 'config', 'exchanges'), path.resolve(__dirname, '..', '..', '..', '..', 'config', 'exchanges')];
  return candidates.find((c) => existsSync(c)) ?? candidates[0];
}

function availableTemplates(dir: string): string[] {
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.yaml') && f !== 'broker_template.yaml').map((f) => f.replace(/\.yaml$/, '')) : [];
  return [...new Set([...Object.keys(TEMPLATE_ALIASES).filter((k) => k !== 'broker'), ...files])].sort();
}

/** One line per plugin: what it registered and the file it was loaded from (config dir, cwd or global). */
function describePlugins(plugins: readonly LoadedPlugin[]): string[] {
  return plugins.flatMap((p) => [
    `plugin ${p.specifier} (${p.manifest.name}${p.manifest.version ? `@${p.manifest.version}` : ''}): ${p.registrations.map((r) => r.type).join(', ') || 'no broker types'} from ${p.resolvedPath ?? '(resolved by the importer)'}`,
    ...(p.coreCopy ? [`  warning: it loads its own @silvertine/core (${p.coreCopy.plugin}), not the app's (${p.coreCopy.app}); both work together, one copy is leaner`] : []),
  ]);
}
