import { describe, expect, it } from 'vitest';
import type { SeriesYear } from '../series.ts';
import { fixtureReport } from '../../../../test/support/report-fixture.ts';
import { writeNarrative } from '../../../core/stats/narrative.ts';
import { escapeHtml, estimateSection, renderHtml } from './html.ts';
import { figureLabel } from './labels.ts';
import { reportTables } from './tables.ts';

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
      /<tr><td>Convicted persons<\/td><td class="n">6<\/td><td class="n">2<\/td><td class="n"><details><summary>6<\/summary>/,
    );
    expect(html).toMatch(
      /<tr><td>Defendants<\/td><td class="n"><span class="unknown">unknown<\/span><\/td><td class="n">2<\/td>/,
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

  const russian = { ...report, narrative: writeNarrative(report, 'ru') };
  const htmlRu = await renderHtml(russian, [year(2015, 2), year(2016, 6)]);

  /** The first cell of every table row: the figure's name as the reader sees it. */
  const figureCells = (page: string) =>
    [...page.matchAll(/<tr><td>([^<]*)<\/td><td class="n">/g)].map((m) => m[1] ?? '');

  it('names every figure in words in each language, never by its JSON path', () => {
    for (const page of [html, htmlRu]) {
      const cells = figureCells(page);
      expect(cells.length).toBeGreaterThan(60);
      for (const cell of cells) {
        // A JSON path has dots between words, underscores or camelCase (byForm.sex, not_recorded).
        expect(cell).not.toMatch(/[a-z]\.[a-z]|_|[a-z][A-Z]/);
      }
    }
    expect(html).toContain('<tr><td>By form of exploitation: sex trafficking</td>');
    expect(html).toContain('<tr><td>By how the case began: a victim’s complaint</td>');
    expect(html).toContain('<tr><td>Under article 124</td>');
    expect(html).toContain('<tr><td>By citizenship: Kyrgyzstan</td>');
    expect(htmlRu).toContain('<tr><td>По форме эксплуатации: сексуальная эксплуатация</td>');
    expect(htmlRu).toContain('<tr><td>По гражданству: Киргизия</td>');
    expect(htmlRu).toContain('<html lang="ru">');
    expect(htmlRu).toContain('<h2 id="investigations">Расследования торговли людьми</h2>');
    expect(htmlRu).not.toMatch(/>(figure|records|unknown)</);
  });

  it('refuses to print a figure it has no words for', () => {
    for (const table of reportTables(report))
      for (const row of table.rows)
        expect(() => figureLabel(table.name, row.figure, 'ru', { provisions: {} })).not.toThrow();
    expect(() => figureLabel('victims', 'byHairColour.red', 'en', { provisions: {} })).toThrow(
      'victims.byHairColour.red has no label in words',
    );
  });

  it('draws the charts with their captions outside the plot and the legend below the axis', () => {
    for (const page of [html, htmlRu]) {
      expect(page.match(/<figure><figcaption>/g)).toHaveLength(2);
      for (const svg of page.match(/<svg[\s\S]*?<\/svg>/g) ?? []) {
        const texts = [
          ...svg.matchAll(
            /<text[^>]*?(?:y="([\d.]+)")?[^>]*translate\(([\d.]+) ([\d.]+)\)[^>]*>([^<]*)</g,
          ),
        ].map((m) => ({ y: Number(m[3]) + Number(m[1] ?? 0), text: m[4] ?? '' }));
        const legend = texts.filter((t) => /\((cases|persons|дела|лица)\)/.test(t.text));
        const others = texts.filter((t) => !legend.includes(t));
        expect(legend).toHaveLength(3);
        // Every legend entry lies below every axis label: nothing is drawn over it.
        const lowestLabel = Math.max(...others.map((t) => t.y));
        for (const entry of legend) expect(entry.y).toBeGreaterThan(lowestLabel + 12);
      }
    }
  });

  it('notes the sources of the law paragraph by title, never with the pack’s notes', () => {
    const withSources = {
      ...report,
      law: {
        ...report.law,
        sources: [
          {
            id: 'tip2017',
            title: '2017 Trafficking in Persons Report',
            publisher: 'U.S. Department of State',
            url: null,
          },
        ],
      },
    };
    return renderHtml(withSources, []).then((page) => {
      expect(page).toContain(
        '<p class="note">Sources of the law paragraph: 2017 Trafficking in Persons Report (U.S. Department of State).</p>',
      );
      expect(page).not.toContain('tip2017');
    });
  });
});
