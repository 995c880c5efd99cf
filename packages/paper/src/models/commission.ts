import { Decimal, type Instrument, type Liquidity } from '@silvertine/core';
import { timesMultiplier } from './decimal-math';

/** One tier of a TIERED schedule: applies once the month's volume reaches `fromVolume`. */
export interface CommissionTier {
  readonly fromVolume: Decimal;
  /** Percentage-of-notional rates, in basis points. */
  readonly makerBps?: Decimal;
  readonly takerBps?: Decimal;
  /** Per-unit rate (per share/contract), used instead of bps when given. */
  readonly perUnit?: Decimal;
}

/**
 * Commission schedules. `asset` overrides the commission asset (default: the instrument's quote asset);
 * `precision` rounds every charge half-up to that step (e.g. 0.01 for cents), as venues do.
 *
 * - PERCENTAGE: maker/taker basis points of notional (default Binance spot: 10 / 10 bps = 0.1 %).
 * - PER_UNIT: per share/contract with a minimum and a maximum percentage of trade value per order
 *   (default IB fixed: 0.005 a share, minimum 1, maximum 1 %).
 * - PER_ORDER: a flat amount per order, charged on its first fill.
 * - TIERED: rates chosen by this calendar month's (UTC) traded volume, measured in notional or quantity.
 * - NONE: free.
 */
export type CommissionModelConfig =
  | { readonly model: 'NONE' }
  | {
      readonly model: 'PERCENTAGE';
      readonly makerBps?: Decimal;
      readonly takerBps?: Decimal;
      readonly asset?: string;
      readonly precision?: Decimal;
      /**
       * Which asset pays: QUOTE (default) always the quote asset; RECEIVED the asset the fill delivers —
       * the base on a buy, the quote on a sell — as Binance spot charges (instruments without a base
       * asset pay in the quote). `asset`, when set, wins over both.
       */
      readonly feeAsset?: 'QUOTE' | 'RECEIVED';
      /** Pay fees in BNB at a discount (Binance's "use BNB to pay for fees"). */
      readonly bnb?: BnbFeeOption;
    }
  | {
      readonly model: 'PER_UNIT';
      readonly perUnit?: Decimal;
      readonly minimum?: Decimal;
      /** Cap as a percentage of the order's traded value (1 = 1 %). */
      readonly maximumPercent?: Decimal;
      readonly asset?: string;
      readonly precision?: Decimal;
    }
  | { readonly model: 'PER_ORDER'; readonly amount: Decimal; readonly asset?: string }
  | {
      readonly model: 'TIERED';
      /** What "monthly volume" counts: traded notional (crypto VIP tiers) or units (IB tiered). */
      readonly basis: 'NOTIONAL' | 'QUANTITY';
      readonly tiers: readonly CommissionTier[];
      readonly minimum?: Decimal;
      readonly maximumPercent?: Decimal;
      readonly asset?: string;
      readonly precision?: Decimal;
    };

/**
 * Binance's "use BNB to pay for fees": the fee is converted into BNB at `prices[quoteAsset]` (BNB's price
 * in the fill's quote asset) and discounted by `discountPercent` (default 25, the spot discount in the
 * FAQ below). A fill whose quote asset has no BNB price here pays in the received asset, as Binance does
 * when BNB cannot pay (the fallback rule is Binance's; a missing price standing for it is this model's).
 */
export interface BnbFeeOption {
  readonly prices: Readonly<Record<string, Decimal>>;
  readonly discountPercent?: Decimal;
}

/**
 * Binance spot's default 0.1 % maker and taker, charged in the asset received: "Trading fees are always
 * charged in the asset you receive. For example, if you buy ETH/USDT, the fee is paid in ETH. If you
 * sell ETH/USDT, the fee is paid in USDT." (binance.com FAQ "What is Binance Spot Trading Fee and How to
 * Calculate", /en/support/faq/e85d6e703b874674840122196b89780a; the documented SELL example of
 * POST /api/v3/order in /work/shared/fixtures/binance/order-full-response.json pays USDT).
 */
export const BINANCE_SPOT_COMMISSION: CommissionModelConfig = {
  model: 'PERCENTAGE',
  makerBps: Decimal.from(10),
  takerBps: Decimal.from(10),
  feeAsset: 'RECEIVED',
};

/** IB's fixed pricing for US stocks: $0.005 a share, minimum $1, maximum 1 % of trade value. */
export const IB_FIXED_COMMISSION: CommissionModelConfig = {
  model: 'PER_UNIT',
  perUnit: Decimal.from('0.005'),
  minimum: Decimal.ONE,
  maximumPercent: Decimal.ONE,
  precision: Decimal.from('0.01'),
};

/** Everything a schedule needs to price one fill. "Before" values exclude this fill. */
export interface CommissionContext {
  readonly liquidity: Liquidity;
  readonly quantity: Decimal;
  readonly price: Decimal;
  readonly multiplier: Decimal;
  /** quantity × price × multiplier when the caller has it already (saves recomputing it per fill). */
  readonly notional?: Decimal;
  /** The order's filled quantity, traded value and commission before this fill (per-order minimums). */
  readonly orderFilledBefore: Decimal;
  readonly orderNotionalBefore: Decimal;
  readonly orderCommissionBefore: Decimal;
  /** This month's account volume before this fill (TIERED). */
  readonly monthlyNotional: Decimal;
  readonly monthlyQuantity: Decimal;
}

const BPS = Decimal.from(10000);
/** Binance spot's 10 bps, the default maker and taker rate. */
const DEFAULT_BPS = Decimal.from(10);
const HUNDRED = Decimal.from(100);
/** The spot discount for paying fees in BNB (binance.com FAQ, see BINANCE_SPOT_COMMISSION). */
const BNB_DISCOUNT_PERCENT = Decimal.from(25);

