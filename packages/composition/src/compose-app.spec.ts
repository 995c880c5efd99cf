import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSilentLogger } from '@silvertine/core';
import { parseConfig } from '@silvertine/config';
import { RESILIENCE_TOKENS } from '@silvertine/resilience';
import { closeComposition, composeApp } from './compose-app';
import { compositionPlan } from './composition-plan';

const PAPER = `
plugins: ["@silvertine/paper"]
monitoring: { enabled: false }
brokers:
  paper:
    type: paper
    trading:
      base_currency: USDT
      initial_balances: { USDT: "1000" }
      instruments:
        - { symbol: BTCUSDT, asset_class: CRYPTO, base_asset: BTC, quote_asset: USDT, tick_size: "0.01", step_size: "0.00001", multiplier: "1" }
`;

describe('composeApp', () => {
  let dir: string;
  beforeEach(async () => (dir = await mkdtemp(join(tmpdir(), 'composition-'))));
  afterEach(() => rm(dir, { recursive: true, force: true }));

  const parse = (extra: string) => parseConfig(`${PAPER}${extra}`, { env: {}, dotenv: false, file: 'app.yaml', baseDir: dir });

  it('binds the safety stack from the resilience section, its files in the state directory, and builds brokers through the factory', async () => {
    const config = await parse(`resilience: { state_dir: ${JSON.stringify(join(dir, 'state'))} }\n`);
    const plan = compositionPlan(config);
    expect(plan.resilience && plan.resilience.journal && plan.resilience.journal.path).toBe(join(dir, 'state', 'orders.journal'));
    const app = await composeApp({ config, logger: createSilentLogger() });
    try {
      expect(app.safety).toBe(app.container.get(RESILIENCE_TOKENS.SafetyStack));
      expect(app.monitoring).toBeUndefined();
      const broker = await app.factory.createBroker('paper');
      expect(broker.state).toBe('CONNECTED');
    } finally {
      await closeComposition(app);
    }
  });

  it('binds no safety stack with resilience disabled', async () => {
    const app = await composeApp({ config: await parse('resilience: { enabled: false }\n'), logger: createSilentLogger() });
    try {
      expect(app.safety).toBeUndefined();
      expect(app.container.isBound(RESILIENCE_TOKENS.SafetyStack)).toBe(false);
    } finally {
      await closeComposition(app);
    }
  });
});
