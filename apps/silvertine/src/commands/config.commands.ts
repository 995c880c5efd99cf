import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { AppContext } from '../composition/app-context';
import { parseCommand } from '../cli/arguments';
import type { CommandIo } from '../cli/command-io';
import { EXIT, UserError } from '../cli/exit-codes';

/**
 * `silvertine config validate <file>`: loads, substitutes, validates every section (loading the
 * plugins the file names) and constructs nothing. `silvertine config template <type>`: prints the
 * shipped template of a broker type.
 */
export async function configCommand(args: readonly string[], io: CommandIo): Promise<number> {
  const { positionals, values } = parseCommand(args, {});
  const [verb, target] = positionals;
  if (verb === 'validate') {
    if (!target) throw new UserError('usage: silvertine config validate <file>', EXIT.USAGE);
    const app = await AppContext.create({ configPath: target, environment: values.env, monitoring: false, logger: io.logger });
    try {
      io.out(`${target}: valid (${app.factory.names().length} broker(s): ${app.factory.names().join(', ')})`);
    } finally {
      await app.close();
    }
    return EXIT.OK;
  }
  if (verb === 'template') {
    if (!target) throw new UserError('usage: silvertine config template <type>', EXIT.USAGE);
    const dir = templatesDir();
    const file = target === 'broker' ? 'broker_template.yaml' : `${target}.yaml`;
    const full = path.join(dir, file);
    if (!/^[a-z][a-z0-9-]*$/.test(target) || !existsSync(full)) {
      throw new UserError(`no template for "${target}"; available: broker, ${availableTemplates(dir).join(', ')}`, EXIT.UNKNOWN_BROKER);
    }
    io.out(readFileSync(full, 'utf8'));
    return EXIT.OK;
  }
  throw new UserError('usage: silvertine config validate <file> | silvertine config template <type>', EXIT.USAGE);
}

function templatesDir(): string {
  const candidates = [path.resolve(__dirname, '..', 'config', 'exchanges'), path.resolve(__dirname, '..', '..', '..', '..', 'config', 'exchanges')];
  return candidates.find((c) => existsSync(c)) ?? candidates[0];
}

function availableTemplates(dir: string): string[] {
  return existsSync(dir) ? require('node:fs').readdirSync(dir).filter((f: string) => f.endsWith('.yaml') && f !== 'broker_template.yaml').map((f: string) => f.replace(/\.yaml$/, '')) : [];
}
