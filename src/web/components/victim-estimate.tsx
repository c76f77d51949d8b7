import { useQuery } from '@tanstack/react-query';
import type { VictimEstimateView } from '../../app/schemas/estimates.schemas.ts';
import { api } from '../api.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { QueryState } from './ui.tsx';

/** `/api/estimates/victims` (src/app/schemas/estimates.schemas.ts). */
type FullEstimate = VictimEstimateView;
type Estimate = NonNullable<VictimEstimateView['estimate']>;

/** `/api/estimates/victims/public`: rounded, the overlap table under disclosure control. */
interface PublishedEstimate {
  readonly published: (Omit<Estimate, 'observed'> & { readonly observed: number | string }) | null;
  readonly reason: string | null;
  readonly deduplicated: boolean;
}

/**
 * The year's victims across the agencies' lists and the estimate of those never identified:
 * the full figures for readers of the report, the published (rounded, suppressed) ones for
 * everyone else. Always labelled as an estimate, with its interval and the lists it used.
 */
export function VictimEstimate({
  jurisdiction,
  year,
  published,
}: {
  jurisdiction: string;
  year: number;
  published: boolean;
}) {
  const { t, number, date } = useI18n();
  const query = { jurisdiction, year };
  const full = useQuery({
    queryKey: ['victim-estimate', query],
    enabled: !published,
    queryFn: () => api<FullEstimate>('/api/estimates/victims', { query }),
  });
  const open = useQuery({
    queryKey: ['victim-estimate-public', query],
    enabled: published,
    queryFn: () => api<PublishedEstimate>('/api/estimates/victims/public', { query }),
  });
  const current = published ? open : full;
  const estimate = published ? open.data?.published : full.data?.estimate;
  const reason = published ? open.data?.reason : full.data?.reason;
  const capture = full.data?.capture;
  const matched = published ? open.data?.deduplicated : capture?.matchedAt !== null;
  return (
    <section aria-labelledby="victim-estimate-title" data-testid="victim-estimate">
      <h3 id="victim-estimate-title">{t('estimate.title', { year })}</h3>
      <QueryState loading={current.isLoading} error={current.error} />
      {current.data !== undefined && (
        <>
          {capture !== undefined && (
            <p>
              {t('estimate.records', {
                records: capture.records,
                withoutAgency: capture.withoutAgency,
              })}{' '}
              {capture.matchedAt === null
                ? t('estimate.notMatched')
                : t('estimate.matched', {
                    date: date(capture.matchedAt.slice(0, 10)),
                    persons: capture.persons,
                    links: capture.linksApplied,
                  })}
            </p>
          )}
          {published && (
            <p>{matched === true ? t('estimate.publishedMatched') : t('estimate.notMatched')}</p>
          )}
          {estimate === null || estimate === undefined ? (
            <p>
              {t('estimate.none')} <span lang="en">{reason}</span>
            </p>
          ) : (
            <>
              <p className="estimate">
                <strong>{t('estimate.label')}</strong>{' '}
                {t('estimate.value', {
                  estimate: number(Math.round(estimate.estimate)),
                  lower: number(Math.round(estimate.lower)),
                  upper: number(Math.round(estimate.upper)),
                  level: Math.round(estimate.level * 100),
                })}
              </p>
              <p>
                {t('estimate.observed', {
                  observed:
                    typeof estimate.observed === 'number'
                      ? number(estimate.observed)
                      : estimate.observed,
                })}{' '}
                {estimate.model.interactions.length === 0
                  ? t('estimate.independent')
                  : t('estimate.interactions', { pairs: estimate.model.interactions.join(', ') })}
              </p>
            </>
          )}
          <p>
            {t('estimate.lists', {
              lists: (estimate?.lists ?? capture?.lists ?? []).join('; ') || '—',
            })}
          </p>
        </>
      )}
    </section>
  );
}
