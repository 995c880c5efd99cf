import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse } from 'dotenv';
import type { EnvLookup } from './env-substitution';

/**
 * Builds the variable lookup: `.env` beside the config file, then `.env` in the working directory,
 * then the real environment on top, so a real variable always wins over a file (as dotenv does
 * without `override`). process.env itself is not modified: loading a config has no side effects.
 */
export function loadDotenv(configDir: string, cwd: string, env: EnvLookup): EnvLookup {
  const dirs = [...new Set([path.resolve(cwd), path.resolve(configDir)])];
  const merged: Record<string, string | undefined> = {};
  for (const dir of dirs) {
    let text: string;
    try {
      text = readFileSync(path.join(dir, '.env'), 'utf8');
    } catch {
      continue;
    }
    Object.assign(merged, parse(text));
  }
  for (const [key, value] of Object.entries(env)) if (value !== undefined) merged[key] = value;
  return merged;
}
