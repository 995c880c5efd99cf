/**
 * Request weight of each endpoint, from the Spot API documentation. Some depend on parameters (a
 * symbol or not, depth limit); `weightOf` applies those rules.
 */
const FIXED: Readonly<Record<string, number>> = {
  'GET /api/v3/ping': 1,
  'GET /api/v3/time': 1,
  'GET /api/v3/exchangeInfo': 20,
  'GET /api/v3/avgPrice': 2,
  'POST /api/v3/order': 1,
  'POST /api/v3/order/test': 1,
  'DELETE /api/v3/order': 1,
  'GET /api/v3/order': 4,
  'DELETE /api/v3/openOrders': 1,
  'GET /api/v3/allOrders': 20,
  'GET /api/v3/account': 20,
  'GET /api/v3/account/commission': 20,
  'GET /api/v3/myTrades': 20,
  'POST /api/v3/orderList/oco': 1,
  'GET /api/v3/rateLimit/order': 40,
  'GET /api/v3/trades': 25,
  'GET /api/v3/aggTrades': 4,
  'GET /api/v3/klines': 2,
};

/** Weight of `METHOD /path` given whether a symbol was sent and the depth `limit`. */
export function weightOf(route: string, hasSymbol: boolean, depthLimit?: number): number {
  switch (route) {
    case 'GET /api/v3/depth': {
      const limit = depthLimit ?? 100;
      return limit <= 100 ? 5 : limit <= 500 ? 25 : limit <= 1000 ? 50 : 250;
    }
    case 'GET /api/v3/ticker/price':
    case 'GET /api/v3/ticker/bookTicker':
      return hasSymbol ? 2 : 4;
    case 'GET /api/v3/ticker/24hr':
      return hasSymbol ? 2 : 80;
    case 'GET /api/v3/ticker':
      // Rolling window: 4 per symbol, capped at 200 (rest-api.md "Rolling window price change statistics").
      return hasSymbol ? 4 : 200;
    case 'GET /api/v3/openOrders':
      return hasSymbol ? 6 : 80;
    default:
      return FIXED[route] ?? 1;
  }
}

/** Routes that count against the ORDERS limits. */
export function isOrderRoute(route: string): boolean {
  return route === 'POST /api/v3/order' || route === 'POST /api/v3/orderList/oco';
}
