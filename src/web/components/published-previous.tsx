import type { MessageKey } from '../i18n/en.ts';
import { useI18n } from '../i18n/i18n.tsx';
import type { AnnualReport } from '../report.tsx';

/**
 * The previous period's figures as a publication printed them (recorded for a period without
 * complete records): labelled with the source, in a table of their own beside the counts from
 * records, never added to them. Nothing when none are recorded.
 */
export function PublishedPrevious({ report }: { report: AnnualReport }) {
  const { t, number } = useI18n();
  const published = report.previousPublished;
  if (published === null) return null;
  const rows: readonly (readonly [MessageKey, number | null, number | null])[] = [
    [
      'figures.investigations',
      published.figures.investigations,
      report.investigations.previous.total,
    ],
    ['figures.prosecutions', published.figures.prosecutions, report.prosecutions.previous.cases],
    ['figures.defendants', published.figures.defendants, report.prosecutions.previous.defendants],
    ['figures.convictions', published.figures.convictions, report.convictions.previous.persons],
    ['figures.victims', published.figures.victims, report.victims.previous.identified],
  ];
  const shown = (value: number | null) =>
    value === null ? t('publishedFigures.notPrinted') : number(value);
  return (
    <section aria-labelledby="published-previous-title" data-testid="published-previous">
      <h2 id="published-previous-title">
        {t('publishedPrev.title', { period: report.meta.periods['previous']?.label ?? '' })}
      </h2>
      <p>
        {published.source.url === null ? (
          t('publishedPrev.from', { source: published.source.title })
        ) : (
          <a href={published.source.url} rel="noreferrer">
            {t('publishedPrev.from', { source: published.source.title })}
          </a>
        )}
      </p>
      <p className="hint">{t('publishedPrev.note')}</p>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('publishedPrev.figure')}</th>
              <th scope="col">{t('publishedPrev.value')}</th>
              <th scope="col">{t('publishedPrev.fromRecords')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(([label, value, counted]) => (
              <tr key={label}>
                <th scope="row">{t(label)}</th>
                <td>{shown(value)}</td>
                <td>{counted === null ? t('common.unknown') : number(counted)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
