/**
 * HTCDS 2.0 (IOM's Human Trafficking Case Data Standard, ../shared/reference/standards.md §4)
 * as a JSON document: one object per case with HTCDS's own fields (`cas_`, `prs_`, `vic_`,
 * `per_`, `hte_`) and, prefixed `plm_`, the registry's fields HTCDS has no place for (the date a
 * case was opened, ages, charges and the prosecution's events: "it has no prosecution or court
 * fields"). An HTCDS reader ignores the `plm_` fields; Palermo reads them back, so that an export
 * imported into another registry gives the same records (the round trip).
 *
 * What is never in the document: names and other identities (kept encrypted, not exchanged),
 * free texts (summaries, reasons: they may name people), and sealed cases.
 *
 * Pure: export builds the document from facts read by src/app/exchange; import checks it and
 * plans each case for the ordinary import writer (src/app/import), naming every problem.
 */
import countries from 'i18n-iso-countries';
import { z } from 'zod';
import type { CasePlan, PlannedEvent, PlannedPerson, RowProblem } from '../import/plan.ts';
import {
  ageKinds,
  caseOrigins,
  exploitationForms,
  personRoles,
  traffickingForms,
  triStates,
  verdictOutcomes,
} from '../vocabulary.ts';
import type { ExploitationForm } from '../vocabulary.ts';
import { jurisdictionCodeSchema } from '../jurisdiction.ts';

export const htcdsVersion = '2.0';

/** HTCDS's `vic_TypeOfExploitation` picklist. */
export const htcdsExploitationTypes = [
  'ForcedLabour',
  'SexualExploitation',
  'ChildLabour',
  'ForcedMarriage',
  'Servitude',
  'ForcedMilitaryByNonStateActors',
  'OrganRemoval',
  'ForcedBegging',
  'ForcedAdoption',
  'Surrogacy',
  'Other',
] as const;
type HtcdsExploitation = (typeof htcdsExploitationTypes)[number];

const toHtcdsForm: Readonly<Record<ExploitationForm, HtcdsExploitation | null>> = {
  sexual: 'SexualExploitation',
  forced_labour: 'ForcedLabour',
  forced_begging: 'ForcedBegging',
  forced_criminality: 'Other',
  forced_marriage: 'ForcedMarriage',
  organ_removal: 'OrganRemoval',
  servitude: 'Servitude',
  other: 'Other',
  // Asked and not known: HTCDS's picklist has no such value (the plm_ field keeps it).
  unknown: null,
};
const fromHtcdsForm: Readonly<Record<HtcdsExploitation, ExploitationForm>> = {
  ForcedLabour: 'forced_labour',
  SexualExploitation: 'sexual',
  ChildLabour: 'forced_labour',
  ForcedMarriage: 'forced_marriage',
  Servitude: 'servitude',
  ForcedMilitaryByNonStateActors: 'other',
  OrganRemoval: 'organ_removal',
  ForcedBegging: 'forced_begging',
  ForcedAdoption: 'other',
  Surrogacy: 'other',
  Other: 'other',
};

const htcdsGenders = ['Male', 'Female', 'Transgender/NonConforming', 'Unknown'] as const;
const toGender: Readonly<Record<string, (typeof htcdsGenders)[number]>> = {
  male: 'Male',
  female: 'Female',
  other: 'Transgender/NonConforming',
  unknown: 'Unknown',
};
const fromGender: Readonly<Record<(typeof htcdsGenders)[number], string>> = {
  Male: 'male',
  Female: 'female',
  'Transgender/NonConforming': 'other',
  Unknown: 'unknown',
};

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');
const id = z.string().trim().min(1).max(200);

/** The prosecution events the exchange carries (the others are counted, not carried). */
export const exchangedEventKinds = ['refer', 'indict', 'verdict', 'sentence', 'final'] as const;