function roundCharge(value: Decimal, precision?: Decimal): Decimal {
  return precision === undefined ? value : value.roundToStep(precision, 'HALF_UP');
}

/** The tier in force for a volume: the last tier whose `fromVolume` it has reached (tiers sorted ascending). */
export function selectTier(tiers: readonly CommissionTier[], volume: Decimal): CommissionTier {
  if (tiers.length === 0) throw new RangeError('TIERED commission needs at least one tier');
  let chosen = tiers[0];
  for (const tier of tiers) if (volume.gte(tier.fromVolume)) chosen = tier;
  return chosen;
}

/**
 * Per-order charge for a cumulative quantity/notional with a per-unit rate, a minimum and a cap.
 * Charging the difference of cumulative totals makes the minimum apply once per order, not per fill.
 */
function cumulativePerUnit(
  perUnit: Decimal,
  quantity: Decimal,
  notional: Decimal,
  minimum: Decimal | undefined,
  maximumPercent: Decimal | undefined,
): Decimal {
  let total = perUnit.times(quantity);
  if (minimum !== undefined) total = Decimal.max(total, minimum);
  if (maximumPercent !== undefined) total = Decimal.min(total, notional.times(maximumPercent).div(HUNDRED));
  return total;
}

/** The commission (>= 0) for one fill under `config`. */
export function computeCommission(config: CommissionModelConfig, ctx: CommissionContext): Decimal {
  const notional = (ctx.notional ?? timesMultiplier(ctx.quantity.times(ctx.price), ctx.multiplier)).abs();
  switch (config.model) {
    case 'NONE':
      return Decimal.ZERO;
    case 'PERCENTAGE': {
      const bps = ctx.liquidity === 'MAKER' ? config.makerBps ?? DEFAULT_BPS : config.takerBps ?? DEFAULT_BPS;
      return roundCharge(notional.times(bps).div(BPS), config.precision);
    }
    case 'PER_ORDER':
      return ctx.orderFilledBefore.isZero() ? config.amount : Decimal.ZERO;
    case 'PER_UNIT': {
      const perUnit = config.perUnit ?? Decimal.from('0.005');
      const after = cumulativePerUnit(
        perUnit,
        ctx.orderFilledBefore.plus(ctx.quantity),
        ctx.orderNotionalBefore.plus(notional),
        config.minimum,
        config.maximumPercent,
      );
      const charge = roundCharge(after, config.precision).minus(ctx.orderCommissionBefore);
      return charge.isNegative() ? Decimal.ZERO : charge;
    }
    case 'TIERED': {
      const volume = config.basis === 'NOTIONAL' ? ctx.monthlyNotional : ctx.monthlyQuantity;
      const tier = selectTier(config.tiers, volume);
      if (tier.perUnit !== undefined) {
        const after = cumulativePerUnit(
          tier.perUnit,
          ctx.orderFilledBefore.plus(ctx.quantity),
          ctx.orderNotionalBefore.plus(notional),
          config.minimum,
          config.maximumPercent,
        );
        const charge = roundCharge(after, config.precision).minus(ctx.orderCommissionBefore);
        return charge.isNegative() ? Decimal.ZERO : charge;
      }
      const bps = (ctx.liquidity === 'MAKER' ? tier.makerBps : tier.takerBps) ?? Decimal.ZERO;
      return roundCharge(notional.times(bps).div(BPS), config.precision);
    }
  }
}

/** The asset commissions are charged in: the configured one, else the instrument's quote asset. */
export function commissionAssetOf(config: CommissionModelConfig, instrument: Instrument): string {
  return config.model !== 'NONE' && config.asset !== undefined ? config.asset : instrument.quoteAsset;
}

/** A fill's commission and the asset that pays it. */
export interface CommissionCharge {
  readonly amount: Decimal;
  readonly asset: string;
}

/**
 * The commission of one fill in the asset that pays it. `computeCommission` prices the fee in the quote
 * asset; a PERCENTAGE schedule that charges the received asset converts a buy's fee into the base (at the
 * fill price: 10 ETH bought at 0.1 % pay 0.01 ETH, as in Binance's FAQ example), or into BNB.
 */
export function commissionCharge(config: CommissionModelConfig, ctx: CommissionContext, side: 'BUY' | 'SELL', instrument: Instrument): CommissionCharge {
  const quoteFee = computeCommission(config, ctx);
  const quote = { amount: quoteFee, asset: commissionAssetOf(config, instrument) };
  if (config.model !== 'PERCENTAGE' || config.asset !== undefined || quoteFee.isZero()) return quote;
  const bnbPrice = config.bnb?.prices[instrument.quoteAsset];
  if (config.bnb && bnbPrice !== undefined && bnbPrice.isPositive()) {
    const kept = HUNDRED.minus(config.bnb.discountPercent ?? BNB_DISCOUNT_PERCENT).div(HUNDRED);
    return { amount: roundCharge(quoteFee.times(kept).div(bnbPrice), config.precision), asset: 'BNB' };
  }
  if (config.feeAsset !== 'RECEIVED' && !config.bnb) return quote;
  if (side === 'SELL' || instrument.baseAsset === undefined || ctx.price.isZero()) return quote;
  // the base received: the quote fee at the fill price (notional / price = quantity × multiplier)
  return { amount: roundCharge(quoteFee.div(ctx.price), config.precision), asset: instrument.baseAsset };
}

/** Start of the UTC calendar month containing `timestamp` (for monthly volume tiers). */
export function monthStartUtc(timestamp: number): number {
  const d = new Date(timestamp);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
}
