import type { Broker } from '@silvertine/core';
import { AppContext } from '../composition/app-context';
import { stringOption, type OptionSpecs, type ParsedArgv } from '../cli/argv';
import type { CommandIo } from '../cli/command-io';

/** Options of every command that talks to one broker. */
export const BROKER_OPTIONS: OptionSpecs = {
  broker: { type: 'string', short: 'b', value: '<name>' },
  json: { type: 'boolean' },
};

/** What a broker command works with: the composition and the connected broker it named. */
export interface BrokerSession {
  readonly app: AppContext;
  readonly name: string;
  readonly broker: Broker;
}

/**
 * Runs `action` against a connected broker from the configuration (`--broker`, else the first enabled
 * one), always closing everything after, whether the action succeeded or not.
 */
export async function withBroker<T>(parsed: ParsedArgv, io: CommandIo, action: (session: BrokerSession) => Promise<T>): Promise<T> {
  const app = await AppContext.create({ configPath: stringOption(parsed, 'config'), environment: stringOption(parsed, 'env'), monitoring: false, logger: io.logger });
  try {
    const name = stringOption(parsed, 'broker') ?? app.factory.enabledNames()[0];
    const broker = await app.broker(name);
    return await action({ app, name, broker });
  } finally {
    await app.close();
  }
}