const person = z.looseObject({
  prs_PersonID: id,
  prs_Gender: z.enum(htcdsGenders).nullable().optional(),
  prs_Nationality: z
    .string()
    .regex(/^[A-Z]{2}$/, 'must be an ISO 3166 two-letter country code')
    .nullable()
    .optional(),
  vic_TraffickingStatus: z.enum(['Possible', 'Actual', 'NotAVictim']).nullable().optional(),
  vic_TypeOfExploitation: z.array(z.enum(htcdsExploitationTypes)).nullable().optional(),
  per_RoleInProcess: z.array(z.string()).nullable().optional(),
  plm_Role: z.enum(personRoles).optional(),
  plm_Label: z.string().max(200).nullable().optional(),
  plm_Citizenship: z
    .string()
    .regex(
      /^([A-Z]{3}|stateless|unknown)$/,
      'must be an ISO 3166-1 alpha-3 code, stateless or unknown',
    )
    .nullable()
    .optional(),
  plm_AgeKind: z.enum(ageKinds).nullable().optional(),
  plm_AgeYears: z.number().int().min(0).max(120).nullable().optional(),
  plm_ExploitationForms: z.array(z.enum(exploitationForms)).nullable().optional(),
  plm_IdentifiedOn: date.nullable().optional(),
  plm_ReferredToServices: z.enum(triStates).nullable().optional(),
  plm_CooperatingAsWitness: z.enum(triStates).nullable().optional(),
});

const charge = z.strictObject({
  plm_ChargeID: id,
  prs_PersonID: id,
  plm_Instrument: z.string().min(1),
  plm_Article: z.string().min(1),
  plm_Part: z.string().min(1).nullable(),
  plm_Form: z.enum(traffickingForms).nullable(),
  plm_ChargedOn: date,
});

const event = z.strictObject({
  plm_EventID: id,
  plm_Kind: z.enum(exchangedEventKinds),
  plm_OccurredOn: date,
  prs_PersonID: id.nullable().optional(),
  plm_ChargeID: id.nullable().optional(),
  plm_Outcome: z.enum(verdictOutcomes).nullable().optional(),
  plm_ImprisonmentMonths: z.number().int().min(0).nullable().optional(),
  plm_ProbationMonths: z.number().int().min(0).nullable().optional(),
});

const htcdsCase = z.looseObject({
  cas_CaseID: id,
  cas_Status: z.enum(['Active', 'FollowUp', 'Closed', 'ClosedReferred']).nullable().optional(),
  plm_OpenedOn: date,
  plm_Origin: z.enum(caseOrigins).nullable().optional(),
  persons: z.array(person).default([]),
  /** HTCDS's historic trafficking events (recruitment, transit, exploitation). */
  hte_Events: z.array(z.looseObject({})).default([]),
  plm_Charges: z.array(charge).default([]),
  plm_Events: z.array(event).default([]),
});
export type HtcdsCase = z.infer<typeof htcdsCase>;

/** The whole document. */
export const htcdsDocument = z.strictObject({
  standard: z.literal('HTCDS'),
  version: z.literal(htcdsVersion),
  jurisdiction: jurisdictionCodeSchema,
  exportedAt: z.string().optional(),
  cases: z.array(htcdsCase),
});
export type HtcdsDocument = z.infer<typeof htcdsDocument>;

/** A case as the registry holds it, for export. */
export interface CaseFacts {
  readonly reference: string;
  readonly status: string;
  readonly openedOn: string;
  readonly origin: string | null;
  readonly persons: readonly {
    readonly id: string;
    readonly role: string;
    readonly label: string | null;
    readonly sex: string | null;
    readonly ageKind: string | null;
    readonly ageYears: number | null;
    readonly citizenship: string | null;
    readonly victim: {
      readonly forms: readonly string[] | null;
      readonly identifiedOn: string | null;
      readonly referredToServices: string | null;
      readonly cooperatingAsWitness: string | null;
    } | null;
  }[];
  readonly charges: readonly {
    readonly id: string;
    readonly personId: string;
    readonly instrument: string;
    readonly article: string;
    readonly part: string | null;
    readonly form: string | null;
    readonly chargedOn: string;
  }[];
  readonly events: readonly {
    readonly id: string;
    readonly kind: string;
    readonly occurredOn: string;
    readonly personId: string | null;
    readonly chargeId: string | null;
    readonly outcome: string | null;
    readonly imprisonmentMonths: number | null;
    readonly probationMonths: number | null;
  }[];
}

