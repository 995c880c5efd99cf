// Test helpers of @silvertine/monitoring: a strict Prometheus text parser and a loopback webhook receiver.
export * from './prometheus-text';
export * from './loopback-webhook';
