import { hmacSha256Hex } from '@silvertine/binance-emulator';

/** An order as GET /api/v3/allOrders, /openOrders and /order return it (the fields the oracle reads). */
export interface RawVenueOrder {
  readonly symbol: string;
  readonly orderId: number;
  readonly clientOrderId: string;
  readonly price: string;
  readonly origQty: string;
  readonly executedQty: string;
  readonly cummulativeQuoteQty: string;
  readonly status: string;
  readonly type: string;
  readonly side: 'BUY' | 'SELL';
  readonly timeInForce: string;
  readonly time: number;
}

/** A row of GET /api/v3/myTrades. */
export interface RawVenueTrade {
  readonly symbol: string;
  readonly id: number;
  readonly orderId: number;
  readonly price: string;
  readonly qty: string;
  readonly commission: string;
  readonly commissionAsset: string;
  readonly time: number;
  readonly isBuyer: boolean;
  readonly isMaker: boolean;
}

/** Thrown with Binance's error code when a read fails. */
export class VenueReadError extends Error {
  constructor(readonly status: number, readonly code: number | undefined, message: string) {
    super(message);
  }
}

/**
 * Signed reads against the Binance emulator, independent of the adapter under test, so the oracle never
 * sees the venue through the code it judges. The signature is computed here and never logged.
 */
export class BinanceSignedReads {
  constructor(private readonly baseUrl: string, private readonly apiKey: string, private readonly apiSecret: string) {}

  allOrders(symbol: string): Promise<RawVenueOrder[]> {
    return this.get<RawVenueOrder[]>('/api/v3/allOrders', { symbol, limit: '1000' });
  }

  openOrders(symbol: string): Promise<RawVenueOrder[]> {
    return this.get<RawVenueOrder[]>('/api/v3/openOrders', { symbol });
  }

  myTrades(symbol: string): Promise<RawVenueTrade[]> {
    return this.get<RawVenueTrade[]>('/api/v3/myTrades', { symbol, limit: '1000' });
  }

  /** One order by clientOrderId; undefined on -2013 (never received). */
  async order(symbol: string, clientOrderId: string): Promise<RawVenueOrder | undefined> {
    try {
      return await this.get<RawVenueOrder>('/api/v3/order', { symbol, origClientOrderId: clientOrderId });
    } catch (error) {
      if (error instanceof VenueReadError && error.code === -2013) return undefined;
      throw error;
    }
  }

  private async serverTime(): Promise<number> {
    const res = await fetch(`${this.baseUrl}/api/v3/time`);
    return ((await res.json()) as { serverTime: number }).serverTime;
  }

  private async get<T>(path: string, params: Record<string, string>): Promise<T> {
    // The venue's own time, so a skewed emulator clock (the -1021 scenario) does not break the oracle.
    const query = new URLSearchParams({ ...params, timestamp: String(await this.serverTime()), recvWindow: '60000' }).toString();
    const signed = `${query}&signature=${hmacSha256Hex(this.apiSecret, query)}`;
    const res = await fetch(`${this.baseUrl}${path}?${signed}`, { headers: { 'X-MBX-APIKEY': this.apiKey } });
    const body = (await res.json()) as T & { code?: number; msg?: string };
    if (!res.ok) throw new VenueReadError(res.status, body.code, `${path}: HTTP ${res.status} ${body.code ?? ''} ${body.msg ?? ''}`);
    return body;
  }
}
