/**
 * The law over time, as a pack knows it: which dates the pack covers, and where each signed
 * amendment stands on a date (not yet signed, signed and pending, taken effect, or open because
 * the sources give only a window). The report's narrative and every screen ask here, so that
 * "pending" stops the day an amendment took effect and "no law" is never said of a date the
 * pack does not cover.
 */
import { DomainError } from '../errors.ts';
import { onOrAfter, type Tri } from './logic.ts';
import type { DateBound, Pack, ProvisionVersion } from './schema.ts';

/** Whether a pack covers a date, and the period it covers. */
export interface CoverageAnswer {
  readonly covered: boolean;
  readonly from: string;
  readonly to: string;
  /** A sentence for people when not covered, naming the pack and its period; null when covered. */
  readonly explanation: string | null;
}

/** Whether `date` lies within the period the pack describes (`coverage` in pack.yaml). */
export function coverageOn(pack: Pack, date: string): CoverageAnswer {
  const { from, to } = pack.coverage;
  const covered = from <= date && date <= to;
  return {
    covered,
    from,
    to,
    explanation: covered
      ? null
      : `The ${pack.name} statute pack covers ${from} to ${to}; it does not cover ${date}, so nothing is said about the law on that date.`,
  };
}

/** Whether a pack covers every day of a period. */
export function coversPeriod(pack: Pack, from: string, to: string): boolean {
  return pack.coverage.from <= from && to <= pack.coverage.to;
}

export const amendmentStates = [
  /** A draft (`proposed`) not yet introduced on the date. */
  'not_yet_proposed',
  /** A draft (`proposed`) introduced, not signed: never applied to a case. */
  'proposed',
  /** The earliest signing date the sources allow is after the date. */
  'not_yet_signed',
  /** The date lies inside the window in which it was signed. */
  'possibly_signed',
  /** Signed, not in force on the date. */
  'pending',
  /** The date lies inside the window in which it took effect. */
  'possibly_in_effect',
  /** In force on the date (as this provision or as the one named in `tookEffect.as`). */
  'in_effect',
] as const;
export type AmendmentState = (typeof amendmentStates)[number];

/** Where one signed or proposed amendment stands on a date. */
export interface AmendmentStatus {
  readonly provisionId: string;
  readonly article: string;
  readonly versionId: string;
  /** `signed_not_in_force`, or `proposed` (a draft not signed). */
  readonly status: 'signed_not_in_force' | 'proposed';
  readonly state: AmendmentState;
  /** For a signed amendment, the days the sources allow for its signing; null for a draft. */
  readonly signedBetween: { readonly from: string; readonly to: string } | null;
  /** For a draft, when it was introduced; null for a signed amendment. */
  readonly proposedBetween: { readonly from: string; readonly to: string } | null;
  /** When it took effect, if the pack knows (exact or a window). */
  readonly tookEffectOn: DateBound | null;
  /** The provision it took effect as (`tookEffect.as`), or this one. */
  readonly tookEffectAs: { readonly provisionId: string; readonly article: string } | null;
  readonly summary: string | null;
  /** The state in a sentence, from the pack's data. */
  readonly explanation: string;
}

const formatBound = (b: DateBound) =>
  typeof b === 'string' ? `on ${b}` : `between ${b.notBefore} and ${b.notAfter}`;

/** The states of a signed amendment (the others are a draft's). */
type SignedState = Exclude<AmendmentState, 'not_yet_proposed' | 'proposed'>;

function stateOn(version: ProvisionVersion, date: string): SignedState {
  const signed = version.signedBetween;
  if (signed === undefined || date < signed.from) return 'not_yet_signed';
  if (date < signed.to) return 'possibly_signed';
  if (version.tookEffect === undefined) return 'pending';
  const effect: Tri = onOrAfter(date, version.tookEffect.on);
  return effect === true ? 'in_effect' : effect === 'unknown' ? 'possibly_in_effect' : 'pending';
}

const between = (b: { from: string; to: string }) =>
  b.from === b.to ? `on ${b.from}` : `between ${b.from} and ${b.to}`;

