import { dec } from '@silvertine/core';
// eslint-disable-next-line @nx/enforce-module-boundaries -- test-only: the emulator's encoders build server messages
import { DEFAULT_CONTRACTS, contractData, executionData, type ExecutionFields } from '@silvertine/tws-emulator';
import { EventName } from '@stoqey/ib';
import wire from './fixtures/wire-protocol.json';
import {
  decodeAccountSummary,
  decodeCommissionReport,
  decodeContractDetails,
  decodeErrorEvent,
  decodeExecution,
  decodeOrderStatus,
  decodePosition,
  instrumentFromDetails,
  isLateRejection,
} from '../src/testing';
import { argsOf, decodeWire } from './support/wire-decode';

const recorded = wire.example_server_messages as unknown as Record<string, string[]>;
/** A recorded message with token `index` replaced: what a broken or hostile TWS would send instead. */
const altered = (tokens: readonly string[], index: number, value: string) => tokens.map((t, i) => (i === index ? value : t));

const AAPL = DEFAULT_CONTRACTS.find((c) => c.symbol === 'AAPL' && c.secType === 'STK')!;
const ES = DEFAULT_CONTRACTS.find((c) => c.secType === 'FUT')!;
const execution: ExecutionFields = {
  orderId: 7, contract: AAPL, execId: '0000e0d5.67890abc.01.01', time: '20260101 12:00:00 UTC', account: 'DU1234567', exchange: 'NASDAQ',
  side: 'BOT', shares: dec(10), price: dec('150.25'), permId: 99, clientId: 3, cumQty: dec(10), avgPrice: dec('150.25'), orderRef: 'c-1', lastLiquidity: 2,
};
/** Token positions in EXECUTION_DATA at server version 193 (see the emulator's encoder). */
const EXEC = { side: 18, shares: 19, price: 20 } as const;

/**
 * Recorded TWS messages (wire-protocol.json) and emulator-built ones, through @stoqey/ib's real decoder
 * and then the adapter's: the golden values, and the same messages with one field broken.
 */
