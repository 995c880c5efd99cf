import { baselineOf, compare, medianRun, ratiosOf, render, type ModeBaseline, type Results } from './compare';

const results = (paper: number, p99: number): Results => ({
  date: '2026-12-06T00:00:00Z', node: 'v20', cpus: 2, loadavg: [12, 10, 8],
  reports: [{
    bench: 'paper',
    rows: [
      { bench: 'paper', name: 'floor', unit: 'orders/s', median: 1e6, better: 'higher' },
      { bench: 'paper', name: 'broker', unit: 'orders/s', median: paper * 1e6, vs: 'floor', ratio: paper, better: 'higher' },
      { bench: 'paper', name: 'p99', unit: 'µs', median: 5, vs: 'floor p99', ratio: p99, better: 'lower' },
    ],
  }],
  failures: [],
});

const baseline: ModeBaseline = {
  tolerance: 1.6,
  measured: 'test',
  rows: {
    'paper/broker': { ratio: 0.1, better: 'higher', vs: 'floor' },
    'paper/p99': { ratio: 2, better: 'lower', vs: 'floor p99' },
  },
};

const verdicts = (r: Results, b = baseline) => Object.fromEntries(compare(r, b).map((f) => [f.key, f.verdict]));

describe('bench:compare', () => {
  it('passes ratios within the tolerance either way', () => {
    expect(verdicts(results(0.07, 3))).toEqual({ 'paper/broker': 'ok', 'paper/p99': 'ok' });
  });

  it('fails a throughput ratio halved and a latency ratio doubled (a real 2× regression)', () => {
    expect(verdicts(results(0.05, 4))).toEqual({ 'paper/broker': 'regressed', 'paper/p99': 'regressed' });
    expect(render(compare(results(0.05, 4), baseline), 1.6)).toContain('FAILED: 2 of 2 ratios regressed');
  });

  it('never fails an improvement, and says so', () => {
    expect(verdicts(results(0.3, 0.5))).toEqual({ 'paper/broker': 'improved', 'paper/p99': 'improved' });
  });

  it('prints rows that are not gated without failing on them', () => {
    const lenient: ModeBaseline = { ...baseline, rows: { ...baseline.rows, 'paper/p99': { ...baseline.rows['paper/p99'], gate: false } } };
    expect(verdicts(results(0.1, 10), lenient)['paper/p99']).toBe('not gated');
  });

  it('lists baseline rows the run did not measure and new rows of the run', () => {
    const wider: ModeBaseline = { ...baseline, rows: { ...baseline.rows, 'ib/adapter': { ratio: 1.1, better: 'lower', vs: 'raw' } } };
    const findings = compare(results(0.1, 2), { ...wider, rows: { 'ib/adapter': wider.rows['ib/adapter'], 'paper/broker': wider.rows['paper/broker'] } });
    expect(findings.map((f) => [f.key, f.verdict])).toEqual([['ib/adapter', 'not measured'], ['paper/broker', 'ok'], ['paper/p99', 'new']]);
  });

  it('writes a baseline of the run, keeping which rows are not gated', () => {
    const previous: ModeBaseline = { ...baseline, rows: { 'paper/p99': { ratio: 2, better: 'lower', vs: 'floor p99', gate: false, note: 'noisy' } } };
    const written = baselineOf(results(0.123456, 2.5), 1.6, previous);
    expect(written.rows).toEqual({
      'paper/broker': { ratio: 0.1235, better: 'higher', vs: 'floor' },
      'paper/p99': { ratio: 2.5, better: 'lower', vs: 'floor p99', gate: false, note: 'noisy' },
    });
    expect(written.measured).toContain('load 12.0 10.0 8.0');
  });

  it('keeps the baseline rows a partial run did not measure', () => {
    const previous: ModeBaseline = { ...baseline, rows: { 'ib/adapter': { ratio: 1.1, better: 'lower', vs: 'raw' } } };
    expect(Object.keys(baselineOf(results(0.1, 2), 1.6, previous).rows)).toEqual(['ib/adapter', 'paper/broker', 'paper/p99']);
  });

  it('takes a baseline as the median ratio of several runs', () => {
    const median = ratiosOf(medianRun([results(0.1, 2), results(0.3, 9), results(0.12, 3)]));
    expect([median.get('paper/broker')?.ratio, median.get('paper/p99')?.ratio]).toEqual([0.12, 3]);
  });

  it('refuses a tolerance that is not a factor above 1', () => {
    expect(() => compare(results(0.1, 2), baseline, 1)).toThrow(RangeError);
  });
});
