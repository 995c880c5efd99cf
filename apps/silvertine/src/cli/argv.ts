import { EXIT, UserError } from './exit-codes';

/** One option a command accepts: `--name <value>` (string) or `--name` (boolean). */
export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  readonly short?: string;
  /** Shown in usage: what the value is (`<price>`). */
  readonly value?: string;
}

/** A command's options by long name (without the dashes). */
export type OptionSpecs = Readonly<Record<string, OptionSpec>>;

/** A command line after parsing: options by long name, then the positionals in order. */
export interface ParsedArgv {
  readonly values: Readonly<Record<string, string | boolean | undefined>>;
  readonly positionals: readonly string[];
}

/**
 * A command-line argument that cannot be used: names the argument and the rule it breaks
 * (`quantity must be positive, got "-1"`). Exit code 2 (usage).
 */
export class ArgumentError extends UserError {
  constructor(readonly argument: string, readonly rule: string) {
    super(`${argument} ${rule}`, EXIT.USAGE);
    this.name = 'ArgumentError';
  }
}

/** Options every command accepts. */
export const COMMON_OPTIONS: OptionSpecs = {
  config: { type: 'string', short: 'c', value: '<file>' },
  env: { type: 'string', value: '<name>' },
  help: { type: 'boolean', short: 'h' },
};

// "-1", "-0.5", "-.5": a negative number is a value (a quantity or a price), never an option
const NEGATIVE_NUMBER = /^-(?:\d|\.\d)/;

/**
 * Parses argv against `specs` (plus COMMON_OPTIONS). Unlike node's parseArgs, a negative number is a
 * positional or an option's value, so `order buy X -1` reaches the quantity check ("quantity must be
 * positive") instead of failing as "Unknown option '-1'". `--` ends options. Unknown options, a missing
 * value and a value given to a boolean are ArgumentErrors naming the option.
 */
export function parseArgv(args: readonly string[], specs: OptionSpecs): ParsedArgv {
  const all: OptionSpecs = { ...COMMON_OPTIONS, ...specs };
  const shorts = new Map(Object.entries(all).filter(([, s]) => s.short).map(([name, s]) => [s.short as string, name]));
  const values: Record<string, string | boolean> = {};
  const positionals: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') {
      positionals.push(...args.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-' || NEGATIVE_NUMBER.test(arg)) {
      positionals.push(arg);
      continue;
    }
    const long = arg.startsWith('--');
    const eq = long ? arg.indexOf('=') : -1;
    const key = long ? arg.slice(2, eq === -1 ? undefined : eq) : arg.slice(1);
    const name = long ? key : shorts.get(key);
    const spec = name === undefined ? undefined : all[name];
    if (name === undefined || !spec) throw new ArgumentError(arg.split('=')[0], 'is not an option of this command (see --help)');
    if (spec.type === 'boolean') {
      if (eq !== -1) throw new ArgumentError(`--${name}`, 'takes no value');
      values[name] = true;
      continue;
    }
    let value: string | undefined;
    if (eq !== -1) value = arg.slice(eq + 1);
    else if (i + 1 < args.length && (!args[i + 1].startsWith('-') || NEGATIVE_NUMBER.test(args[i + 1]))) value = args[++i];
    if (value === undefined || value === '') throw new ArgumentError(`--${name}`, `needs a value${spec.value ? ` (${spec.value})` : ''}`);
    if (values[name] !== undefined) throw new ArgumentError(`--${name}`, 'is given twice');
    values[name] = value;
  }
  return { values, positionals };
}

/** True when `--help` or `-h` appears before any `--`. */
export function asksForHelp(args: readonly string[]): boolean {
  for (const arg of args) {
    if (arg === '--') return false;
    if (arg === '--help' || arg === '-h') return true;
  }
  return false;
}

/** The string value of an option (parseArgv guarantees the type; this narrows it). */
export function stringOption(parsed: ParsedArgv, name: string): string | undefined {
  const value = parsed.values[name];
  return typeof value === 'string' ? value : undefined;
}

/** True when a boolean option was given. */
export function flag(parsed: ParsedArgv, name: string): boolean {
  return parsed.values[name] === true;
}
