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

  it('refuses a capacity below one', () => {
    expect(() => new InFlightSlots(0)).toThrow(RangeError);
  });
});
