import { LogCapture, scanForSecrets } from './harness/log-capture';
import { runScenario } from './harness/scenario-runner';
import { FAILURE_FIGURES } from './harness/scenario.types';
import { BINANCE_API_KEY, BINANCE_API_SECRET } from './harness/secrets';
import { SCENARIOS } from './scenarios';
import { childLogLines } from './scenarios/crash.scenarios';

/** One capture for the whole suite: the scan at the end covers every scenario's log output. */
const logs = new LogCapture();

describe('chaos suite (fast subset, one seed each)', () => {
  const fast = SCENARIOS.filter((s) => s.fast);

  it.each(fast.map((s) => [s.name, s] as const))('%s: every figure is zero', async (_name, scenario) => {
    // Safety nets (the scenario's, then Jest's): a SIGKILL scenario starts four child processes, each
    // compiling and composing the product; on a loaded machine that alone can take half a minute each.
    const result = await runScenario(scenario, 1, { seeds: [1], rounds: 1, logs, timeoutMs: 180_000 });
    expect(result.error).toBeUndefined();
    expect(result.tally.injections).toBeGreaterThan(0);
    expect(Object.fromEntries(FAILURE_FIGURES.map((f) => [f, result.tally[f]]))).toEqual(Object.fromEntries(FAILURE_FIGURES.map((f) => [f, 0])));
  }, 200_000);

  it('leaves no API key, secret or signature in any log line of the suite (child processes included)', () => {
    expect(logs.lineCount).toBeGreaterThan(50);
    expect(childLogLines.length).toBeGreaterThan(0);
    expect(logs.scan(childLogLines)).toEqual([]);
  });
});

describe('the log scan', () => {
  it('finds a planted key, secret or signed query string', () => {
    const planted = [
      `{"message":"request","url":"/api/v3/order?symbol=BTCUSDT&timestamp=1&signature=${'ab12'.repeat(16)}"}`,
      `{"message":"x","header":"${BINANCE_API_KEY}"}`,
      `{"message":"y","error":"bad secret ${BINANCE_API_SECRET}"}`,
      `{"message":"ws","params":{"signature":"${'cd34'.repeat(16)}"}}`,
      '{"message":"clean","signature":"[REDACTED]"}',
    ];
    expect(scanForSecrets(planted).map((f) => f.what)).toEqual(['signature', 'secret', 'secret', 'signature']);
  });

  it('sees through the core logger: a secret logged under an innocent key is redacted before the transport', () => {
    const capture = new LogCapture();
    capture.logger.info('oops', { note: `key=${BINANCE_API_KEY}`, apiSecret: 'whatever' });
    expect(capture.lineCount).toBe(1);
    expect(capture.scan()).toEqual([]);
  });
});
