import { Decimal } from '@silvertine/core';
import * as pm from '../protocol/portfolio-messages.encoder';
import { UNITLESS_TAGS } from './account-values';
import type { SessionHost } from './session-host';

type Send = (tokens: readonly string[]) => void;

interface PnlSubscription {
  readonly account: string;
  /** Set for REQ_PNL_SINGLE. */
  readonly conId?: number;
  last?: string;
}

interface MultiSubscription {
  readonly kind: 'positions' | 'account';
  readonly account: string;
  readonly modelCode: string;
  readonly ledgerAndNlv: boolean;
  readonly sent: Map<string, string>;
}

/** Keys REQ_ACCOUNT_UPDATES_MULTI sends when `ledgerAndNLV` asks for the short form. */
const LEDGER_AND_NLV = new Set(['NetLiquidation', 'TotalCashValue', 'CashBalance', 'TotalCashBalance']);

/**
 * A session's PnL (REQ_PNL / REQ_PNL_SINGLE) and account/model (REQ_POSITIONS_MULTI /
 * REQ_ACCOUNT_UPDATES_MULTI) subscriptions. TWS pushes PnL about once a second; the emulator pushes when
 * a fill or a quote changes the numbers instead (and once on subscription), which clients cannot tell
 * apart except by timing. The emulator's trading day is its lifetime, so daily P&L is realized plus
 * unrealized since start (inferred: no previous close is modelled). Models are not modelled: a model
 * code is echoed and the account's whole portfolio is reported under it.
 */
export class PortfolioStreams {
  private readonly pnls = new Map<number, PnlSubscription>();
  private readonly multis = new Map<number, MultiSubscription>();

  constructor(
    private readonly host: SessionHost,
    private readonly send: Send,
    private readonly error: (id: number, code: number, message: string) => void,
  ) {}

  subscribePnl(reqId: number, account: string, conId?: number): void {
    if (!this.host.venue.ledger.has(account)) return this.error(reqId, 321, `Error validating request.-'bN' : cause - Account ${account} is not managed by this login`);
    const sub: PnlSubscription = { account, conId };
    this.pnls.set(reqId, sub);
    this.pushPnl(reqId, sub);
  }

  cancelPnl(reqId: number): void {
    this.pnls.delete(reqId);
  }

  subscribeMulti(kind: MultiSubscription['kind'], reqId: number, account: string, modelCode: string, ledgerAndNlv = false): void {
    const sub: MultiSubscription = { kind, account, modelCode, ledgerAndNlv, sent: new Map() };
    const unknown = this.accountsOf(sub).length === 0;
    if (unknown) return this.error(reqId, 321, `Error validating request.-'bN' : cause - Account ${account} is not managed by this login`);
    this.multis.set(reqId, sub);
    this.pushMulti(reqId, sub, true);
    this.send(kind === 'positions' ? pm.positionMultiEnd(reqId) : pm.accountUpdateMultiEnd(reqId));
  }

  cancelMulti(reqId: number): void {
    this.multis.delete(reqId);
  }

  /** A fill or a quote moved an account: push what changed. */
  accountChanged(account: string): void {
    for (const [reqId, sub] of this.pnls) if (sub.account === account) this.pushPnl(reqId, sub);
    for (const [reqId, sub] of this.multis) if (this.accountsOf(sub).includes(account)) this.pushMulti(reqId, sub, false);
  }

  private pushPnl(reqId: number, sub: PnlSubscription): void {
    const values = this.host.venue.accountValues(sub.account);
    let tokens: string[];
    if (sub.conId === undefined) {
      const unrealized = Decimal.from(values.tags.get('UnrealizedPnL') ?? '0');
      const realized = Decimal.from(values.tags.get('RealizedPnL') ?? '0');
      tokens = pm.pnl(reqId, unrealized.plus(realized), unrealized, realized);
    } else {
      const p = values.positions.find((v) => v.contract.conId === sub.conId);
      const zero = Decimal.ZERO;
      const realized = p?.realizedPnl.round(2) ?? zero;
      tokens = p
        ? pm.pnlSingle(reqId, p.quantity, p.unrealizedPnl.plus(realized), p.unrealizedPnl, realized, p.marketValue)
        : pm.pnlSingle(reqId, zero, zero, zero, zero, zero);
    }
    const key = tokens.join('|');
    if (key === sub.last) return;
    sub.last = key;
    this.send(tokens);
  }

  private accountsOf(sub: MultiSubscription): string[] {
    const all = this.host.venue.ledger.ids();
    return sub.account === '' || sub.account.toUpperCase() === 'ALL' ? all : all.filter((a) => a === sub.account);
  }

  private pushMulti(reqId: number, sub: MultiSubscription, all: boolean): void {
    for (const account of this.accountsOf(sub)) {
      const put = (id: string, value: string, tokens: () => string[]) => {
        if (!all && sub.sent.get(id) === value) return;
        sub.sent.set(id, value);
        this.send(tokens());
      };
      if (sub.kind === 'positions') {
        for (const p of this.host.venue.ledger.allPositions(account)) {
          if (all && p.quantity.isZero()) continue;
          put(`${account}:${p.contract.conId}`, `${p.quantity}:${p.averageCost}`, () => pm.positionMulti(reqId, account, p.contract, p.quantity, p.averageCost, sub.modelCode));
        }
        continue;
      }
      const values = this.host.venue.accountValues(account);
      const entries: [string, string, string][] = [...values.tags].map(([tag, value]) => [tag, value, UNITLESS_TAGS.has(tag) ? '' : values.baseCurrency]);
      for (const [ccy, amount] of this.host.venue.ledger.cash(account)) entries.push(['CashBalance', amount.toFixed(2), ccy], ['TotalCashBalance', amount.toFixed(2), ccy]);
      for (const [key, value, ccy] of entries) {
        if (sub.ledgerAndNlv && !LEDGER_AND_NLV.has(key)) continue;
        put(`${account}:${key}:${ccy}`, value, () => pm.accountUpdateMulti(reqId, account, sub.modelCode, key, value, ccy));
      }
    }
  }
}
