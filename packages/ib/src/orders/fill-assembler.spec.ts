import { ManualClock } from '@silvertine/core';
import { FillAssembler, type PendingExecution } from './fill-assembler';

const exec = (execId: string): PendingExecution => ({ clientOrderId: 'c', contract: {}, execution: { execId } });

describe('FillAssembler', () => {
  it('joins execution and commission in either order, once per execId', () => {
    const out: Array<[string, number | undefined]> = [];
    const a = new FillAssembler(new ManualClock(0), 1000, (p, c) => out.push([p.execution.execId!, c?.commission]));
    a.addExecution(exec('e1'));
    a.addCommission({ execId: 'e1', commission: 1 });
    a.addCommission({ execId: 'e2', commission: 2 });
    a.addExecution(exec('e2'));
    a.addExecution(exec('e1')); // replay
    a.addCommission({ execId: 'e1', commission: 1 });
    expect(out).toEqual([['e1', 1], ['e2', 2]]);
  });

  it('releases an execution without commission after the wait, so no fill is lost', async () => {
    const clock = new ManualClock(0);
    const out: Array<number | undefined> = [];
    const a = new FillAssembler(clock, 500, (_p, c) => out.push(c?.commission));
    a.addExecution(exec('e1'));
    const idle = a.whenIdle();
    clock.advance(499);
    expect(out).toEqual([]);
    clock.advance(1);
    await idle;
    expect(out).toEqual([undefined]);
  });
});
