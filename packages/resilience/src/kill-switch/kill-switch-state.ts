import { promises as fs } from 'node:fs';
import * as path from 'node:path';

/** What the kill switch's state file holds. */
export interface KillSwitchState {
  readonly engaged: boolean;
  /** Why it was engaged (present while engaged). */
  readonly reason?: string;
  /** Epoch ms of the last change. */
  readonly at?: number;
}

/** Longest state file read (it holds a flag, a reason and a time; anything bigger is not ours). */
const MAX_STATE_BYTES = 64 * 1024;

/**
 * Reads a state file. Missing means released (a fresh installation). Anything unreadable or malformed
 * fails closed: engaged, with a reason saying why, so trading stays stopped until an operator looks.
 */
export async function readKillSwitchState(file: string): Promise<KillSwitchState> {
  let text: string;
  try {
    const stat = await fs.stat(file);
    if (stat.size > MAX_STATE_BYTES) return unreadable(file, `larger than ${MAX_STATE_BYTES} bytes`);
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { engaged: false };
    return unreadable(file, (error as NodeJS.ErrnoException).code ?? 'read error');
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return unreadable(file, 'not JSON');
  }
  if (!value || typeof value !== 'object') return unreadable(file, 'not an object');
  const { engaged, reason, at } = value as Record<string, unknown>;
  if (typeof engaged !== 'boolean') return unreadable(file, '"engaged" is not a boolean');
  if (!engaged) return { engaged: false };
  return { engaged: true, reason: typeof reason === 'string' && reason ? reason.slice(0, 500) : 'engaged before a restart', at: typeof at === 'number' ? at : undefined };
}

/** Writes the state atomically (a temporary file renamed over the old one), creating the directory. */
export async function writeKillSwitchState(file: string, state: KillSwitchState): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  await fs.writeFile(temporary, `${JSON.stringify(state)}\n`, { mode: 0o600 });
  await fs.rename(temporary, file);
}

function unreadable(file: string, why: string): KillSwitchState {
  return { engaged: true, reason: `kill switch state file ${path.basename(file)} is unreadable (${why}); release it once checked` };
}
