import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..', '..', '..');

describe('ReadRetryPolicy on the wall clock', () => {
  it('keeps the process alive while it waits, so an awaited read settles instead of Node exiting 0', () => {
    // a script whose only pending work is a retry delay: two failures 150 and 300 ms apart, then success
    const script = `
      const { ReadRetryPolicy } = require(${JSON.stringify(path.join(ROOT, 'packages/resilience/src/retry/read-retry.policy.ts'))});
      const { TemporaryConnectionError } = require('@silvertine/core');
      new ReadRetryPolicy({ initialDelayMs: 150, jitter: 0 })
        .execute(async (attempt) => { if (attempt < 3) throw new TemporaryConnectionError('down'); return 'read ' + attempt; })
        .then((v) => { process.stdout.write(v); process.exitCode = 0; }, () => { process.exitCode = 3; });
      process.exitCode = 9; // what Node would leave if it ran out of work before the read settled
    `;
    const run = spawnSync(process.execPath, ['-r', path.join(ROOT, 'tools/scripts/register-ts.js'), '-e', script], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    expect({ status: run.status, stdout: run.stdout }).toEqual({ status: 0, stdout: 'read 3' });
  });
});
