import { describe, expect, it } from 'vitest';
import type { SeriesYear } from '../series.ts';
import { fixtureReport } from './fixture.test-support.ts';
import { escapeHtml, estimateSection, renderHtml } from './html.ts';

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

  it('says the victims were never matched, and why there is no estimate, naming the lists', () => {
    expect(html).toContain('never matched across agencies');
    expect(html).toContain(
      'No estimate: an estimate needs at least two agencies&#39; lists; 1 agency identified victims in the period.',
    );
    expect(html).toContain('Lists used: Police, unit &quot;A&quot;, Bishkek.');
  });

  it('labels an estimate as one, with its interval and model', () => {
    const section = estimateSection({
      ...report.victimEstimate,
      capture: {
        ...report.victimEstimate.capture,
        matchedAt: '2017-01-10T09:00:00Z',
        persons: 3,
        linksApplied: 1,
      },
      estimate: {
        lists: ['A', 'B', 'C'],
        observed: 3,
        estimate: 10.4,
        darkFigure: 7.4,
        lower: 5,
        upper: 30.6,
        level: 0.95,
        interval: 'profile',
        selection: 'stepwise',
        model: { interactions: ['A:B'], minusInfinity: [], deviance: 0, aic: 0, bic: 0 },
      },
      reason: null,
    });
    expect(section).toContain('Matched across agencies on 2017-01-10: 3 distinct persons');
    expect(section).toContain(
      '<strong>Estimate, not a count:</strong> 10 victims identified and not (95% interval 5–31), of whom 3 were on at least one list',
    );
    expect(section).toContain('interactions A:B');
  });

  it('escapes text from the registry', () => {
    expect(html).toContain('Police, unit &quot;A&quot;, Bishkek');
    expect(escapeHtml(`<b a='1'>&`)).toBe('&lt;b a=&#39;1&#39;&gt;&amp;');
  });
});
