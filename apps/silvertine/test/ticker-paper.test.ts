import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { EXIT } from '../src/cli/exit-codes';
import { runSilvertine } from './cli-process';

// each step starts a real Node process: on a loaded machine (two cores shared) one can take seconds; a safety net only
jest.setTimeout(180_000);

/**
 * `silvertine ticker` on the embedded default (one paper broker; its market_data is a kline replay that
 * only `silvertine run` plays): the one-shot command feeds the paper broker nothing, so there is no ticker
 * to print, and it says so instead of making one up or blaming an unreachable venue.
 */
describe('silvertine ticker on the embedded default (paper)', () => {
  let stateDir: string;
  beforeAll(() => {
    stateDir = mkdtempSync(path.join(tmpdir(), 'silvertine-ticker-paper-'));
  });
  afterAll(() => rmSync(stateDir, { recursive: true, force: true }));

  it.each([[[]], [['--json']]])('exits 2 with one line saying paper has seen no market data for the symbol (%j)', async (extra) => {
    const run = await runSilvertine(['ticker', 'BTCUSDT', ...extra], { stateDir });
    expect({ code: run.code, stdout: run.stdout }).toEqual({ code: EXIT.USAGE, stdout: '' });
    expect(run.messages).toEqual([expect.stringMatching(/^silvertine ticker: paper has seen no market data for BTCUSDT .*plays no market_data feed .*--broker <name>/)]);
  });
});
