import { ManualClock, RateLimitError } from '@silvertine/core';
import { StrategyAccounting } from './strategy-accounting';

describe('StrategyAccounting', () => {
  it('names the strategy by its reply stream', () => {
    const accounting = new StrategyAccounting();
    expect(accounting.strategyOf('p:gw:venue:replies:strategy-1', 'p:', 'venue')).toBe('strategy-1');
    expect(accounting.strategyOf('elsewhere', 'p:', 'venue')).toBe('unknown');
  });

  it('counts commands and places per strategy and broker; without a budget nothing is refused', () => {
    const accounting = new StrategyAccounting();
    accounting.command('venue', 'a', 'place');
    accounting.command('venue', 'a', 'place');
    accounting.command('venue', 'a', 'cancel');
    accounting.command('venue', 'b', 'describe');
    for (let i = 0; i < 100; i++) accounting.takeOrder('venue', 'a', `a-${i}`);
    expect(accounting.usage()).toEqual([
      { brokerId: 'venue', strategy: 'a', commands: { place: 2, cancel: 1 }, orders: 100, refused: 0, inWindow: 0, budget: undefined },
      { brokerId: 'venue', strategy: 'b', commands: { describe: 1 }, orders: 0, refused: 0, inWindow: 0, budget: undefined },
    ]);
  });

  it('refuses a place beyond the strategy\'s budget in its window, per strategy, until the window moves on', () => {
    const clock = new ManualClock(1_000_000);
    const accounting = new StrategyAccounting({ orders: 2, windowMs: 10_000 }, clock);
    accounting.takeOrder('venue', 'a', 'a-1');
    clock.advance(4_000);
    accounting.takeOrder('venue', 'a', 'a-2');
    accounting.takeOrder('venue', 'b', 'b-1'); // another strategy has its own share
    let refusal: unknown;
    try {
      accounting.takeOrder('venue', 'a', 'a-3');
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(RateLimitError);
    expect(refusal).toMatchObject({ code: 'RATE_LIMIT', retryAfterMs: 6_000, clientOrderId: 'a-3' });
    expect(accounting.usage().find((u) => u.strategy === 'a')).toMatchObject({ orders: 2, refused: 1, inWindow: 2, budget: 2 });
    clock.advance(6_000); // a-1 leaves the window
    accounting.takeOrder('venue', 'a', 'a-3');
    expect(accounting.usage().find((u) => u.strategy === 'a')).toMatchObject({ orders: 3, refused: 1, inWindow: 2 });
  });

  it('keeps at most 256 strategies apart; the rest are counted as "other"', () => {
    const accounting = new StrategyAccounting();
    for (let i = 0; i < 300; i++) accounting.command('venue', `s-${i}`, 'place');
    const usage = accounting.usage();
    expect(usage).toHaveLength(257);
    expect(usage.find((u) => u.strategy === 'other')?.commands.place).toBe(44);
  });
});
