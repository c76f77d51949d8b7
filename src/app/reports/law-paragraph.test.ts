/**
 * The narrative's law paragraph states what a reader of the report needs (the provisions, their
 * penalties, the standards' findings) from the pack's structured data: never a pack's notes,
 * internal ids or the engine's explanations. Changing the law changes the sentence.
 */
import { describe, expect, it } from 'vitest';
import { checkConformance } from '../../core/statutes/conformance.ts';
import { getPack } from '../../core/statutes/registry.ts';
import type { Pack } from '../../core/statutes/schema.ts';
import { writeNarrative } from '../../core/stats/narrative.ts';
import { reportPeriods } from '../../core/stats/period.ts';
import { computeAnnualReport } from '../../core/stats/report.ts';
import { shippedJurisdictionsDir } from '../../config.ts';
import { loadPacks } from '../statutes/load-packs.ts';
import { provisionIndex } from './annual-report.ts';
import { toJurisdictionCode } from '../../core/jurisdiction.ts';

function lawText(pack: Pack, lang: 'en' | 'ru' = 'en', year = 2016): string {
  const periods = reportPeriods({ year, kind: 'calendar' });
  const dataset = {
    jurisdiction: pack.code,
    cases: [],
    trainings: [],
    allegations: [],
    agencies: [],
    certifications: [],
    provisions: provisionIndex(pack),
  };
  const findings = checkConformance(pack, periods.statistics.to).findings;
  const report = computeAnnualReport(dataset, periods, { pack, findings });
  return writeNarrative(report, lang).paragraphs[0] ?? '';
}

/** The pack with art. 124's basic imprisonment replaced. */
function withPenalty(pack: Pack, minMonths: number, maxMonths: number): Pack {
  return {
    ...pack,
    provisions: pack.provisions.map((p) =>
      p.article !== '124'
        ? p
        : {
            ...p,
            versions: p.versions.map((v) =>
              v.penalties === 'unknown'
                ? v
                : {
                    ...v,
                    penalties: v.penalties.map((b) =>
                      b.sanctions === 'unknown'
                        ? b
                        : {
                            ...b,
                            sanctions: b.sanctions.map((s) =>
                              s.kind === 'imprisonment' ? { ...s, minMonths, maxMonths } : s,
                            ),
                          },
                    ),
                  },
            ),
          },
    ),
  };
}

describe('the law paragraph', () => {
  const kg = getPack(loadPacks(shippedJurisdictionsDir), toJurisdictionCode('kg'));

  it('states the provisions, ranges and findings, without internal ids or pack notes', () => {
    const text = lawText(kg);
    expect(text).toContain(
      'Article 124 (“Trafficking in Persons”) prescribes penalties of five to 20 years’ imprisonment, which are sufficiently stringent and commensurate with those prescribed for rape.',
    );
    expect(text).toContain(
      'Contrary to international law, article 124 requires proof that the offender used force, fraud, coercion or other means for sex trafficking even when the victim is a child.',
    );
    expect(text).toContain(
      'Prosecutors may also charge traffickers under article 260 (“Engaging a person in prostitution by force, threat of force or fraud”), punishable by three to five years’ imprisonment or a non-custodial penalty',
    );
    for (const internal of ['cc1997', 'version', 'The source says', 'pack', '_'])
      expect(text).not.toContain(internal);
    const ru = lawText(kg, 'ru');
    expect(ru).toContain('предусматривает наказание от 5 до 20 лет лишения свободы');
    expect(ru).not.toContain('cc1997');
  });

  it('quotes the pack’s titles in the report’s language, and the English where a pack gives none', () => {
    const ru = lawText(kg, 'ru');
    expect(ru).toContain('Статья 124 («Торговля людьми») предусматривает наказание');
    expect(ru).toContain(
      'по статье 260 («Вовлечение в занятие проституцией с применением насилия, угрозы его применения или обмана»)',
    );
    expect(ru).not.toContain('Trafficking in Persons');
    expect(ru).not.toContain('Engaging a person');
    // Change the pack: a new Russian title is quoted; without one the English title stays.
    const retitled: Pack = {
      ...kg,
      provisions: kg.provisions.map((p) =>
        p.article === '124'
          ? { ...p, titles: { ru: { text: 'Новое название', translation: true } } }
          : p,
      ),
    };
    expect(lawText(retitled, 'ru')).toContain('Статья 124 («Новое название»)');
    const untitled: Pack = {
      ...kg,
      provisions: kg.provisions.map((p) => (p.article === '124' ? { ...p, titles: undefined } : p)),
    };
    expect(lawText(untitled, 'ru')).toContain('Статья 124 («Trafficking in Persons»)');
    const inEnglish = lawText(kg, 'en', 2020);
    expect(inEnglish).not.toMatch(/[а-яё]/i);
    expect(lawText(kg, 'ru', 2020)).toContain('статье 260 («Вовлечение в занятие проституцией');
  });

  it('changes with the law: a shorter maximum is not sufficiently stringent', () => {
    const text = lawText(withPenalty(kg, 12, 36));
    expect(text).toContain(
      'prescribes penalties of one to three years’ imprisonment, which are not sufficiently stringent.',
    );
    expect(lawText(withPenalty(kg, 30, 96))).toContain(
      'prescribes penalties of two years and six months to eight years of imprisonment, which are sufficiently stringent',
    );
  });

  it('calls the amendment pending only until it took effect, as the pack’s versions say', () => {
    const pending = 'An amendment to article 124 has been signed but was not in force';
    expect(lawText(kg)).toContain(pending);
    expect(lawText(kg, 'ru')).toContain('Поправка к статье 124 подписана');
    for (const year of [2019, 2020, 2021]) {
      const text = lawText(kg, 'en', year);
      expect(text, String(year)).not.toContain(pending);
      expect(text, String(year)).not.toMatch(/amendment[^.]*not in force/i);
      expect(lawText(kg, 'ru', year), String(year)).not.toContain(
        'Поправка к статье 124 подписана',
      );
    }
  });

  it('says what rests on the pack’s assumptions rather than on a cited source, in each language', () => {
    const text = lawText(kg, 'en', 2019);
    expect(text).toContain(
      'Part of this rests on assumptions made in recording the law, not on cited sources: “The trafficking article covers all five Protocol acts',
    );
    expect(text).toContain('“"Engaging a person in prostitution" is read as covering recruitment');
    expect(text).toMatch(/in prostitution"”\.$/);
    const ru = lawText(kg, 'ru', 2019);
    expect(ru).toContain(
      'Часть сказанного основана на допущениях, сделанных при описании закона, а не на цитируемых источниках: «Статья о торговле людьми охватывает все пять действий',
    );
    expect(ru).not.toContain('Engaging a person');
    // The same law without the assumptions declared: the clause goes, nothing else changes.
    const bare: Pack = { ...kg, assumptions: {} };
    expect(lawText(bare, 'en', 2019)).not.toContain('assumption');
    expect(lawText(bare, 'en', 2019)).toBe(text.replace(/ Part of this rests on .*$/, ''));
  });
});