const closedStatuses = new Set(['closed', 'final']);
const isForm = (f: string): f is ExploitationForm => exploitationForms.some((x) => x === f);

/** One case as HTCDS; `notCarried` counts the events of kinds the exchange does not carry. */
export function htcdsCaseOf(facts: CaseFacts, notCarried: Record<string, number>): HtcdsCase {
  return {
    cas_CaseID: facts.reference,
    cas_Status: closedStatuses.has(facts.status) ? 'Closed' : 'Active',
    plm_OpenedOn: facts.openedOn,
    plm_Origin: caseOrigins.find((o) => o === facts.origin) ?? null,
    persons: facts.persons.map((p) => {
      const forms = p.victim?.forms?.filter(isForm) ?? null;
      const htcdsForms =
        forms === null
          ? null
          : [
              ...new Set(
                forms.map((f) => toHtcdsForm[f]).filter((f): f is HtcdsExploitation => f !== null),
              ),
            ];
      const alpha2 =
        p.citizenship !== null && /^[A-Z]{3}$/.test(p.citizenship)
          ? (countries.alpha3ToAlpha2(p.citizenship) ?? null)
          : null;
      return {
        prs_PersonID: p.id,
        prs_Gender: p.sex === null ? null : (toGender[p.sex] ?? null),
        prs_Nationality: alpha2,
        ...(p.role === 'victim'
          ? {
              vic_TraffickingStatus:
                p.victim !== null && p.victim.identifiedOn !== null ? 'Actual' : 'Possible',
              vic_TypeOfExploitation: htcdsForms,
            }
          : {}),
        ...(p.role === 'suspect' ? { per_RoleInProcess: null } : {}),
        plm_Role: personRoles.find((r) => r === p.role) ?? 'suspect',
        plm_Label: p.label,
        plm_Citizenship: p.citizenship,
        plm_AgeKind: ageKinds.find((k) => k === p.ageKind) ?? null,
        plm_AgeYears: p.ageYears,
        ...(p.victim === null
          ? {}
          : {
              plm_ExploitationForms: forms,
              plm_IdentifiedOn: p.victim.identifiedOn,
              plm_ReferredToServices:
                triStates.find((t) => t === p.victim?.referredToServices) ?? null,
              plm_CooperatingAsWitness:
                triStates.find((t) => t === p.victim?.cooperatingAsWitness) ?? null,
            }),
      };
    }),
    // The registry holds no recruitment, transit or exploitation events.
    hte_Events: [],
    plm_Charges: facts.charges.map((c) => ({
      plm_ChargeID: c.id,
      prs_PersonID: c.personId,
      plm_Instrument: c.instrument,
      plm_Article: c.article,
      plm_Part: c.part,
      plm_Form: traffickingForms.find((f) => f === c.form) ?? null,
      plm_ChargedOn: c.chargedOn,
    })),
    plm_Events: facts.events.flatMap((e) => {
      const kind = exchangedEventKinds.find((k) => k === e.kind);
      if (kind === undefined) {
        notCarried[e.kind] = (notCarried[e.kind] ?? 0) + 1;
        return [];
      }
      return [
        {
          plm_EventID: e.id,
          plm_Kind: kind,
          plm_OccurredOn: e.occurredOn,
          ...(e.personId === null ? {} : { prs_PersonID: e.personId }),
          ...(e.chargeId === null || kind !== 'verdict' ? {} : { plm_ChargeID: e.chargeId }),
          ...(kind === 'verdict'
            ? { plm_Outcome: verdictOutcomes.find((o) => o === e.outcome) ?? null }
            : {}),
          ...(kind === 'sentence'
            ? {
                plm_ImprisonmentMonths: e.imprisonmentMonths,
                plm_ProbationMonths: e.probationMonths,
              }
            : {}),
        },
      ];
    }),
  };
}

