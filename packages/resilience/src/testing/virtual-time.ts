/** Virtual-time helpers live in core's testing entry point; re-exported for existing imports. */
export { advanceTime, flushMicrotasks } from '@silvertine/core/testing';

/** Core's seeded generator in [0, 1), for replayable jitter in tests (re-exported for existing imports). */
export { seededRandom } from '@silvertine/core';
