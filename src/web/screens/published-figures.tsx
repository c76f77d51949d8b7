import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { PublishedFiguresView } from '../../app/schemas/published-figures.schemas.ts';
import { api } from '../api.ts';
import { FormError, QueryState, SelectField, TextField, useSubmit } from '../components/ui.tsx';
import { useDefaultJurisdiction, useJurisdictions } from '../data.ts';
import type { MessageKey } from '../i18n/en.ts';
import { useI18n } from '../i18n/i18n.tsx';

const figureNames = [
  ['investigations', 'figures.investigations'],
  ['prosecutions', 'figures.prosecutions'],
  ['defendants', 'figures.defendants'],
  ['convictions', 'figures.convictions'],
  ['victims', 'figures.victims'],
] as const satisfies readonly (readonly [keyof PublishedFiguresView['figures'], MessageKey])[];
type FigureName = (typeof figureNames)[number][0];

/** The path of a source field in the server's validation issues. */
const sourcePath = (field: 'title' | 'url') => `source.${field}`;

/**
 * Published figures (issue 13, part 6): a year's aggregate figures as a publication printed
 * them, with the source, for years the registry holds no records of. Supervisors and
 * administrators record them; reports show them apart from the counts made from records.
 */
export function PublishedFigures() {
  const { t, number } = useI18n();
  const queryClient = useQueryClient();
  const recorded = useQuery({
    queryKey: ['published-figures'],
    queryFn: () => api<{ items: PublishedFiguresView[] }>('/api/published-figures'),
  });
  const own = useDefaultJurisdiction();
  const jurisdictions = useJurisdictions();
  const empty = {
    jurisdiction: '',
    year: '',
    periodKind: 'calendar',
    investigations: '',
    prosecutions: '',
    defendants: '',
    convictions: '',
    victims: '',
    sourceTitle: '',
    sourceUrl: '',
    note: '',
  };
  const [form, setForm] = useState(empty);
  const [saved, setSaved] = useState<string | null>(null);
  const { errors, busy, submit } = useSubmit([
    'jurisdiction',
    'year',
    'periodKind',
    'figures',
    ...figureNames.map(([name]) => `figures.${name}`),
    sourcePath('title'),
    sourcePath('url'),
    'note',
  ]);
  const set = (name: keyof typeof form) => (value: string) => setForm({ ...form, [name]: value });
  const jurisdiction = form.jurisdiction !== '' ? form.jurisdiction : own;
  const items = recorded.data?.items ?? [];
  const existing = items.find(
    (item) =>
      item.jurisdiction === jurisdiction &&
      item.periodKind === form.periodKind &&
      String(item.year) === form.year,
  );
  const shown = (value: number | null) =>
    value === null ? t('publishedFigures.notPrinted') : number(value);
  return (
    <section aria-labelledby="published-figures-title">
      <h1 id="published-figures-title">{t('publishedFigures.title')}</h1>
      <p>{t('publishedFigures.intro')}</p>
      <QueryState loading={recorded.isLoading} error={recorded.error} />
      <p>{t('publishedFigures.recorded', { count: items.length })}</p>
      <div className="table-wrap">
        <table data-testid="published-figures">
          <thead>
            <tr>
              <th scope="col">{t('common.jurisdiction')}</th>
              <th scope="col">{t('publishedFigures.year')}</th>
              {figureNames.map(([name, label]) => (
                <th key={name} scope="col">
                  {t(label)}
                </th>
              ))}
              <th scope="col">{t('publishedFigures.source')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <tr key={item.id} id={item.id}>
                <td>{item.jurisdiction}</td>
                <td>
                  {item.year}
                  {item.periodKind === 'tip' ? ` (${t('report.tip')})` : ''}
                </td>
                {figureNames.map(([name]) => (
                  <td key={name}>{shown(item.figures[name])}</td>
                ))}
                <td>
                  {item.source.url === null ? (
                    item.source.title
                  ) : (
                    <a href={item.source.url} rel="noreferrer">
                      {item.source.title}
                    </a>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <form
        noValidate
        aria-labelledby="add-published-title"
        onSubmit={(event) => {
          event.preventDefault();
          setSaved(null);
          void submit(async () => {
            const figures: Partial<Record<FigureName, number>> = {};
            for (const [name] of figureNames)
              if (form[name].trim() !== '') figures[name] = Number(form[name]);
            await api('/api/published-figures', {
              body: {
                jurisdiction,
                year: Number(form.year),
                periodKind: form.periodKind,
                figures,
                source: {
                  title: form.sourceTitle,
                  url: form.sourceUrl.trim() === '' ? null : form.sourceUrl.trim(),
                },
                note: form.note.trim() === '' ? null : form.note,
                ...(existing === undefined ? {} : { version: existing.version }),
              },
            });
            setSaved(form.year);
            setForm(empty);
            await queryClient.invalidateQueries({ queryKey: ['published-figures'] });
            await queryClient.invalidateQueries({ queryKey: ['annual-report'] });
          });
        }}
      >
        <h2 id="add-published-title">
          {t(existing === undefined ? 'publishedFigures.add' : 'publishedFigures.replace')}
        </h2>
        <FormError errors={errors} />
        {saved !== null && (
          <p role="status" className="notice">
            {t('publishedFigures.saved', { year: saved })}
          </p>
        )}
        <div className="grid">
          <SelectField
            label={t('common.jurisdiction')}
            value={jurisdiction}
            onChange={set('jurisdiction')}
            error={errors.fields['jurisdiction']}
            empty={t('common.choose')}
            options={(jurisdictions.data?.jurisdictions ?? []).map((j) => ({
              value: j.code,
              label: j.name,
            }))}
          />
          <TextField
            label={t('publishedFigures.year')}
            type="number"
            value={form.year}
            onChange={set('year')}
            error={errors.fields['year']}
            required
          />
          <SelectField
            label={t('publishedFigures.periodKind')}
            value={form.periodKind}
            onChange={set('periodKind')}
            error={errors.fields['periodKind']}
            options={[
              { value: 'calendar', label: t('report.calendar') },
              { value: 'tip', label: t('report.tip') },
            ]}
          />
          {figureNames.map(([name, label]) => (
            <TextField
              key={name}
              label={t(label)}
              type="number"
              hint={t('publishedFigures.blank')}
              value={form[name]}
              onChange={set(name)}
              error={errors.fields[`figures.${name}`] ?? errors.fields['figures']}
            />
          ))}
          <TextField
            label={t('publishedFigures.source')}
            value={form.sourceTitle}
            onChange={set('sourceTitle')}
            error={errors.fields[sourcePath('title')]}
            required
          />
          <TextField
            label={t('publishedFigures.sourceUrl')}
            value={form.sourceUrl}
            onChange={set('sourceUrl')}
            error={errors.fields[sourcePath('url')]}
          />
          <TextField
            label={t('publishedFigures.note')}
            value={form.note}
            onChange={set('note')}
            error={errors.fields['note']}
          />
        </div>
        <button type="submit" disabled={busy}>
          {t(existing === undefined ? 'publishedFigures.add' : 'publishedFigures.replace')}
        </button>
      </form>
    </section>
  );
}
