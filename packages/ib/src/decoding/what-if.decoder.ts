import type { OrderPreview } from '@silvertine/core';
import { decimalField, IbPayloadError, objectField, optionalDecimalField, optionalTextField, textField } from './decode-fields';

/**
 * The orderState of TWS's answer to a what-if order (an openOrder with `order.whatIf` set): margins and
 * equity before, change and after, and the commission. Each margin field must be a finite number (an
 * unset one is refused: a preview without the number asked for is not an answer); min/max commission,
 * which TWS leaves unset when the commission is exact, fall back to the commission.
 */
export function decodeWhatIfState(order: unknown, state: unknown): OrderPreview {
  const o = objectField<{ whatIf?: unknown }>(order, 'openOrder.order');
  if (o.whatIf !== true) throw new IbPayloadError('openOrder.order.whatIf', 'must be true on the answer to a what-if order', o.whatIf);
  const s = objectField<Record<string, unknown>>(state, 'openOrder.orderState');
  const money = (name: string) => decimalField(s[name], `openOrder.orderState.${name}`);
  const commission = decimalField(s.commission, 'openOrder.orderState.commission', { nonNegative: true });
  const warning = optionalTextField(s.warningText, 'openOrder.orderState.warningText');
  return {
    initMarginBefore: money('initMarginBefore'),
    initMarginChange: money('initMarginChange'),
    initMarginAfter: money('initMarginAfter'),
    maintMarginBefore: money('maintMarginBefore'),
    maintMarginChange: money('maintMarginChange'),
    maintMarginAfter: money('maintMarginAfter'),
    equityWithLoanBefore: money('equityWithLoanBefore'),
    equityWithLoanChange: money('equityWithLoanChange'),
    equityWithLoanAfter: money('equityWithLoanAfter'),
    commission,
    minCommission: optionalDecimalField(s.minCommission, 'openOrder.orderState.minCommission', { nonNegative: true }) ?? commission,
    maxCommission: optionalDecimalField(s.maxCommission, 'openOrder.orderState.maxCommission', { nonNegative: true }) ?? commission,
    commissionCurrency: textField(s.commissionCurrency, 'openOrder.orderState.commissionCurrency', true),
    ...(warning ? { warning } : {}),
  };
}
