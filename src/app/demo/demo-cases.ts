/** The SYNTHETIC cases of the demo dataset, as data: what loadDemo (demo.ts) records. */
interface VictimSpec {
  readonly sex: 'female' | 'male';
  readonly age: number | null;
  readonly forms: readonly ('sexual' | 'forced_labour' | 'unknown')[];
  readonly identifiedOn: string;
  readonly referred: 'yes' | 'no' | 'unknown';
}

interface CaseSpec {
  readonly reference: string;
  readonly openedOn: string;
  readonly agency: 'police' | 'osh';
  readonly origin: 'victim_complaint' | 'ngo_referral' | 'proactive_police' | 'unknown';
  readonly article: '124' | '260' | '261';
  readonly form: 'sex' | 'labour' | null;
  readonly victims: readonly VictimSpec[];
  readonly suspects: number;
  readonly referredOn?: string;
  readonly convictedOn?: string;
  readonly convicted?: number;
  readonly sentences?: readonly ({ months: number; suspended?: boolean } | null)[];
  readonly closed?: { on: string; reason: 'victim_compensated' | 'victim_withdrew'; text: string };
}

const sexVictim = (age: number, identifiedOn: string): VictimSpec => ({
  sex: 'female',
  age,
  forms: ['sexual'],
  identifiedOn,
  referred: 'yes',
});
const labourVictim = (
  age: number,
  identifiedOn: string,
  sex: 'female' | 'male' = 'male',
): VictimSpec => ({
  sex,
  age,
  forms: ['forced_labour'],
  identifiedOn,
  referred: 'unknown',
});

