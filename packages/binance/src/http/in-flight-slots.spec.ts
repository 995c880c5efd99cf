import { InFlightSlots } from './in-flight-slots';

describe('InFlightSlots', () => {
  it('admits up to capacity, queues the rest in order and hands freed slots over', async () => {
    const slots = new InFlightSlots(2);
    const admitted: number[] = [];
    const take = (n: number) => slots.acquire().then(() => admitted.push(n));
    const all = [take(1), take(2), take(3), take(4)];
    await Promise.resolve();
    await Promise.resolve();
    expect(admitted).toEqual([1, 2]);
    expect(slots.queued).toBe(2);
    slots.release();
    await Promise.resolve();
    expect(admitted).toEqual([1, 2, 3]);
    slots.release();
    slots.release();
    slots.release();
    await Promise.all(all);
    expect(admitted).toEqual([1, 2, 3, 4]);
    expect(slots.inUse).toBe(0);
  });

  it('hands out free slots synchronously and refuses when full, without jumping the queue', async () => {
    const slots = new InFlightSlots(1);
    expect(slots.tryAcquire()).toBe(true);
    expect(slots.tryAcquire()).toBe(false);
    let waiterIn = false;
    void slots.acquire().then(() => (waiterIn = true));
    slots.release(); // passes to the waiter, not back to the pool
    expect(slots.tryAcquire()).toBe(false);
    await Promise.resolve();
    expect(waiterIn).toBe(true);
    slots.release();
    expect(slots.tryAcquire()).toBe(true);
  });

  it('refuses a capacity below one', () => {
    expect(() => new InFlightSlots(0)).toThrow(RangeError);
  });
});
