import { describe, expect, it } from 'vitest';
import type { SeriesYear } from '../series.ts';
import { fixtureReport } from './fixture.test-support.ts';
import { escapeHtml, renderHtml } from './html.ts';

const year = (y: number, convictions: number | null): SeriesYear => ({
  year: y,
  investigations: 1,
  prosecutions: 1,
  defendants: null,
  convictions,
  records: {
    investigations: [],
    prosecutions: [],
    defendants: [],
    casesWithUnknownDefendants: [],
    convictions: [],
  },
});

describe('HTML export', async () => {
  const report = fixtureReport();
  const html = await renderHtml(report, [year(2015, 2), year(2016, 6)]);

  it('requests nothing from outside the page', () => {
    // SVG namespaces are names, not requests; everything else must be inline.
    const withoutNamespaces = html.replace(/xmlns(:xlink)?="[^"]*"/g, '');
    expect(withoutNamespaces).not.toMatch(/https?:|\/\/[a-z]|<script|<link|<img|@import|url\(/i);
    expect(html).toContain(
      `content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`,
    );
  });

  it('carries the narrative, the two charts and the tables with the previous period', () => {
    for (const paragraph of report.narrative.paragraphs)
      expect(html).toContain(escapeHtml(paragraph));
    expect(html.match(/<svg /g)).toHaveLength(2);
    expect(html).toContain('By form of trafficking, 2016');
    expect(html).toMatch(
      /<tr><td>persons<\/td><td class="n">6<\/td><td class="n">2<\/td><td class="n"><details><summary>6<\/summary>/,
    );
    expect(html).toMatch(
      /<tr><td>defendants<\/td><td class="n"><span class="unknown">unknown<\/span><\/td><td class="n">2<\/td>/,
    );
  });

  it('escapes text from the registry', () => {
    expect(html).toContain('Police, unit &quot;A&quot;, Bishkek');
    expect(escapeHtml(`<b a='1'>&`)).toBe('&lt;b a=&#39;1&#39;&gt;&amp;');
  });
});
