import { openOrder } from '../protocol/open-order.encoder';
import * as msg from '../protocol/server-messages.encoder';
import { UNITLESS_TAGS, type AccountValues } from './account-values';
import { isDone, openOrderFields, statusFields } from './order-record';
import type { SessionHost } from './session-host';

/**
 * A session's account-side subscriptions: positions (REQ_POSITIONS), account updates
 * (REQ_ACCOUNT_DATA) and summaries (REQ_ACCOUNT_SUMMARY). Updates after the first download carry only
 * what changed, as TWS's do, so a quote moving does not resend every value.
 */
export class AccountStreams {
  private positions = false;
  private readonly sentPositions = new Map<string, string>();
  private updatesAccount?: string;
  private readonly sentValues = new Map<string, string>();
  private readonly summaries = new Map<number, readonly string[]>();

  constructor(
    private readonly host: SessionHost,
    private readonly send: (tokens: readonly string[]) => void,
  ) {}

  /** REQ_OPEN_ORDERS (one client) or REQ_ALL_OPEN_ORDERS (undefined): OPEN_ORDER + ORDER_STATUS each, then the end. */
  openOrders(clientId: number | undefined): void {
    for (const o of this.host.venue.listOrders(clientId)) {
      if (isDone(o)) continue;
      this.send(openOrder(openOrderFields(o)));
      this.send(msg.orderStatus(statusFields(o)));
    }
    this.send(msg.openOrderEnd());
  }

  subscribePositions(): void {
    this.positions = true;
    this.sentPositions.clear();
    for (const account of this.host.accounts) this.sendPositions(account, true);
    this.send(msg.positionEnd());
  }

  unsubscribePositions(): void {
    this.positions = false;
  }

  subscribeSummary(reqId: number, tags: readonly string[]): void {
    this.summaries.set(reqId, tags);
    for (const account of this.host.accounts) {
      const values = this.host.venue.accountValues(account);
      for (const tag of tags) {
        if (tag.startsWith('$LEDGER')) {
          this.sendLedger(reqId, account, tag);
          continue;
        }
        const value = values.tags.get(tag);
        if (value !== undefined) this.send(msg.accountSummary(reqId, account, tag, value, UNITLESS_TAGS.has(tag) ? '' : values.baseCurrency));
      }
    }
    this.send(msg.accountSummaryEnd(reqId));
  }

  unsubscribeSummary(reqId: number): void {
    this.summaries.delete(reqId);
  }

  subscribeAccount(account: string): void {
    this.updatesAccount = account;
    this.sentValues.clear();
    this.sendAccount(account, true);
    this.send(msg.accountDownloadEnd(account));
  }

  unsubscribeAccount(): void {
    this.updatesAccount = undefined;
  }

  /** Something in the account moved (a fill, a quote): push what changed to live subscriptions. */
  accountChanged(account: string): void {
    if (this.positions) this.sendPositions(account, false);
    if (this.updatesAccount === account) this.sendAccount(account, false);
  }

  private sendPositions(account: string, all: boolean): void {
    for (const p of this.host.venue.ledger.allPositions(account)) {
      const key = `${account}:${p.contract.conId}`;
      const value = `${p.quantity}:${p.averageCost}`;
      if (!all && this.sentPositions.get(key) === value) continue;
      if (all && p.quantity.isZero()) continue;
      this.sentPositions.set(key, value);
      this.send(msg.position(account, p.contract, p.quantity, p.averageCost));
    }
  }

  private sendAccount(account: string, all: boolean): void {
    const values = this.host.venue.accountValues(account);
    const out: string[][] = [];
    const put = (key: string, value: string, currency: string) => {
      const id = `${key}:${currency}`;
      if (!all && this.sentValues.get(id) === value) return;
      this.sentValues.set(id, value);
      out.push(msg.accountValue(key, value, currency, account));
    };
    put('AccountCode', account, '');
    put('Currency', values.baseCurrency, values.baseCurrency);
    for (const [tag, value] of values.tags) put(tag, value, UNITLESS_TAGS.has(tag) ? '' : values.baseCurrency);
    for (const [ccy, amount] of this.host.venue.ledger.cash(account)) {
      put('CashBalance', amount.toFixed(2), ccy);
      put('TotalCashBalance', amount.toFixed(2), ccy);
    }
    put('CashBalance', values.tags.get('TotalCashValue') ?? '0.00', 'BASE');
    for (const p of this.portfolio(values)) {
      const id = `portfolio:${p[2]}`;
      const value = p.slice(13).join('|');
      if (!all && this.sentValues.get(id) === value) continue;
      this.sentValues.set(id, value);
      out.push(p);
    }
    if (out.length === 0) return;
    for (const tokens of out) this.send(tokens);
    const now = new Date(this.host.now()).toISOString();
    this.send(msg.accountUpdateTime(now.slice(11, 16)));
  }

  private portfolio(values: AccountValues): string[][] {
    return values.positions.map((p) =>
      msg.portfolioValue({
        contract: p.contract, position: p.quantity, marketPrice: p.marketPrice, marketValue: p.marketValue,
        averageCost: p.averageCost, unrealizedPnl: p.unrealizedPnl, realizedPnl: p.realizedPnl, account: this.updatesAccount ?? '',
      }),
    );
  }

  private sendLedger(reqId: number, account: string, tag: string): void {
    const wanted = tag.includes(':') ? tag.slice(tag.indexOf(':') + 1) : 'BASE';
    const cash = this.host.venue.ledger.cash(account);
    const values = this.host.venue.accountValues(account);
    if (wanted === 'BASE' || wanted === 'ALL') {
      this.send(msg.accountSummary(reqId, account, 'TotalCashBalance', values.tags.get('TotalCashValue') ?? '0.00', 'BASE'));
      this.send(msg.accountSummary(reqId, account, 'NetLiquidationByCurrency', values.tags.get('NetLiquidation') ?? '0.00', 'BASE'));
    }
    for (const [ccy, amount] of cash) {
      if (wanted !== 'ALL' && wanted !== ccy) continue;
      this.send(msg.accountSummary(reqId, account, 'CashBalance', amount.toFixed(2), ccy));
      this.send(msg.accountSummary(reqId, account, 'TotalCashBalance', amount.toFixed(2), ccy));
    }
  }
}
