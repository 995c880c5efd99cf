// Regenerates data/BTCUSDT-1m-sample.csv from SAMPLE_CONFIG (run once; the output is committed):
//   node -r ../../tools/scripts/register-ts.js scripts/generate-sample.ts
import { writeFileSync } from 'node:fs';
import { sampleKlineCsv, samplePath } from '../src/market-data/sample-data';

writeFileSync(samplePath(), sampleKlineCsv());
console.log(`wrote ${samplePath()}`);
