import { ManualClock, dec } from '@silvertine/core';
import { decodeExecution } from '../decoding/execution.decoder';
import { FillAssembler, type PendingExecution } from './fill-assembler';

const AAPL = { symbol: 'AAPL', assetClass: 'STK', quoteAsset: 'USD', tickSize: dec('0.01'), stepSize: dec(1), multiplier: dec(1) } as const;
const exec = (execId: string): PendingExecution => ({ clientOrderId: 'c', instrument: AAPL, execution: decodeExecution({}, { execId, side: 'BOT', shares: 1, price: 150 }) });

describe('FillAssembler', () => {
  it('joins execution and commission in either order, once per execId', () => {
    const out: Array<[string, string | undefined]> = [];
    const a = new FillAssembler(new ManualClock(0), 1000, (p, c) => out.push([p.execution.execId, c?.commission?.toString()]));
    a.addExecution(exec('e1'));
    a.addCommission({ execId: 'e1', commission: dec(1) });
    a.addCommission({ execId: 'e2', commission: dec(2) });
    a.addExecution(exec('e2'));
    a.addExecution(exec('e1')); // replay
    a.addCommission({ execId: 'e1', commission: dec(1) });
    expect(out).toEqual([['e1', '1'], ['e2', '2']]);
  });

  it('releases an execution without commission after the wait, so no fill is lost', async () => {
    const clock = new ManualClock(0);
    const out: Array<string | undefined> = [];
    const a = new FillAssembler(clock, 500, (_p, c) => out.push(c?.commission?.toString()));
    a.addExecution(exec('e1'));
    const idle = a.whenIdle();
    clock.advance(499);
    expect(out).toEqual([]);
    clock.advance(1);
    await idle;
    expect(out).toEqual([undefined]);
  });

  it('releases the executions of one order in arrival order, whatever order their reports come in', () => {
    const clock = new ManualClock(0);
    const out: string[] = [];
    const a = new FillAssembler(clock, 1000, (p) => out.push(p.execution.execId));
    a.addExecution(exec('e1'));
    a.addExecution(exec('e2'));
    a.addCommission({ execId: 'e2', commission: dec(1) });
    expect(out).toEqual([]); // e2 waits for e1, whose report is late
    clock.advance(1000);
    expect(out).toEqual(['e1', 'e2']);
    expect(a.pendingCount).toBe(0);
  });
});