/** Where a draft amendment (`proposed` version) stands on `date`. */
function proposalOn(
  provision: Pack['provisions'][number],
  v: ProvisionVersion,
  date: string,
): AmendmentStatus | null {
  const proposedBetween = v.proposedBetween;
  if (proposedBetween === undefined) return null;
  const state: AmendmentState = date < proposedBetween.from ? 'not_yet_proposed' : 'proposed';
  const when = between(proposedBetween);
  return {
    provisionId: provision.id,
    article: provision.article,
    versionId: v.id,
    status: 'proposed',
    state,
    signedBetween: null,
    proposedBetween,
    tookEffectOn: null,
    tookEffectAs: null,
    summary: v.summary ?? null,
    explanation:
      state === 'proposed'
        ? `A draft amendment to art. ${provision.article} was proposed ${when} and is not signed on ${date}: it is not law and no case is judged under it.`
        : `A draft amendment to art. ${provision.article} was not yet proposed on ${date} (proposed ${when}).`,
  };
}

/**
 * Every signed amendment (`signed_not_in_force` version) and every draft (`proposed` version) of
 * the pack, and where each stands on `date`.
 */
export function amendmentsOn(pack: Pack, date: string): AmendmentStatus[] {
  return pack.provisions.flatMap((provision) => [
    ...provision.versions
      .filter((v) => v.status === 'signed_not_in_force' && v.signedBetween !== undefined)
      .map((v): AmendmentStatus => {
        const signedBetween = v.signedBetween ?? { from: '', to: '' };
        const state = stateOn(v, date);
        const asId = v.tookEffect?.as;
        const as =
          v.tookEffect === undefined
            ? null
            : asId === undefined
              ? provision
              : (pack.provisions.find((p) => p.id === asId) ?? null);
        const tookEffectAs = as === null ? null : { provisionId: as.id, article: as.article };
        const signedText =
          signedBetween.from === signedBetween.to
            ? `signed on ${signedBetween.from}`
            : `signed between ${signedBetween.from} and ${signedBetween.to}`;
        const asText =
          tookEffectAs === null || tookEffectAs.provisionId === provision.id
            ? ''
            : ` as art. ${tookEffectAs.article} (${tookEffectAs.provisionId})`;
        const effectText =
          v.tookEffect === undefined
            ? 'the pack records no date on which it took effect'
            : state === 'pending'
              ? `it takes effect later, ${formatBound(v.tookEffect.on)}${asText}`
              : `it took effect ${formatBound(v.tookEffect.on)}${asText}`;
        const explanation: Record<SignedState, string> = {
          not_yet_signed: `An amendment to art. ${provision.article} was not yet signed on ${date} (${signedText}).`,
          possibly_signed: `An amendment to art. ${provision.article} was ${signedText}; on ${date} it may not yet have been signed.`,
          pending: `An amendment to art. ${provision.article} was ${signedText} and is not in force on ${date}; ${effectText}.`,
          possibly_in_effect: `An amendment to art. ${provision.article} was ${signedText}; ${effectText}, so on ${date} it may or may not be in force.`,
          in_effect: `An amendment to art. ${provision.article} was ${signedText}; ${effectText}.`,
        };
        return {
          provisionId: provision.id,
          article: provision.article,
          versionId: v.id,
          status: 'signed_not_in_force',
          state,
          signedBetween,
          proposedBetween: null,
          tookEffectOn: v.tookEffect?.on ?? null,
          tookEffectAs,
          summary: v.summary ?? null,
          explanation: explanation[state],
        };
      }),
    ...provision.versions.flatMap((v) => {
      const proposal = v.status === 'proposed' ? proposalOn(provision, v, date) : null;
      return proposal === null ? [] : [proposal];
    }),
  ]);
}

/** Whether an amendment (by version id) has taken effect on a date: true, false or unknown. */
export function amendmentInEffect(pack: Pack, versionId: string, date: string): Tri {
  const status = amendmentsOn(pack, date).find((a) => a.versionId === versionId);
  if (status === undefined)
    throw new DomainError(
      'NotFound',
      `the ${pack.code} pack has no signed amendment "${versionId}"`,
    );
  if (status.state === 'in_effect') return true;
  return status.state === 'possibly_in_effect' ? 'unknown' : false;
}
