import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import type { ConfigIssue } from '../errors/config-issue';
import type { ConfigSources, SourceLocation } from '../loading/config-sources';
import { isPlainObject } from '../loading/config-sources';

/** A class-validator class (a plugin's configClass or one of ours). */
export type ConfigClass<T extends object = object> = new () => T;

/** Which constraint to report when a field breaks several (presence first, then type, then ranges). */
const PRIORITY = ['whitelistValidation', 'isDefined', 'isNotEmpty', 'isObject', 'isArray', 'isString', 'isBoolean', 'isInt', 'isNumber', 'isDecimalAmount', 'isDecimalRecord', 'isEnum', 'isIn'];

/** Result of validating one section. */
export interface SectionResult<T> {
  readonly value?: T;
  readonly issues: readonly ConfigIssue[];
}

/**
 * Transforms a plain (camelCase) section into `cls` and validates it. Issues name the file and the path
 * as the user wrote them (through `sources`), the rule, and the environment variable to set when the
 * value came from one. Unknown keys are issues when `strict` (typos in money settings must not pass
 * silently). Values never appear in messages.
 */
export function validateSection<T extends object>(
  cls: ConfigClass<T>,
  plain: unknown,
  at: readonly (string | number)[],
  sources: ConfigSources,
  strict = true,
  rewrite: (segments: readonly (string | number)[]) => (string | number)[] = (s) => [...s],
): SectionResult<T> {
  if (!isPlainObject(plain)) {
    const where = sources.locate(at);
    return { issues: [{ file: where.file, path: where.path, rule: 'isObject', message: 'must be a mapping (key: value pairs)' }] };
  }
  // implicit conversion turns "7497" from ${IB_PORT} into a number for `port: number` fields
  const value = plainToInstance(cls, plain, { enableImplicitConversion: true, exposeDefaultValues: true });
  const errors = validateSync(value, { whitelist: strict, forbidNonWhitelisted: strict, forbidUnknownValues: false, validationError: { target: false } });
  const issues: ConfigIssue[] = [];
  for (const error of errors) collect(error, [], (relative) => sources.locate([...at, ...rewrite(relative)]), issues);
  return { value: issues.length ? undefined : value, issues };
}

function collect(error: ValidationError, parent: (string | number)[], locate: (relative: (string | number)[]) => SourceLocation, issues: ConfigIssue[]): void {
  const segment = /^\d+$/.test(error.property) ? Number(error.property) : error.property;
  const segments = [...parent, segment];
  if (error.constraints) {
    const keys = Object.keys(error.constraints);
    const rule = PRIORITY.find((k) => keys.includes(k)) ?? keys[0];
    const { subKey, text } = phrase(rule, error.constraints[rule], error.property);
    const full = subKey ? [...segments, subKey] : segments;
    const where = locate(full);
    const empty = error.value === undefined || error.value === null || error.value === '';
    const hint = where.variables.length ? ` (${empty ? 'set' : 'from'} ${where.variables.join(', ')})` : '';
    issues.push({ file: where.file, path: where.path, rule, message: `${text}${hint}` });
  }
  for (const child of error.children ?? []) collect(child, segments, locate, issues);
}

/** class-validator says "apiKey should not be empty"; we say "must not be empty" after the path. */
function phrase(rule: string, message: string, property: string): { subKey?: string; text: string } {
  if (rule === 'whitelistValidation') return { text: 'is not a known field (check the spelling)' };
  if (rule === 'isDefined') return { text: 'is required' };
  let text = message;
  let subKey: string | undefined;
  if (text.startsWith(`${property}.`)) {
    const rest = text.slice(property.length + 1);
    subKey = rest.split(' ')[0];
    text = rest.slice(subKey.length + 1);
  } else if (text.startsWith(`${property} `)) {
    text = text.slice(property.length + 1);
  }
  return { subKey, text: text.replace(/^should /, 'must ') };
}
