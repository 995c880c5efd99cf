import { dec, InvalidOrderError, type Instrument, type OrderRequest } from '@silvertine/core';
import { checkBracket, exitQuantity, toBracketExit } from './bracket-mapping';

const btc: Instrument = {
  symbol: 'BTCUSDT', venueSymbol: 'BTCUSDT', assetClass: 'CRYPTO', baseAsset: 'BTC', quoteAsset: 'USDT',
  tickSize: dec('0.01'), stepSize: dec('0.00001'), multiplier: dec(1),
};
const entry = (over: Partial<OrderRequest>): OrderRequest => ({
  clientOrderId: 'p1', instrument: btc, side: 'BUY', type: 'MARKET', quantity: dec('0.01'), timeInForce: 'GTC',
  bracket: { takeProfit: { limitPrice: dec('52000') }, stopLoss: { stopPrice: dec('48000'), limitPrice: dec('47900') } }, ...over,
});

describe('bracket → Binance exits', () => {
  it('maps a long entry to a SELL OCO: take profit above as LIMIT_MAKER, stop below as STOP_LOSS_LIMIT', () => {
    const exit = toBracketExit(entry({}), dec('0.00999'))!;
    expect(exit.kind).toBe('oco');
    expect(exit.params).toEqual({
      symbol: 'BTCUSDT', side: 'SELL', quantity: '0.00999', newOrderRespType: 'RESULT', listClientOrderId: 'p1.oco',
      aboveType: 'LIMIT_MAKER', aboveClientOrderId: 'p1.tp', abovePrice: '52000',
      belowType: 'STOP_LOSS_LIMIT', belowClientOrderId: 'p1.sl', belowPrice: '47900', belowStopPrice: '48000', belowTimeInForce: 'GTC',
    });
    expect(exit.children.map((c) => `${c.clientOrderId}:${c.type}:${c.side}`)).toEqual(['p1.tp:LIMIT:SELL', 'p1.sl:STOP_LIMIT:SELL']);
  });

  it('maps a short entry to a BUY OCO: stop above, take profit below', () => {
    const exit = toBracketExit(entry({ side: 'SELL', bracket: { takeProfit: { limitPrice: dec('48000') }, stopLoss: { stopPrice: dec('52000') } } }), dec('0.01'))!;
    expect(exit.params).toMatchObject({ side: 'BUY', aboveType: 'STOP_LOSS', aboveStopPrice: '52000', aboveClientOrderId: 'p1.sl', belowType: 'LIMIT_MAKER', belowPrice: '48000', belowClientOrderId: 'p1.tp' });
    expect(exit.params).not.toHaveProperty('aboveTimeInForce');
  });

  it('sends one order when only one exit is asked', () => {
    const exit = toBracketExit(entry({ bracket: { takeProfit: { limitPrice: dec('52000') } } }), dec('0.01'))!;
    expect(exit.kind).toBe('single');
    expect(exit.params).toMatchObject({ type: 'LIMIT', price: '52000', timeInForce: 'GTC', newClientOrderId: 'p1.tp', side: 'SELL' });
  });

  it('sizes exits to what is held: filled less base commission on a buy, rounded down to the step', () => {
    expect(exitQuantity(dec('0.01'), dec('0.00001'), 'BUY', btc.stepSize).toString()).toBe('0.00999');
    expect(exitQuantity(dec('0.01'), dec('0.000015'), 'BUY', btc.stepSize).toString()).toBe('0.00998');
    expect(exitQuantity(dec('0.01'), dec('0'), 'SELL', btc.stepSize).toString()).toBe('0.01');
  });

  it('refuses exits on the wrong side of each other, and ids with no room for the suffix', () => {
    expect(() => checkBracket(entry({ bracket: { takeProfit: { limitPrice: dec('47000') }, stopLoss: { stopPrice: dec('48000') } } }))).toThrow(InvalidOrderError);
    expect(() => checkBracket(entry({ clientOrderId: 'x'.repeat(34) }))).toThrow(/36 characters/);
    expect(() => checkBracket(entry({}))).not.toThrow();
  });
});