/** Checks an HTCDS document's text; refuses it naming every wrong field by its path. */
export function parseHtcds(
  text: string,
  fileName: string,
): { document: HtcdsDocument } | { problems: RowProblem[] } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return {
      problems: [{ row: 0, column: fileName, value: '', reason: `not valid JSON: ${message}` }],
    };
  }
  const result = htcdsDocument.safeParse(data);
  if (result.success) return { document: result.data };
  return {
    problems: result.error.issues.map((issue) => {
      const caseIndex =
        issue.path[0] === 'cases' && typeof issue.path[1] === 'number' ? issue.path[1] : -1;
      return {
        row: caseIndex + 1,
        column: issue.path.map(String).join('.') || '(document)',
        value: '',
        reason: issue.message,
      };
    }),
  };
}

/** What an HTCDS case carries that the registry does not import: counted, by field. */
export function notImportedFields(c: HtcdsCase, counts: Record<string, number>): void {
  const known = new Set([...Object.keys(htcdsCase.shape)]);
  const knownPerson = new Set(Object.keys(person.shape));
  const add = (field: string) => (counts[field] = (counts[field] ?? 0) + 1);
  for (const field of Object.keys(c)) if (!known.has(field)) add(field);
  for (const p of c.persons)
    for (const field of Object.keys(p)) if (!knownPerson.has(field)) add(field);
  if (c.hte_Events.length > 0) counts.hte_Events = (counts.hte_Events ?? 0) + c.hte_Events.length;
}

/**
 * One HTCDS case as the records it becomes (`row` is its position in the document, 1-based),
 * or every problem found in it. The `plm_` fields are preferred; without them the HTCDS fields
 * are read (gender, nationality, exploitation types, the trafficking status for the role).
 */