/** The demo's cases: trafficking investigations 2014–2016 and the related-article cases of 2015. */
export function caseSpecs(): CaseSpec[] {
  const specs: CaseSpec[] = [
    // Opened in 2014, prosecuted in 2015; two of them decided in 2015 (four offenders, with sentences).
    {
      reference: 'DEMO-2014-01',
      openedOn: '2014-05-12',
      agency: 'police',
      origin: 'victim_complaint',
      article: '124',
      form: 'sex',
      victims: [sexVictim(22, '2014-05-12')],
      suspects: 2,
      referredOn: '2015-02-10',
      convictedOn: '2015-06-18',
      convicted: 2,
      sentences: [{ months: 96 }, { months: 60, suspended: true }],
    },
    {
      reference: 'DEMO-2014-02',
      openedOn: '2014-08-03',
      agency: 'osh',
      origin: 'victim_complaint',
      article: '124',
      form: 'labour',
      victims: [labourVictim(34, '2014-08-03')],
      suspects: 2,
      referredOn: '2015-03-05',
      convictedOn: '2015-09-22',
      convicted: 2,
      sentences: [{ months: 84 }, { months: 72 }],
    },
    {
      reference: 'DEMO-2014-03',
      openedOn: '2014-10-20',
      agency: 'police',
      origin: 'victim_complaint',
      article: '124',
      form: 'sex',
      victims: [sexVictim(19, '2014-10-20')],
      suspects: 1,
      referredOn: '2015-04-14',
    },
    // Opened in 2015: four investigations; three prosecuted in 2015, one dropped after the victim was paid.
    {
      reference: 'DEMO-2015-01',
      openedOn: '2015-02-02',
      agency: 'police',
      origin: 'victim_complaint',
      article: '124',
      form: 'sex',
      victims: [sexVictim(24, '2015-02-02')],
      suspects: 1,
      referredOn: '2015-07-09',
    },
    {
      reference: 'DEMO-2015-02',
      openedOn: '2015-04-16',
      agency: 'osh',
      origin: 'victim_complaint',
      article: '124',
      form: 'labour',
      victims: [labourVictim(41, '2015-04-16')],
      suspects: 2,
      referredOn: '2015-09-01',
    },
    {
      reference: 'DEMO-2015-03',
      openedOn: '2015-06-23',
      agency: 'police',
      origin: 'ngo_referral',
      article: '124',
      form: 'sex',
      victims: [sexVictim(20, '2015-06-25')],
      suspects: 1,
      referredOn: '2015-11-17',
    },
    {
      reference: 'DEMO-2015-04',
      openedOn: '2015-08-30',
      agency: 'police',
      origin: 'victim_complaint',
      article: '124',
      form: 'sex',
      victims: [sexVictim(18, '2015-08-30')],
      suspects: 1,
      closed: {
        on: '2015-12-04',
        reason: 'victim_compensated',
        text: 'The victim withdrew her complaint after the suspect paid her (synthetic).',
      },
    },
    // Opened in 2016: eight investigations. Five prosecuted and decided in 2016 (10 offenders, 9 victims, no sentence recorded).
    {
      reference: 'DEMO-2016-01',
      openedOn: '2016-01-19',
      agency: 'police',
      origin: 'victim_complaint',
      article: '124',
      form: 'sex',
      victims: [sexVictim(21, '2016-01-19'), sexVictim(17, '2016-01-25')],
      suspects: 2,
      referredOn: '2016-04-11',
      convictedOn: '2016-09-14',
      convicted: 2,
    },
    {
      reference: 'DEMO-2016-02',
      openedOn: '2016-02-08',
      agency: 'police',
      origin: 'victim_complaint',
      article: '124',
      form: 'sex',
      victims: [sexVictim(23, '2016-02-08'), sexVictim(25, '2016-02-08')],
      suspects: 2,
      referredOn: '2016-05-03',
      convictedOn: '2016-10-05',
      convicted: 2,
    },
    {
      reference: 'DEMO-2016-03',
      openedOn: '2016-03-14',
      agency: 'osh',
      origin: 'victim_complaint',
      article: '124',
      form: 'sex',
      victims: [sexVictim(19, '2016-03-14'), sexVictim(26, '2016-03-20')],
      suspects: 2,
      referredOn: '2016-06-21',
      convictedOn: '2016-11-09',
      convicted: 2,
    },
    {
      reference: 'DEMO-2016-04',
      openedOn: '2016-04-05',
      agency: 'osh',
      origin: 'victim_complaint',
      article: '124',
      form: 'labour',
      victims: [labourVictim(15, '2016-04-05'), labourVictim(16, '2016-04-05')],
      suspects: 2,
      referredOn: '2016-07-12',
      convictedOn: '2016-11-30',
      convicted: 2,
    },
    {
      reference: 'DEMO-2016-05',
      openedOn: '2016-05-17',
      agency: 'osh',
      origin: 'victim_complaint',
      article: '124',
      form: 'labour',
      victims: [labourVictim(14, '2016-05-17', 'female')],
      suspects: 2,
      referredOn: '2016-08-02',
      convictedOn: '2016-12-13',
      convicted: 2,
    },
    {
      reference: 'DEMO-2016-06',
      openedOn: '2016-07-04',
      agency: 'police',
      origin: 'ngo_referral',
      article: '124',
      form: 'sex',
      victims: [sexVictim(20, '2016-07-06')],
      suspects: 1,
    },
    {
      reference: 'DEMO-2016-07',
      openedOn: '2016-08-22',
      agency: 'police',
      origin: 'victim_complaint',
      article: '124',
      form: 'sex',
      victims: [sexVictim(22, '2016-08-22')],
      suspects: 1,
      closed: {
        on: '2016-11-15',
        reason: 'victim_compensated',
        text: 'The victim was paid by the suspects and asked that the case be dropped (synthetic).',
      },
    },
    {
      reference: 'DEMO-2016-08',
      openedOn: '2016-10-10',
      agency: 'police',
      origin: 'victim_complaint',
      article: '124',
      form: null,
      victims: [
        {
          sex: 'female',
          age: null,
          forms: ['unknown'],
          identifiedOn: '2016-10-10',
          referred: 'unknown',
        },
      ],
      suspects: 1,
    },
  ];
  // 2015: eighteen investigations under the prostitution articles, each involving a minor.
  for (let i = 1; i <= 18; i += 1) {
    const month = String(((i - 1) % 12) + 1).padStart(2, '0');
    specs.push({
      reference: `DEMO-2015-R${String(i).padStart(2, '0')}`,
      openedOn: `2015-${month}-${String(5 + (i % 20)).padStart(2, '0')}`,
      agency: i % 3 === 0 ? 'osh' : 'police',
      origin: i % 4 === 0 ? 'proactive_police' : 'victim_complaint',
      article: i <= 12 ? '260' : '261',
      form: 'sex',
      victims: [sexVictim(14 + (i % 4), `2015-${month}-${String(5 + (i % 20)).padStart(2, '0')}`)],
      suspects: 1,
    });
  }
  return specs;
}
