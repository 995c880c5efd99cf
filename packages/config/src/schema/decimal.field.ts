import { Decimal } from '@silvertine/core';
import { Transform } from 'class-transformer';
import { ValidateBy, buildMessage, type ValidationOptions } from 'class-validator';

/** Which decimals a field accepts. */
export interface DecimalFieldOptions {
  /** `positive` (> 0), `nonNegative` (>= 0) or `any` (default). */
  readonly sign?: 'positive' | 'nonNegative' | 'any';
}

function toDecimal(value: unknown): unknown {
  // booleans and objects are left as they are so that the validator reports them; a Decimal of another
  // copy of core (a plugin's) becomes one of this copy
  const convertible = typeof value === 'string' || typeof value === 'number' || typeof value === 'bigint' || (Decimal.isDecimal(value) && !(value instanceof Decimal));
  return convertible ? (Decimal.tryFrom(value) ?? value) : value;
}

function signOk(value: Decimal, sign: DecimalFieldOptions['sign']): boolean {
  if (sign === 'positive') return value.isPositive();
  if (sign === 'nonNegative') return !value.isNegative();
  return true;
}

function describeRule(sign: DecimalFieldOptions['sign']): string {
  const kind = sign === 'positive' ? 'a positive decimal number' : sign === 'nonNegative' ? 'a decimal number >= 0' : 'a decimal number';
  return `must be ${kind} (e.g. "1000.50"; write money as a quoted string to keep every digit)`;
}

/**
 * A money or quantity field: YAML strings or numbers become core's exact Decimal, then the sign rule is
 * checked. The message names the rule, never the value.
 */
export function DecimalField(options: DecimalFieldOptions = {}, validationOptions?: ValidationOptions): PropertyDecorator {
  // the raw value (obj[key]), not `value`: implicit conversion may already have mangled it
  const transform = Transform(({ obj, key }) => toDecimal((obj as Record<string, unknown>)[key]));
  const validate = ValidateBy(
    {
      name: 'isDecimalAmount',
      validator: {
        validate: (value) => Decimal.isDecimal(value) && signOk(value, options.sign),
        defaultMessage: buildMessage(() => `$property ${describeRule(options.sign)}`, validationOptions),
      },
    },
    validationOptions,
  );
  return (target, key) => {
    transform(target, key);
    validate(target, key);
  };
}

/**
 * A map of asset → amount (`initial_balances: { USDT: "10000" }`), each parsed into a Decimal; the
 * message names the first offending key.
 */
export function DecimalRecordField(options: DecimalFieldOptions = {}, validationOptions?: ValidationOptions): PropertyDecorator {
  const transform = Transform(({ obj, key }) => {
    const value = (obj as Record<string, unknown>)[key];
    return value && typeof value === 'object' && !Array.isArray(value)
      ? Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, toDecimal(v)]))
      : value;
  });
  const validate = ValidateBy(
    {
      name: 'isDecimalRecord',
      validator: {
        validate: (value) =>
          !!value && typeof value === 'object' && !Array.isArray(value) &&
          Object.values(value as Record<string, unknown>).every((v) => Decimal.isDecimal(v) && signOk(v, options.sign)),
        defaultMessage: buildMessage((_eachPrefix, args) => {
          const value = args?.value as Record<string, unknown> | undefined;
          const bad = value && typeof value === 'object' ? Object.keys(value).filter((k) => !(Decimal.isDecimal(value[k]) && signOk(value[k] as Decimal, options.sign))) : [];
          // one key at a time: the path then points at it exactly
          return bad.length
            ? `$property.${bad[0]} ${describeRule(options.sign)}`
            : '$property must be a mapping of asset to amount';
        }, validationOptions),
      },
    },
    validationOptions,
  );
  return (target, key) => {
    transform(target, key);
    validate(target, key);
  };
}

/**
 * Booleans from YAML or from `${VAR}` (which is always a string): `true/false`, `yes/no`, `1/0`.
 * class-transformer's implicit conversion would turn the string "false" into `true`.
 */
export function ToBoolean(): PropertyDecorator {
  return Transform(({ obj, key, value: converted }) => {
    // read the raw value: implicit conversion has already turned "false" into true
    const value = (obj as Record<string, unknown>)[key];
    if (typeof value !== 'string') return converted;
    const text = value.trim().toLowerCase();
    if (['true', 'yes', 'on', '1'].includes(text)) return true;
    if (['false', 'no', 'off', '0'].includes(text)) return false;
    return value;
  });
}
