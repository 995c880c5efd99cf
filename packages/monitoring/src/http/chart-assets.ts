import { readFileSync } from 'node:fs';

/** Largest asset served (uPlot's minified JS is ~50 KB); a bigger file is a wrong resolution, not served. */
const MAX_ASSET_BYTES = 512 * 1024;

/** A static file the dashboard page loads, read once from node_modules. */
export interface ChartAsset {
  readonly contentType: string;
  readonly body: Buffer;
}

/** The charting library's files, resolved from the installed `uplot` package (served locally, never a CDN). */
export function loadChartAssets(): Readonly<Record<'/dashboard/uplot.js' | '/dashboard/uplot.css', ChartAsset>> {
  return {
    '/dashboard/uplot.js': asset('uplot/dist/uPlot.iife.min.js', 'text/javascript; charset=utf-8'),
    '/dashboard/uplot.css': asset('uplot/dist/uPlot.min.css', 'text/css; charset=utf-8'),
  };
}

function asset(request: string, contentType: string): ChartAsset {
  const body = readFileSync(require.resolve(request));
  if (body.length > MAX_ASSET_BYTES) throw new Error(`${request} is ${body.length} bytes, above the ${MAX_ASSET_BYTES} bytes served`);
  return { contentType, body };
}
