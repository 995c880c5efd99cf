import { CLIENT_ORDER_ID_PATTERN, ClientOrderIdGenerator, isValidClientOrderId, newClientOrderId } from './client-order-id';

describe('client order ids', () => {
  it('are at most 36 venue-safe characters, with the prefix first', () => {
    const id = new ClientOrderIdGenerator('strat-1').next();
    expect(id.startsWith('strat-1')).toBe(true);
    expect(id.length).toBeLessThanOrEqual(36);
    expect(CLIENT_ORDER_ID_PATTERN.test(id)).toBe(true);
    expect(isValidClientOrderId(newClientOrderId())).toBe(true);
  });

  it('are unique and strictly increasing within one millisecond', () => {
    const gen = new ClientOrderIdGenerator('', () => 1_700_000_000_000);
    const ids = Array.from({ length: 20_000 }, () => gen.next());
    expect(new Set(ids).size).toBe(ids.length);
    for (let i = 1; i < ids.length; i++) expect(ids[i] > ids[i - 1]).toBe(true);
  });

  it('count up by exactly one within a millisecond, across the blocks the generator caches', () => {
    const gen = new ClientOrderIdGenerator('', () => 1_700_000_000_000);
    const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
    const counterOf = (id: string) => [...id.slice(-10)].reduce((n, ch) => n * 32 + alphabet.indexOf(ch), 0);
    const ids = Array.from({ length: 3_000 }, () => gen.next());
    for (let i = 1; i < ids.length; i++) {
      expect(counterOf(ids[i])).toBe(counterOf(ids[i - 1]) + 1);
      expect(ids[i].slice(0, -10)).toBe(ids[0].slice(0, -10));
    }
  });

  it('sort by creation time across milliseconds, even if the clock steps back', () => {
    let now = 1_700_000_000_000;
    const gen = new ClientOrderIdGenerator('', () => now);
    const a = gen.next();
    now += 5;
    const b = gen.next();
    now -= 100; // NTP correction
    const c = gen.next();
    expect([c, b, a].sort()).toEqual([a, b, c]);
  });

  it('replay from a seed and the clock, and differ without one', () => {
    let now = 1_700_000_000_000;
    const run = (gen: ClientOrderIdGenerator) => Array.from({ length: 5 }, (_, i) => { now += i % 2; return gen.next(); });
    const start = now;
    const a = run(new ClientOrderIdGenerator('p', { now: () => now, seed: 7 }));
    now = start;
    const b = run(new ClientOrderIdGenerator('p', { now: () => now, seed: 7 }));
    now = start;
    const other = run(new ClientOrderIdGenerator('p', { now: () => now, seed: 8 }));
    const unseeded = [0, 1].map(() => {
      now = start;
      return run(new ClientOrderIdGenerator('p', () => now));
    });
    expect(b).toEqual(a);
    expect(other).not.toEqual(a);
    expect(unseeded[0]).not.toEqual(unseeded[1]);
    now = start;
    expect(run(new ClientOrderIdGenerator('p').withSeed(7, () => now))).toEqual(a);
  });

  it('rejects prefixes that would break venue rules', () => {
    expect(() => new ClientOrderIdGenerator('has space')).toThrow(RangeError);
    expect(() => new ClientOrderIdGenerator('x'.repeat(13))).toThrow(RangeError);
    expect(isValidClientOrderId('a'.repeat(37))).toBe(false);
  });
});
