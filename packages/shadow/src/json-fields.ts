import { ConfigurationError, Decimal } from '@silvertine/core';

// Field decoders of a report file (input from outside the process): each names the path and the rule.

export type Json = Record<string, unknown>;

export function fail(path: string, rule: string): never {
  throw new ConfigurationError(`shadow report: ${path} ${rule}`);
}

export function object(value: unknown, path: string): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(path, 'must be an object');
  return value as Json;
}

export function string(value: unknown, path: string): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 200) fail(path, 'must be a string of 1-200 characters');
  return value;
}

export function decimal(value: unknown, path: string): Decimal {
  const parsed = typeof value === 'string' ? Decimal.tryFrom(value) : undefined;
  if (parsed === undefined) fail(path, 'must be a decimal string');
  return parsed;
}

export function count(value: unknown, path: string): number {
  if (!Number.isSafeInteger(value) || (value as number) < 0) fail(path, 'must be a whole number >= 0');
  return value as number;
}

export function oneOf<T extends string>(value: unknown, allowed: readonly T[], path: string): T {
  if (!allowed.includes(value as T)) fail(path, `must be one of ${allowed.join(', ')}`);
  return value as T;
}

export function optional<T>(json: Json, key: string, path: string, decode: (value: unknown, path: string) => T): T | undefined {
  return json[key] === undefined ? undefined : decode(json[key], `${path}.${key}`);
}