export function planHtcdsCase(
  c: HtcdsCase,
  row: number,
): { plan: CasePlan; problems: [] } | { plan: null; problems: RowProblem[] } {
  const problems: RowProblem[] = [];
  const problem = (column: string, value: string, reason: string) =>
    problems.push({ row, column, value, reason });
  const persons: PlannedPerson[] = [];
  const personKeys = new Set<string>();
  c.persons.forEach((p, i) => {
    const at = `persons.${i}`;
    if (personKeys.has(p.prs_PersonID)) {
      problem(`${at}.prs_PersonID`, p.prs_PersonID, 'the same person ID is twice in the case');
      return;
    }
    personKeys.add(p.prs_PersonID);
    const role =
      p.plm_Role ??
      (p.vic_TraffickingStatus === 'Actual' || p.vic_TraffickingStatus === 'Possible'
        ? 'victim'
        : p.per_RoleInProcess !== undefined
          ? 'suspect'
          : p.vic_TraffickingStatus === 'NotAVictim'
            ? 'witness'
            : null);
    if (role === null) {
      problem(
        `${at}.plm_Role`,
        '',
        'the role is not given: plm_Role, vic_TraffickingStatus or per_RoleInProcess is needed',
      );
      return;
    }
    let citizenship = p.plm_Citizenship ?? null;
    if (citizenship === null && p.prs_Nationality != null) {
      citizenship = countries.alpha2ToAlpha3(p.prs_Nationality) ?? null;
      if (citizenship === null)
        problem(`${at}.prs_Nationality`, p.prs_Nationality, 'not an ISO 3166 country code');
    }
    const ageKind = p.plm_AgeKind ?? null;
    const ageYears = p.plm_AgeYears ?? null;
    if ((ageKind === 'exact' || ageKind === 'estimated') && ageYears === null)
      problem(`${at}.plm_AgeYears`, '', `an age that is ${ageKind} needs plm_AgeYears`);
    if ((ageKind === null || ageKind === 'unknown') && ageYears !== null)
      problem(
        `${at}.plm_AgeKind`,
        String(ageYears),
        'plm_AgeYears needs plm_AgeKind exact or estimated',
      );
    const forms =
      p.plm_ExploitationForms ??
      (p.vic_TypeOfExploitation == null
        ? null
        : [...new Set(p.vic_TypeOfExploitation.map((t) => fromHtcdsForm[t]))]);
    const hasVictimRecord =
      role === 'victim' &&
      (forms !== null ||
        p.plm_IdentifiedOn != null ||
        p.plm_ReferredToServices != null ||
        p.plm_CooperatingAsWitness != null);
    persons.push({
      key: p.prs_PersonID,
      line: row,
      role,
      label: p.plm_Label ?? null,
      sex: p.prs_Gender == null ? null : fromGender[p.prs_Gender],
      ageYears: ageKind === 'exact' || ageKind === 'estimated' ? ageYears : null,
      ...(ageKind === null ? {} : { ageKind }),
      citizenship,
      victim: hasVictimRecord
        ? {
            forms,
            identifiedOn: p.plm_IdentifiedOn ?? null,
            referredToServices: p.plm_ReferredToServices ?? null,
            cooperatingAsWitness: p.plm_CooperatingAsWitness ?? null,
          }
        : null,
    });
  });
  const chargeKeys = new Set<string>();
  const charges = c.plm_Charges.flatMap((ch, i) => {
    const at = `plm_Charges.${i}`;
    if (!personKeys.has(ch.prs_PersonID)) {
      problem(`${at}.prs_PersonID`, ch.prs_PersonID, 'no person of the case has this ID');
      return [];
    }
    if (chargeKeys.has(ch.plm_ChargeID)) {
      problem(`${at}.plm_ChargeID`, ch.plm_ChargeID, 'the same charge ID is twice in the case');
      return [];
    }
    chargeKeys.add(ch.plm_ChargeID);
    return [
      {
        key: ch.plm_ChargeID,
        personKey: ch.prs_PersonID,
        line: row,
        statute: { instrument: ch.plm_Instrument, article: ch.plm_Article, part: ch.plm_Part },
        chargedOn: ch.plm_ChargedOn,
        form: ch.plm_Form,
      },
    ];
  });
  const events: PlannedEvent[] = [];
  const eventKeys = new Set<string>();
  c.plm_Events.forEach((e, order) => {
    const at = `plm_Events.${order}`;
    if (eventKeys.has(e.plm_EventID)) {
      problem(`${at}.plm_EventID`, e.plm_EventID, 'the same event ID is twice in the case');
      return;
    }
    eventKeys.add(e.plm_EventID);
    const base = { key: e.plm_EventID, line: row, occurredOn: e.plm_OccurredOn, order };
    const personKey = e.prs_PersonID ?? null;
    if (e.plm_Kind === 'refer' || e.plm_Kind === 'final') {
      events.push({ ...base, kind: e.plm_Kind });
      return;
    }
    if (personKey === null || !personKeys.has(personKey)) {
      problem(
        `${at}.prs_PersonID`,
        personKey ?? '',
        `a ${e.plm_Kind} event needs a person of the case`,
      );
      return;
    }
    if (e.plm_Kind === 'indict') events.push({ ...base, kind: 'indict', personKey });
    else if (e.plm_Kind === 'verdict') {
      const chargeKey = e.plm_ChargeID ?? null;
      if (chargeKey === null || !chargeKeys.has(chargeKey))
        problem(`${at}.plm_ChargeID`, chargeKey ?? '', 'a verdict needs a charge of the case');
      else if (e.plm_Outcome == null)
        problem(`${at}.plm_Outcome`, '', 'a verdict needs an outcome');
      else events.push({ ...base, kind: 'verdict', personKey, chargeKey, outcome: e.plm_Outcome });
    } else
      events.push({
        ...base,
        kind: 'sentence',
        personKey,
        imprisonmentMonths: e.plm_ImprisonmentMonths ?? null,
        probationMonths: e.plm_ProbationMonths ?? null,
      });
  });
  if (problems.length > 0) return { plan: null, problems };
  return {
    plan: {
      case: {
        key: c.cas_CaseID,
        reference: c.cas_CaseID,
        openedOn: c.plm_OpenedOn,
        origin: c.plm_Origin ?? null,
        summary: null,
      },
      persons,
      charges,
      // In the exporter's order: the timeline as it was recorded.
      events,
      skippedCharges: {},
      skippedSentences: 0,
    },
    problems: [],
  };
}
