import { promises as fs } from 'node:fs';
import { dirname } from 'node:path';
import { ConfigurationError } from '@silvertine/core';

/**
 * Another live process holds the state directory: two processes appending to one journal would
 * interleave their records and each would reconcile the other's orders as strangers.
 */
export class StateDirectoryLockedError extends ConfigurationError {
  constructor(readonly directory: string, readonly pid: number, readonly lockFile: string) {
    super(
      `state directory ${directory} is in use by process ${pid} (lock ${lockFile}): stop that process, or give this one another ` +
      'state directory (SILVERTINE_STATE_DIR, resilience.state_dir)',
    );
    this.name = 'StateDirectoryLockedError';
  }
}

/** What a lock file holds. */
interface LockContent {
  readonly pid: number;
}

/** The lock file's size bound: it holds one small JSON object; anything bigger is not ours. */
const MAX_LOCK_BYTES = 4096;

/**
 * An exclusive lock on a state directory: a file created with O_EXCL holding the owner's PID. A lock
 * whose PID is no longer alive (a process killed before it could remove it) is stale and taken over;
 * an unreadable lock file is treated as stale too (it cannot name a holder). One holder per process
 * object; `release()` removes the file only if it is still ours.
 */
export class StateDirectoryLock {
  private held = false;

  constructor(readonly lockFile: string, private readonly pid: number = process.pid) {}

  /** Takes the lock or rejects with StateDirectoryLockedError naming the directory and the holder's PID. */
  async acquire(): Promise<void> {
    if (this.held) return;
    await fs.mkdir(dirname(this.lockFile), { recursive: true });
    // Two rounds: the second follows the removal of a stale lock. Losing the race for it to another
    // process is then a live holder, reported as such.
    for (let round = 0; round < 2; round++) {
      if (await this.create()) {
        this.held = true;
        return;
      }
      const holder = await readHolder(this.lockFile);
      if (holder !== undefined && isAlive(holder)) throw new StateDirectoryLockedError(dirname(this.lockFile), holder, this.lockFile);
      // Stale: remove it only if it still names the dead holder (a taker that won meanwhile keeps its lock).
      if ((await readHolder(this.lockFile)) === holder) await fs.rm(this.lockFile, { force: true });
    }
    const holder = await readHolder(this.lockFile);
    throw new StateDirectoryLockedError(dirname(this.lockFile), holder ?? -1, this.lockFile);
  }

  /**
   * Creates the lock file with its content in one step: written to a private file first, then hard-linked
   * to the lock's name (link fails if the name exists), so no reader ever sees a lock without its PID.
   */
  private async create(): Promise<boolean> {
    const temporary = `${this.lockFile}.${this.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    await fs.writeFile(temporary, `${JSON.stringify({ pid: this.pid } satisfies LockContent)}\n`, { mode: 0o600 });
    try {
      await fs.link(temporary, this.lockFile);
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      return false;
    } finally {
      await fs.rm(temporary, { force: true });
    }
  }

  /** Removes the lock file if this object holds it and the file still names this process. */
  async release(): Promise<void> {
    if (!this.held) return;
    this.held = false;
    if ((await readHolder(this.lockFile)) === this.pid) await fs.rm(this.lockFile, { force: true });
  }
}

/** The PID a lock file names, or undefined when it is missing or unreadable. */
export async function readHolder(lockFile: string): Promise<number | undefined> {
  let text: string;
  try {
    const stat = await fs.stat(lockFile);
    if (stat.size > MAX_LOCK_BYTES) return undefined;
    text = await fs.readFile(lockFile, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const pid = (JSON.parse(text) as Partial<LockContent>).pid;
    return typeof pid === 'number' && Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** True while a process with this PID exists (EPERM: it exists, owned by another user). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
