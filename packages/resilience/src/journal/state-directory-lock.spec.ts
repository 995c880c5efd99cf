import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { FileOrderJournal } from './file-order-journal';
import { StateDirectoryLock, StateDirectoryLockedError } from './state-directory-lock';

/** The PID of a process that has exited (so no process holds it, barring reuse within the test). */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

describe('StateDirectoryLock', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'state-lock-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses a second holder with a typed error naming the directory and the holding PID', async () => {
    const lockFile = path.join(dir, 'state', 'orders.journal.lock');
    const first = new StateDirectoryLock(lockFile);
    await first.acquire();
    expect(JSON.parse(readFileSync(lockFile, 'utf8'))).toEqual({ pid: process.pid });
    const error = await new StateDirectoryLock(lockFile).acquire().then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(StateDirectoryLockedError);
    expect(error).toMatchObject({ directory: path.join(dir, 'state'), pid: process.pid, lockFile, code: 'CONFIGURATION' });
    expect((error as Error).message).toContain(`state directory ${path.join(dir, 'state')} is in use by process ${process.pid}`);
    await first.release();
    expect(existsSync(lockFile)).toBe(false);
    const next = new StateDirectoryLock(lockFile);
    await next.acquire();
    await next.release();
  });

  it.each([
    ['a dead PID', () => JSON.stringify({ pid: deadPid() })],
    ['no PID at all', () => 'garbage'],
  ])('takes over a stale lock holding %s', async (_what, content) => {
    const lockFile = path.join(dir, 'orders.journal.lock');
    writeFileSync(lockFile, content());
    const lock = new StateDirectoryLock(lockFile);
    await lock.acquire();
    expect(JSON.parse(readFileSync(lockFile, 'utf8'))).toEqual({ pid: process.pid });
    await lock.release();
  });

  it('release leaves a lock that another process took meanwhile', async () => {
    const lockFile = path.join(dir, 'orders.journal.lock');
    const lock = new StateDirectoryLock(lockFile);
    await lock.acquire();
    writeFileSync(lockFile, JSON.stringify({ pid: 1 }));
    await lock.release();
    expect(readFileSync(lockFile, 'utf8')).toBe('{"pid":1}');
  });
});

describe('FileOrderJournal with lock: true', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'journal-lock-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('holds <path>.lock from open to close; a second journal on the file fails at open and stays closed', async () => {
    const file = path.join(dir, 'orders.journal');
    const first = new FileOrderJournal({ path: file, fsync: 'never', lock: true });
    await first.open();
    const second = new FileOrderJournal({ path: file, fsync: 'never', lock: true });
    await expect(second.open()).rejects.toBeInstanceOf(StateDirectoryLockedError);
    await first.close();
    expect(existsSync(`${file}.lock`)).toBe(false);
    await second.open();
    expect(existsSync(`${file}.lock`)).toBe(true);
    await second.close();
    expect(existsSync(`${file}.lock`)).toBe(false);
  });
});
