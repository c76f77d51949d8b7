import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../api.ts';
import { QueryState, SelectField } from '../components/ui.tsx';
import { useI18n } from '../i18n/i18n.tsx';

type Bound = string | { notBefore: string; notAfter: string } | null;
interface VersionTimeline {
  id: string;
  status: 'in_force' | 'signed_not_in_force' | 'repealed' | 'proposed';
  validFrom: Bound;
  validTo: Bound;
  notBefore: Bound;
  signedBetween: { from: string; to: string } | null;
  proposedBetween: { from: string; to: string } | null;
  tookEffect: { on: Bound; as: string | null } | null;
  summary: string | null;
}
interface ProvisionTimeline {
  id: string;
  article: string;
  title: string;
  versions: VersionTimeline[];
}
interface Judgement {
  versionId: string;
  status: string;
  open: string[];
  unmet: string[];
}
interface Impact {
  period: { from: string; to: string };
  casesRead: number;
  unchanged: number;
  differently: {
    caseId: string;
    reference: string;
    offenceDate: string;
    victim: string;
    facts: { victimAge: number | null; purposes: string[] | null };
    notRecorded: string[];
    inForce: Judgement | null;
    amendment: Judgement;
    change: string;
  }[];
  incomplete: { reference: string; victim: string; notRecorded: string[] }[];
}

/** A date, or the window the sources allow, in words. */
function useBound() {
  const { t, date } = useI18n();
  return (bound: Bound, missing: string) =>
    bound === null
      ? missing
      : typeof bound === 'string'
        ? date(bound)
        : t('law.between', { from: date(bound.notBefore), to: date(bound.notAfter) });
}

/** Each provision's versions: from when, until when (possibly), and as what a signed one took effect. */
export function LawTimeline({ code }: { code: string }) {
  const { t } = useI18n();
  const bound = useBound();
  const timeline = useQuery({
    queryKey: ['law-provisions', code],
    enabled: code !== '',
    staleTime: Infinity,
    queryFn: () =>
      api<{ provisions: ProvisionTimeline[] }>(`/api/jurisdictions/${code}/provisions`),
  });
  return (
    <>
      <h2>{t('law.history')}</h2>
      <QueryState loading={timeline.isLoading} error={timeline.error} />
      {(timeline.data?.provisions ?? []).map((provision) => (
        <details key={provision.id}>
          <summary>
            {t('common.articleN', { article: provision.article })} — {provision.title}
          </summary>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('law.version')}</th>
                  <th scope="col">{t('law.versionStatus')}</th>
                  <th scope="col">{t('law.from')}</th>
                  <th scope="col">{t('law.until')}</th>
                  <th scope="col">{t('law.tookEffect')}</th>
                </tr>
              </thead>
              <tbody>
                {provision.versions.map((v) => (
                  <tr key={v.id}>
                    <td>
                      <code>{v.id}</code>
                      {v.summary !== null && <p className="hint">{v.summary}</p>}
                    </td>
                    <td>
                      {t(`law.status.${v.status}`)}
                      {v.signedBetween !== null && (
                        <p className="hint">
                          {t('law.signed', {
                            when: bound(
                              { notBefore: v.signedBetween.from, notAfter: v.signedBetween.to },
                              '',
                            ),
                          })}
                        </p>
                      )}
                      {v.proposedBetween !== null && (
                        <p className="hint">
                          {t('law.proposed', {
                            when: bound(
                              {
                                notBefore: v.proposedBetween.from,
                                notAfter: v.proposedBetween.to,
                              },
                              '',
                            ),
                          })}
                        </p>
                      )}
                    </td>
                    <td>
                      {v.status === 'proposed'
                        ? '—'
                        : v.validFrom === null
                          ? v.notBefore === null
                            ? t('law.startUnknown')
                            : t('law.startUnknownAfter', { date: bound(v.notBefore, '') })
                          : bound(v.validFrom, '')}
                    </td>
                    <td>{bound(v.validTo, t('law.noEndKnown'))}</td>
                    <td>
                      {v.tookEffect === null
                        ? '—'
                        : t('law.tookEffectAs', {
                            date: bound(v.tookEffect.on, ''),
                            as: v.tookEffect.as ?? v.id,
                          })}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </details>
      ))}
      <AmendmentImpact code={code} provisions={timeline.data?.provisions ?? []} />
    </>
  );
}

/** The recorded cases a signed or proposed amendment would judge differently (needs report.read). */
function AmendmentImpact({ code, provisions }: { code: string; provisions: ProvisionTimeline[] }) {
  const { t, date } = useI18n();
  const signed = provisions.flatMap((p) =>
    p.versions
      .filter((v) => v.status === 'signed_not_in_force' || v.status === 'proposed')
      .map((v) => ({
        value: v.id,
        proposed: v.status === 'proposed',
        label: `${t('common.articleN', { article: p.article })}: ${v.id} (${t(`law.status.${v.status}`)})`,
      })),
  );
  const [chosen, setChosen] = useState('');
  const version = chosen !== '' ? chosen : (signed[0]?.value ?? '');
  const [asked, setAsked] = useState<string | null>(null);
  const impact = useQuery({
    queryKey: ['law-impact', code, asked],
    enabled: asked !== null,
    retry: false,
    queryFn: () => api<Impact>(`/api/jurisdictions/${code}/amendments/${asked ?? ''}/impact`),
  });
  if (signed.length === 0) return null;
  return (
    <section aria-labelledby="law-impact-title">
      <h2 id="law-impact-title">{t('law.impact')}</h2>
      <p className="hint">{t('law.impactHint')}</p>
      {signed.some((s) => s.proposed) && <p className="hint">{t('law.impactProposedHint')}</p>}
      <div className="toolbar">
        <SelectField
          label={t('law.amendment')}
          value={version}
          onChange={setChosen}
          options={signed}
        />
        <button type="button" onClick={() => setAsked(version)}>
          {t('law.impactShow')}
        </button>
      </div>
      <QueryState loading={impact.isFetching} error={impact.error} />
      {impact.data !== undefined && (
        <div data-testid="impact">
          <p role="status">
            {t('law.impactSummary', {
              from: date(impact.data.period.from),
              to: date(impact.data.period.to),
              read: impact.data.casesRead,
              changed: impact.data.differently.length,
              same: impact.data.unchanged,
            })}
          </p>
          {impact.data.differently.length > 0 && (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('law.impactCase')}</th>
                    <th scope="col">{t('law.impactFacts')}</th>
                    <th scope="col">{t('law.impactNotRecorded')}</th>
                    <th scope="col">{t('law.impactChange')}</th>
                  </tr>
                </thead>
                <tbody>
                  {impact.data.differently.map((f) => (
                    <tr key={`${f.caseId}-${f.victim}`}>
                      <td>
                        {f.reference} · {f.victim} · {date(f.offenceDate)}
                      </td>
                      <td>
                        {t('law.impactAge', {
                          age:
                            f.facts.victimAge === null
                              ? t('common.unknown')
                              : String(f.facts.victimAge),
                        })}
                        ; {f.facts.purposes?.join(', ') ?? t('common.unknown')}
                      </td>
                      <td>{f.notRecorded.join(', ')}</td>
                      <td>{f.change}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {impact.data.incomplete.length > 0 && (
            <p className="hint">
              {t('law.impactIncomplete', {
                cases: impact.data.incomplete.map((i) => `${i.reference} ${i.victim}`).join(', '),
              })}
            </p>
          )}
        </div>
      )}
    </section>
  );
}
