/**
 * The shared vocabulary of case facts and statute elements. Packs may extend these lists
 * (a pack's `vocabulary.extend`), never rename a term: facts written for one pack must mean
 * the same thing when evaluated against another.
 */

/** The Protocol's five acts (art. 3(a)). */
export const protocolActs = [
  'recruitment',
  'transportation',
  'transfer',
  'harbouring',
  'receipt',
] as const;

/** The Protocol's means (art. 3(a)), plus terms national laws name separately. */
export const protocolMeans = [
  'threat',
  'force',
  'coercion',
  'abduction',
  'fraud',
  'deception',
  'abuse_of_power',
  'abuse_of_vulnerability',
  'payments',
] as const;

export const sharedMeans = [...protocolMeans, 'blackmail'] as const;

/** Purposes the Protocol names as the minimum content of "exploitation" (art. 3(a)). */
export const protocolMinimumPurposes = [
  'sexual_exploitation',
  'prostitution_of_others',
  'forced_labour',
  'slavery',
  'servitude',
  'organ_removal',
] as const;

export const sharedPurposes = [
  ...protocolMinimumPurposes,
  'forced_begging',
  'forced_criminality',
  'forced_marriage',
  'commercial_adoption',
] as const;

/**
 * How each shared purpose stands against the Protocol: `minimum` is in its list, `within` is a
 * form of one of them (forced begging is forced labour or services), `beyond` is not trafficking
 * under the Protocol at all and inflates trafficking statistics when a law counts it.
 */
export const purposeStanding: Readonly<Record<string, 'minimum' | 'within' | 'beyond'>> = {
  sexual_exploitation: 'minimum',
  prostitution_of_others: 'minimum',
  forced_labour: 'minimum',
  slavery: 'minimum',
  servitude: 'minimum',
  organ_removal: 'minimum',
  forced_begging: 'within',
  forced_criminality: 'within',
  forced_marriage: 'within',
  commercial_adoption: 'beyond',
};

/** Purposes that make an offence "sex trafficking" for the TVPA commensurability standard. */
export const sexualPurposes: readonly string[] = ['sexual_exploitation', 'prostitution_of_others'];

/** Aggravating (and other qualifying) circumstances the shared vocabulary knows. */
export const sharedAggravating = [
  'organised_group',
  'group_by_prior_agreement',
  'repeated',
  'multiple_victims',
  'official_position',
  'death_resulted',
  'serious_harm',
  'kidnapping',
  'aggravated_sexual_abuse',
  'attempt_to_kill',
  'cross_border',
  'attempt',
  'conspiracy',
] as const;

export type VocabularyKind = 'acts' | 'means' | 'purposes' | 'aggravating';

/** A vocabulary as a pack sees it: the shared terms plus its own extensions. */
export interface Vocabulary {
  readonly acts: ReadonlySet<string>;
  readonly means: ReadonlySet<string>;
  readonly purposes: ReadonlySet<string>;
  readonly aggravating: ReadonlySet<string>;
}

/** The shared vocabulary extended with a pack's own terms. */
export function buildVocabulary(
  extend: Partial<Record<VocabularyKind, readonly string[]>> = {},
): Vocabulary {
  return {
    acts: new Set([...protocolActs, ...(extend.acts ?? [])]),
    means: new Set([...sharedMeans, ...(extend.means ?? [])]),
    purposes: new Set([...sharedPurposes, ...(extend.purposes ?? [])]),
    aggravating: new Set([...sharedAggravating, ...(extend.aggravating ?? [])]),
  };
}

/** The TIP reports' rule of practice: a maximum of at least four years is "sufficiently stringent". */
export const STRINGENT_MAX_MONTHS = 48;
