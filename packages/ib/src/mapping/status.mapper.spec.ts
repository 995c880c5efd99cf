import { mapIbOrderStatus } from './status.mapper';

describe('mapIbOrderStatus', () => {
  it.each([
    ['PendingSubmit', 'PENDING_SUBMIT', 'SUBMITTED'],
    ['PreSubmitted', 'PENDING_SUBMIT', 'ACCEPTED'],
    ['Submitted', 'SUBMITTED', 'ACCEPTED'],
    ['Submitted', 'PENDING_CANCEL', undefined],
    ['PendingCancel', 'ACCEPTED', 'PENDING_CANCEL'],
    ['Cancelled', 'PENDING_CANCEL', 'CANCELED'],
    ['ApiCancelled', 'ACCEPTED', 'CANCELED'],
    ['Inactive', 'PENDING_SUBMIT', 'REJECTED'],
    ['Inactive', 'ACCEPTED', 'CANCELED'],
    ['Filled', 'ACCEPTED', undefined], // fills drive FILLED
  ] as const)('%s while %s → %s', (ib, current, expected) => {
    expect(mapIbOrderStatus(ib, current)).toBe(expected);
  });
});
