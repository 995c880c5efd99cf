import { ManualClock, RateLimitError, TemporaryConnectionError, AuthenticationError, UnknownOrderStatusError } from '@silvertine/core';
import { advanceTime, flushMicrotasks } from '../testing/virtual-time';
import { BackoffSchedule } from './backoff';
import { ReadRetryPolicy, SubmissionRetryRefusedError, markOrderSubmission, retryRead } from './read-retry.policy';

const transient = () => new TemporaryConnectionError('reset');

describe('BackoffSchedule', () => {
  it('doubles from the initial delay up to the cap, without jitter', () => {
    const s = new BackoffSchedule({ initialDelayMs: 1000, maxDelayMs: 60_000, jitter: 0 });
    expect(Array.from({ length: 9 }, () => s.next())).toEqual([1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000, 60000]);
    s.reset();
    expect(s.next()).toBe(1000);
  });

  it('keeps jittered delays within [base × (1 − jitter), base)', () => {
    const s = new BackoffSchedule({ initialDelayMs: 1000, maxDelayMs: 8000, jitter: 0.5, random: () => 0.999 });
    const lows = new BackoffSchedule({ initialDelayMs: 1000, maxDelayMs: 8000, jitter: 0.5, random: () => 0 });
    expect([s.next(), s.next(), s.next()]).toEqual([999, 1999, 3998]);
    expect([lows.next(), lows.next(), lows.next()]).toEqual([500, 1000, 2000]);
  });
});

describe('ReadRetryPolicy', () => {
  it('retries a transient read on the injected clock and returns its value', async () => {
    const clock = new ManualClock();
    const calls: number[] = [];
    const policy = new ReadRetryPolicy({ clock, initialDelayMs: 100, maxDelayMs: 1000, jitter: 0 });
    const result = policy.execute(async (attempt) => {
      calls.push(clock.now());
      if (attempt < 3) throw transient();
      return 'ok';
    });
    await advanceTime(clock, 1000, 10);
    await expect(result).resolves.toBe('ok');
    expect(calls).toEqual([0, 100, 300]);
  });

  it('gives up after maxAttempts with the last error', async () => {
    const clock = new ManualClock();
    let n = 0;
    const result = retryRead(async () => { n++; throw transient(); }, { clock, maxAttempts: 3, initialDelayMs: 10, jitter: 0 });
    const settled = result.catch((e) => e);
    await advanceTime(clock, 1000, 10);
    expect(await settled).toBeInstanceOf(TemporaryConnectionError);
    expect(n).toBe(3);
  });

  it('does not retry non-retryable errors or unknown order outcomes', async () => {
    for (const error of [new AuthenticationError('bad key'), new UnknownOrderStatusError('?')]) {
      let n = 0;
      await expect(retryRead(async () => { n++; throw error; })).rejects.toBe(error);
      expect(n).toBe(1);
    }
  });

  it('honours Retry-After as a minimum and treats a long one as a ban (no retry)', async () => {
    const clock = new ManualClock();
    const times: number[] = [];
    const p = retryRead(async (a) => { times.push(clock.now()); if (a === 1) throw new RateLimitError('429', 5000); return a; }, { clock, initialDelayMs: 10, jitter: 0 });
    await advanceTime(clock, 6000, 100);
    await expect(p).resolves.toBe(2);
    expect(times).toEqual([0, 5000]);
    let n = 0;
    const ban = new RateLimitError('418', 3_600_000);
    await expect(retryRead(async () => { n++; throw ban; }, { clock })).rejects.toBe(ban);
    expect(n).toBe(1);
  });

  it('refuses to run an order submission at all, whether tagged or marked', async () => {
    const policy = new ReadRetryPolicy();
    let sent = 0;
    const submit = markOrderSubmission(async () => { sent++; return 'ack'; });
    await expect(policy.execute(submit)).rejects.toBeInstanceOf(SubmissionRetryRefusedError);
    await expect(retryRead(submit)).rejects.toBeInstanceOf(SubmissionRetryRefusedError);
    await expect(policy.execute(async () => { sent++; }, { kind: 'submit', name: 'placeOrder' })).rejects.toThrow(/placeOrder/);
    await expect(policy.execute(async () => { sent++; }, { kind: 'cancel' })).rejects.toBeInstanceOf(SubmissionRetryRefusedError);
    await flushMicrotasks();
    expect(sent).toBe(0);
  });
});
