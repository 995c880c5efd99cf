import { downtimeArgument } from './control-arguments';
import type { QuoteInput, SystemMessageCode, TwsEmulatorControl } from './control.port';
import type { StreamFault } from './stream-faults';

/** Help text of the line-based control protocol (CLI stdin). */
export const CONTROL_HELP = [
  'quote <contract> [bid=<p>] [ask=<p>] [last=<p>] [bidSize=<n>] [askSize=<n>] [lastSize=<n>]',
  'price <contract> <price>',
  'drop',
  'system 1100|1101|1102',
  'restart [downtimeMs]',
  'refuse <ms>',
  'cash <account> <currency> <amount>',
  'corrupt length [bytes] | random [count] [seed] | unknown | truncated  (to every client)',
  'orders | executions | clients | help',
].join('\n');

const QUOTE_KEYS = new Set(['bid', 'ask', 'last', 'bidSize', 'askSize', 'lastSize']);

/** `corrupt <kind> [n] [seed]` as a StreamFault; numbers must be non-negative integers. */
function streamFaultOf(args: readonly string[]): StreamFault {
  const count = (raw: string | undefined): number | undefined => {
    if (raw === undefined) return undefined;
    if (!/^\d{1,10}$/.test(raw)) throw new Error(`usage: corrupt ... (bad number "${raw}")`);
    return Number(raw);
  };
  switch (args[0]) {
    case 'length':
      return { kind: 'length', length: count(args[1]) };
    case 'random':
      return { kind: 'random', count: count(args[1]), seed: count(args[2]) };
    case 'unknown':
      return { kind: 'unknownMessage' };
    case 'truncated':
      return { kind: 'truncatedMessage' };
    default:
      throw new Error('usage: corrupt length [bytes] | random [count] [seed] | unknown | truncated');
  }
}

/**
 * Runs one control command line against an emulator and returns the reply text ("ok" or data).
 * Throws with a usage message on a malformed line. Prices stay strings until Decimal parses them.
 */
export async function runControlCommand(control: TwsEmulatorControl, line: string): Promise<string> {
  const [command = '', ...args] = line.trim().split(/\s+/);
  const contractKey = (raw: string | undefined): string | number => {
    if (!raw) throw new Error('missing contract');
    return /^\d+$/.test(raw) ? Number(raw) : raw;
  };
  switch (command.toLowerCase()) {
    case '':
      return '';
    case 'quote': {
      const quote: Record<string, string> = {};
      for (const pair of args.slice(1)) {
        const [key, value] = pair.split('=');
        if (!key || value === undefined || !QUOTE_KEYS.has(key)) throw new Error(`bad quote field "${pair}"`);
        quote[key] = value;
      }
      control.setQuote(contractKey(args[0]), quote as QuoteInput);
      return 'ok';
    }
    case 'price':
      if (args[1] === undefined) throw new Error('usage: price <contract> <price>');
      control.setPrice(contractKey(args[0]), args[1]);
      return 'ok';
    case 'drop':
      control.dropConnections();
      return 'ok';
    case 'system': {
      const code = Number(args[0]);
      if (code !== 1100 && code !== 1101 && code !== 1102) throw new Error('usage: system 1100|1101|1102');
      control.sendSystemMessage(code as SystemMessageCode);
      return 'ok';
    }
    case 'restart':
      // decoded here too, so "restart abc" is refused before the sessions are dropped
      await control.restart({ downtimeMs: downtimeArgument('downtimeMs', args[0] ?? '0') });
      return 'ok';
    case 'refuse':
      await control.refuseConnections(downtimeArgument('ms', args[0] ?? '0'));
      return 'ok';
    case 'cash': {
      const [account, currency, amount] = args;
      if (args.length !== 3 || !account || !currency || !amount) throw new Error('usage: cash <account> <currency> <amount>');
      control.setCash(account, currency, amount);
      return 'ok';
    }
    case 'corrupt':
      control.corruptStream(streamFaultOf(args));
      return 'ok';
    case 'orders':
      return control
        .orders()
        .map((o) => `${o.clientId}:${o.orderId} ${o.action} ${o.totalQuantity} ${o.contract.localSymbol} ${o.orderType} ${o.status} filled=${o.filled}`)
        .join('\n');
    case 'executions':
      return control
        .executions()
        .map((e) => `${e.execId} ${e.account} ${e.side} ${e.shares} ${e.contract.localSymbol} @ ${e.price} commission=${e.commission}`)
        .join('\n');
    case 'clients':
      return control.connectedClientIds().join(',');
    case 'help':
      return CONTROL_HELP;
    default:
      throw new Error(`unknown command "${command}"; try "help"`);
  }
}
