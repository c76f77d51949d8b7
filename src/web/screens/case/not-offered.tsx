import type { LawOnDate } from '../../data.ts';
import { useI18n } from '../../i18n/i18n.tsx';

/**
 * Why articles of the pack are missing from a list of provisions on a date: the pack does not
 * cover the date, or the article has no version in force on it. Said from what the API returns.
 */
export function NotOffered({ law, asOf }: { law: LawOnDate | undefined; asOf: string }) {
  const { t, date } = useI18n();
  if (law === undefined) return null;
  if (law.coverage !== undefined && !law.coverage.covered) {
    return (
      <p className="hint check-warn" data-testid="not-offered" data-cause="outside-coverage">
        {t('law.outsideCoverage', {
          date: date(asOf),
          from: date(law.coverage.from),
          to: date(law.coverage.to),
        })}
      </p>
    );
  }
  if (law.noVersionInForce.length === 0) return null;
  return (
    <p className="hint" data-testid="not-offered" data-cause="not-in-force">
      {t('law.notInForce', {
        date: date(asOf),
        articles: law.noVersionInForce
          .map((provision) => t('common.articleN', { article: provision.article }))
          .join(', '),
      })}
    </p>
  );
}
