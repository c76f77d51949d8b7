import { existsSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureWebBuild, webDist } from './harness.ts';

/** The JavaScript a first visit downloads: index.html's module script and its preloads. */
function initialScripts(): string[] {
  const html = readFileSync(`${webDist}/index.html`, 'utf8');
  const sources = [
    ...html.matchAll(/<script[^>]+src="([^"]+\.js)"/g),
    ...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+\.js)"/g),
  ].map((match) => match[1] ?? '');
  return [...new Set(sources)];
}

describe('web bundle', () => {
  beforeAll(() => ensureWebBuild(), 300_000);

  it('keeps the initial JavaScript under 300 kB gzipped, without ECharts', () => {
    const scripts = initialScripts();
    expect(scripts.length).toBeGreaterThan(0);
    // ECharts is loaded on demand (dynamic import in src/web/components/chart.tsx).
    expect(scripts.filter((script) => script.includes('echarts'))).toEqual([]);
    let total = 0;
    for (const script of scripts) {
      const path = `${webDist}${script}`;
      expect(existsSync(path), path).toBe(true);
      const content = readFileSync(path);
      total += gzipSync(content, { level: 9 }).length;
    }
    console.log(
      `initial JavaScript: ${scripts.length} files, ${(total / 1024).toFixed(1)} kB gzipped`,
    );
    expect(total).toBeLessThan(300 * 1024);
  });
});
