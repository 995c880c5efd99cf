// Test helpers for @silvertine/paper users (emulators, strategies): instruments and market data builders.
export * from './market-data.builders';
