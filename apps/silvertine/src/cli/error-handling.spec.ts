import { ConfigurationError, InternalError, TemporaryConnectionError, VenueContradictionError, VenuePayloadError } from '@silvertine/core';
import { StateDirectoryLockedError } from '@silvertine/resilience';
import { toUserError } from './error-handling';
import { EXIT } from './exit-codes';

describe('toUserError', () => {
  it('gives a payload that failed its decoder the venue error exit code and says so', () => {
    const error = toUserError(new VenuePayloadError('account', 'balances must be an array', '{"balances":null}'));
    expect(error.exitCode).toBe(EXIT.VENUE_ERROR);
    expect(error.message).toBe('venue error: account: balances must be an array');
  });

  it('gives a contradicting venue answer the venue error exit code', () => {
    expect(toUserError(new VenueContradictionError('side', 'a SELL fill on BUY order abc')).exitCode).toBe(EXIT.VENUE_ERROR);
  });

  it('keeps the other classes apart: unreachable, config, internal', () => {
    expect(toUserError(new TemporaryConnectionError('ECONNREFUSED')).exitCode).toBe(EXIT.VENUE_UNREACHABLE);
    expect(toUserError(new ConfigurationError('brokers.x: bad')).exitCode).toBe(EXIT.INVALID_CONFIG);
    expect(toUserError(new InternalError('bug')).exitCode).toBe(EXIT.INTERNAL);
    expect(toUserError(new TypeError('x is undefined')).message).toBe('internal error: x is undefined');
  });

  it('exits alike whether a file or a Redis journal is held by another process', async () => {
    // @silvertine/redis is an optional peer, loaded lazily by the app
    const { RedisJournalLockedError } = await import('@silvertine/redis');
    const file = toUserError(new StateDirectoryLockedError('/var/lib/silvertine', 4242, '/var/lib/silvertine/orders.journal.lock'));
    const redis = toUserError(new RedisJournalLockedError('silvertine:journal:lock', 'host-a pid 4242 1a2b3c4d', 15_000));
    expect(file.exitCode).toBe(EXIT.INVALID_CONFIG);
    expect(redis.exitCode).toBe(file.exitCode);
    expect(redis.message).toMatch(/^order journal lock silvertine:journal:lock is held by host-a pid 4242 1a2b3c4d: stop that process/);
  });
});
