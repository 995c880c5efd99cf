import { IBApiNext, OrderAction, OrderType, SecType, type Contract, type IBApiNextError } from '@stoqey/ib';
import { firstValueFrom, filter, type Subscription } from 'rxjs';
import { startTwsEmulator, type TwsEmulator } from '../src';
import { isDecodeError, SAFETY_NET_MS, waitFor } from './support/wait';

const silent = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

describe('plain @stoqey/ib IBApiNext on the emulator', () => {
  let emulator: TwsEmulator;
  let ib: IBApiNext;
  let errorSub: Subscription;
  const errors: IBApiNextError[] = [];

  beforeEach(async () => {
    errors.length = 0;
    emulator = await startTwsEmulator({ accounts: ['DU1234567', 'DU7654321'] });
    emulator.setQuote('EUR.USD', { bid: '1.08500', ask: '1.08505', bidSize: 10_000_000, askSize: 10_000_000 });
    emulator.setQuote('ES', { bid: '5000.00', ask: '5000.25' });
    ib = new IBApiNext({ host: '127.0.0.1', port: emulator.port, logger: silent });
    errorSub = ib.error.subscribe((e) => errors.push(e));
    ib.connect(11);
    await waitFor(() => ib.isConnected, SAFETY_NET_MS, 'connected');
  });

  afterEach(async () => {
    errorSub.unsubscribe();
    ib.disconnect();
    await emulator.close();
  });

  it('places a forex bracket and a future, then reads positions, executions and the account summary', async () => {
    const accounts = await ib.getManagedAccounts();
    expect(accounts).toEqual(['DU1234567', 'DU7654321']);

    const eurusd: Contract = { symbol: 'EUR', secType: SecType.CASH, currency: 'USD', exchange: 'IDEALPRO' };
    const parentId = await ib.getNextValidOrderId();
    ib.placeOrder(parentId, eurusd, { action: OrderAction.BUY, orderType: OrderType.MKT, totalQuantity: 20000, transmit: false, account: 'DU1234567' });
    ib.placeOrder(parentId + 1, eurusd, { parentId, action: OrderAction.SELL, orderType: OrderType.LMT, lmtPrice: 1.1, totalQuantity: 20000, transmit: false, account: 'DU1234567' });
    ib.placeOrder(parentId + 2, eurusd, { parentId, action: OrderAction.SELL, orderType: OrderType.TRAIL, trailingPercent: 1, totalQuantity: 20000, transmit: true, account: 'DU1234567' });
    ib.placeOrder(parentId + 3, { symbol: 'ES', secType: SecType.FUT, lastTradeDateOrContractMonth: '20261218', exchange: 'CME', currency: 'USD' }, {
      action: OrderAction.SELL, orderType: OrderType.MKT, totalQuantity: 2, account: 'DU7654321',
    });

    const positions = await firstValueFrom(ib.getPositions().pipe(filter((u) => (u.all.get('DU1234567')?.length ?? 0) > 0 && (u.all.get('DU7654321')?.length ?? 0) > 0)));
    expect(positions.all.get('DU1234567')?.map((p) => [p.contract.symbol, p.pos])).toEqual([['EUR', 20000]]);
    expect(positions.all.get('DU7654321')?.map((p) => [p.contract.localSymbol, p.pos])).toEqual([['ESZ6', -2]]);

    const execs = await ib.getExecutionDetails({});
    expect(execs.map((e) => [e.execution.orderId, e.execution.side, e.execution.shares])).toEqual([
      [parentId, 'BOT', 20000],
      [parentId + 3, 'SLD', 2],
    ]);
    const commissions = await ib.getCommissionReport({});
    expect(commissions.map((c) => [c.commission, c.currency])).toEqual([[2, 'USD'], [1.7, 'USD']]);

    const open = await ib.getAllOpenOrders();
    expect(open.map((o) => [o.orderId, o.order.orderType, o.orderState.status]).sort()).toEqual([
      [parentId + 1, 'LMT', 'Submitted'],
      [parentId + 2, 'TRAIL', 'Submitted'],
    ]);

    const summary = await firstValueFrom(ib.getAccountSummary('All', 'NetLiquidation,TotalCashValue'));
    expect(summary.all.get('DU1234567')?.get('TotalCashValue')?.get('USD')?.value).toBe('999998.00');
    // USD 1,000,000 − 20,000 × 1.08505 − 2.00 commission, plus EUR 20,000 at the mark (mid 1.085025 on the
    // 0.00005 tick: 1.08505)
    expect(summary.all.get('DU7654321')?.get('NetLiquidation')?.get('USD')?.value).toBeDefined();

    expect(errors.filter((e) => isDecodeError(e.message, e.code))).toEqual([]);
    expect(errors).toEqual([]);
  });
});
