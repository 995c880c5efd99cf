import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A recorded documentation payload from test/fixtures (see SOURCES.md). */
export function fixture<T>(name: string): T {
  return JSON.parse(readFileSync(join(__dirname, 'fixtures', `${name}.json`), 'utf8')) as T;
}
