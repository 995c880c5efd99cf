// Market data for paper trading: CSV replay, a synthetic generator, and publishing on the bus.
export * from './csv-layouts';
export * from './csv-replay.source';
export * from './synthetic.source';
export * from './market-data-replay';
export * from './sample-data';
export { readLines } from './line-reader';
