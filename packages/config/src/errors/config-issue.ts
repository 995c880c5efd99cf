import * as path from 'node:path';
import { ConfigurationError, redact, type BrokerErrorOptions } from '@silvertine/core';

/** One problem found in a configuration: where it is and which rule it breaks. */
export interface ConfigIssue {
  /** The file as shown to the user (relative to the working directory when inside it). */
  readonly file: string;
  /** Dotted path inside the file, spelled as in the file (`brokers.main.credentials.api_key`); empty for the whole file. */
  readonly path: string;
  /** Short rule id (`isNotEmpty`, `envVarNotSet`, `yamlSyntax`...), for programs. */
  readonly rule: string;
  /** Human message; never contains a configured value. */
  readonly message: string;
  readonly line?: number;
  readonly column?: number;
}

/** Formats one issue as `file[:line:col]: path: message`. */
export function formatIssue(issue: ConfigIssue): string {
  const where = issue.line === undefined ? issue.file : `${issue.file}:${issue.line}:${issue.column ?? 1}`;
  return issue.path ? `${where}: ${issue.path}: ${issue.message}` : `${where}: ${issue.message}`;
}

/**
 * Every problem of a configuration at once (so a user fixes them in one pass). The message lists one
 * issue per line; known secret values are masked in it as a last line of defence.
 */
export class ConfigValidationError extends ConfigurationError {
  constructor(readonly issues: readonly ConfigIssue[], secrets: readonly string[] = [], options?: BrokerErrorOptions) {
    super(redact(issues.map(formatIssue).join('\n'), secrets) as string, options);
  }
}

/** A path as users read it: `brokers.main.fallback[0]`. */
export function formatPath(segments: readonly (string | number)[]): string {
  let out = '';
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out ? `.${segment}` : segment;
  }
  return out;
}

/** The file name shown in messages: relative to `cwd` when inside it, else absolute. */
export function displayFile(file: string, cwd: string = process.cwd()): string {
  const relative = path.relative(cwd, file);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
}