describe('TWS messages through @stoqey/ib, then the adapter decoders', () => {
  it('orderStatus (recorded): id, status and client id; an unknown status or an id that is not a number is refused', () => {
    const read = (tokens: string[]) => {
      const args = argsOf(decodeWire(tokens), EventName.orderStatus);
      return decodeOrderStatus(args[0], args[1], args[8]);
    };
    expect(read(recorded.orderStatusSubmitted!)).toEqual({ orderId: 1, status: 'Submitted', clientId: 0 });
    expect(read(recorded.orderStatusFilled!).status).toBe('Filled');
    expect(() => read(altered(recorded.orderStatusSubmitted!, 2, 'Bogus'))).toThrow(/orderStatus.status/);
    expect(() => read(altered(recorded.orderStatusSubmitted!, 1, 'x1'))).toThrow(/orderStatus.orderId/);
  });

  it('errors (recorded): 201 for order 1, a late rejection by the error table', () => {
    const [error, code, reqId] = argsOf(decodeWire(recorded.orderRejected!), EventName.error);
    const message = decodeErrorEvent(error, code, reqId);
    expect(message).toMatchObject({ id: 1, code: 201 });
    expect(message.message).toMatch(/YOUR ORDER IS NOT ACCEPTED/);
    expect(isLateRejection(message.code)).toBe(true);
  });

  it('commissionReport (recorded): IB unset realized P&L, commission 1 USD; a commission of "abc" is refused', () => {
    const read = (tokens: string[]) => decodeCommissionReport(argsOf(decodeWire(tokens), EventName.commissionReport)[0]);
    const report = read(recorded.commissionReport!);
    expect([report.execId, report.commission!.toString(), report.currency]).toEqual(['0000e0d5.67890abc.01.01', '1', 'USD']);
    expect(() => read(altered(recorded.commissionReport!, 3, 'abc'))).toThrow(/commission/);
  });

  it('position (recorded): 100 AAPL at 150.25; a quantity of "abc" is refused', () => {
    const read = (tokens: string[]) => {
      const [account, contract, pos, avgCost] = argsOf(decodeWire(tokens), EventName.position);
      return decodePosition({ account, contract, pos, avgCost });
    };
    const position = read(recorded.position!);
    expect([position.account, position.contract.symbol, position.quantity.toString(), position.avgCost!.toString()]).toEqual(['DU1234567', 'AAPL', '100', '150.25']);
    expect(() => read(altered(recorded.position!, 14, 'abc'))).toThrow(/position.pos/);
  });

  it('accountSummary (recorded): NetLiquidation 25000 USD; a value of "1e400" or "abc" is refused', () => {
    const read = (tokens: string[]) => {
      const [, , tag, value, currency] = argsOf(decodeWire(tokens), EventName.accountSummary) as [number, string, string, string, string];
      return decodeAccountSummary(new Map([[tag, new Map([[currency, { value, ingressTm: 0 }]])]]));
    };
    expect(read(recorded.accountSummary!).values.get('NetLiquidation')!.get('USD')!.toString()).toBe('25000');
    expect(() => read(altered(recorded.accountSummary!, 5, '1e400'))).toThrow(/NetLiquidation/);
    expect(() => read(altered(recorded.accountSummary!, 5, 'abc'))).toThrow(/NetLiquidation/);
  });

  describe('execDetails (emulator-built)', () => {
    const read = (tokens: string[]) => {
      const [, contract, exec] = argsOf(decodeWire(tokens), EventName.execDetails);
      return decodeExecution(contract, exec);
    };
    const tokens = executionData(-1, execution);

    it('decodes every field the adapter reads', () => {
      expect(tokens[EXEC.side]).toBe('BOT');
      const e = read(tokens);
      expect([e.execId, e.orderId, e.clientId, e.orderRef, e.account, e.side, e.shares.toString(), e.price.toString(), e.cumQty!.toString(), e.liquidity, e.contract.conId])
        .toEqual(['0000e0d5.67890abc.01.01', 7, 3, 'c-1', 'DU1234567', 'BUY', '10', '150.25', '10', 'TAKER', AAPL.conId]);
      expect(read(altered(tokens, EXEC.side, 'SLD')).side).toBe('SELL');
    });

    it.each([
      ['a side of "XYZ"', EXEC.side, 'XYZ', /execution.side/],
      ['a price of "abc"', EXEC.price, 'abc', /execution.price/],
      ['a price of "1e400"', EXEC.price, '1e400', /execution.price/],
      ['an empty price', EXEC.price, '', /execution.price/],
      ['an empty size', EXEC.shares, '', /execution.shares/],
      ['a size of "NaN"', EXEC.shares, 'NaN', /execution.shares/],
    ])('refuses %s', (_what, index, value, field) => {
      expect(() => read(altered(tokens, index, value))).toThrow(field);
    });
  });

  it('contractDetails (emulator-built): an instrument with IB\'s tick, lot and multiplier', () => {
    const read = (tokens: string[]) => decodeContractDetails(argsOf(decodeWire(tokens), EventName.contractDetails)[1]);
    const aapl = instrumentFromDetails('AAPL', read(contractData(5, AAPL)), 'SMART')!;
    expect([aapl.assetClass, aapl.tickSize.toString(), aapl.stepSize.toString(), aapl.multiplier.toString(), aapl.exchange]).toEqual(['STK', '0.01', '1', '1', 'SMART']);
    const es = instrumentFromDetails('ESZ6', read(contractData(6, ES)))!;
    expect([es.symbol, es.assetClass, es.tickSize.toString(), es.multiplier.toString(), es.expiry, es.exchange]).toEqual(['ESZ6', 'FUT', '0.25', '50', '20261218', 'CME']);
    const minTickAt = contractData(5, AAPL).indexOf('0.01');
    expect(() => read(altered(contractData(5, AAPL), minTickAt, 'abc'))).toThrow(/minTick/);
  });
});
