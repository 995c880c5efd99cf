// Public surface of @silvertine/shadow.
export * from './shadow-broker';
export * from './shadow-ids';
export * from './shadow-record';
export * from './shadow-recorder';
export * from './shadow-gap';
export * from './shadow-metrics';
export * from './shadow-prometheus';
export * from './shadow-report';
export * from './shadow-calibration';
export * from './shadow-impact-fit';
export * from './shadow-report.decoder';
export * from './shadow-summary';
