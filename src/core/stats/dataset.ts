import type { ProvisionKind } from '../statutes/schema.ts';
import type {
  AgeKind,
  AgencyKind,
  CaseOrigin,
  ComplicityStatus,
  ExploitationForm,
  PersonRole,
  Sex,
  TraffickingForm,
  TriState,
  TrainingAudience,
  VerdictOutcome,
} from '../vocabulary.ts';
import type { JurisdictionCode } from '../jurisdiction.ts';

/** A provision as the statistics need it: its kind, how to name it, and how it is counted. */
export interface ProvisionInfo {
  readonly key: string;
  readonly article: string;
  readonly title: string;
  readonly kind: ProvisionKind;
  /**
   * The periods (from the pack's versions) in which cases under the provision are counted
   * otherwise than its kind says; outside them, the kind decides. Bounds are inclusive, null open.
   */
  readonly countedAs?: readonly {
    readonly from: string | null;
    readonly to: string | null;
    readonly kind: ProvisionKind;
  }[];
}

export interface StatsPerson {
  readonly id: string;
  readonly role: PersonRole;
  readonly sex: Sex | null;
  readonly ageKind: AgeKind | null;
  readonly ageYears: number | null;
  readonly citizenship: string | null;
  readonly publicOfficial: TriState | null;
}

export interface StatsVictim {
  readonly personId: string;
  readonly forms: readonly ExploitationForm[] | null;
  readonly identifiedOn: string | null;
  readonly referredToServices: TriState | null;
}

export interface StatsCharge {
  readonly id: string;
  readonly personId: string;
  /** `instrument:article`, the key of `StatsDataset.provisions`. */
  readonly provisionKey: string;
  readonly form: TraffickingForm | null;
  readonly chargedOn: string;
  readonly offenceDate: string | null;
  readonly active: boolean;
}

export interface StatsVerdict {
  readonly personId: string;
  readonly chargeId: string;
  readonly outcome: VerdictOutcome;
  readonly decidedOn: string;
  readonly onAppeal: boolean;
}

export interface StatsSentence {
  readonly id: string;
  readonly personId: string;
  readonly chargeId: string | null;
  readonly sentencedOn: string;
  readonly imprisonmentMonths: number | null;
  readonly life: boolean;
  readonly suspended: boolean;
  readonly probationMonths: number | null;
  readonly houseArrestMonths: number | null;
  readonly fineAmount: number | null;
  readonly fineCurrency: string | null;
  readonly otherMeasures: string | null;
}

/** One case with everything the counting rules read. */
export interface StatsCase {
  readonly id: string;
  readonly reference: string;
  readonly openedOn: string;
  readonly origin: CaseOrigin | null;
  readonly openingAgencyId: string;
  /** `instrument:article` of the registration article, or null. */
  readonly registeredKey: string | null;
  /** The date of the case's first referral to prosecution, or null. */
  readonly referredOn: string | null;
  readonly persons: readonly StatsPerson[];
  readonly victims: readonly StatsVictim[];
  readonly charges: readonly StatsCharge[];
  readonly indictments: readonly { readonly personId: string; readonly on: string }[];
  readonly verdicts: readonly StatsVerdict[];
  readonly sentences: readonly StatsSentence[];
}

export interface StatsTraining {
  readonly id: string;
  readonly title: string;
  readonly startsOn: string;
  readonly endsOn: string;
  readonly audiences: readonly {
    readonly audience: TrainingAudience;
    readonly participants: number | null;
  }[];
  readonly partners: readonly string[];
  readonly trainers: readonly string[];
}

export interface StatsAllegation {
  readonly id: string;
  readonly receivedOn: string;
  readonly status: ComplicityStatus;
  readonly investigatedOn: string | null;
  readonly resultingCaseId: string | null;
}

export interface StatsAgency {
  readonly id: string;
  readonly name: string;
  readonly kind: AgencyKind;
}

/** Everything a report is computed from, fetched by the database layer. */
export interface StatsDataset {
  readonly jurisdiction: JurisdictionCode;
  readonly cases: readonly StatsCase[];
  readonly trainings: readonly StatsTraining[];
  readonly allegations: readonly StatsAllegation[];
  readonly agencies: readonly StatsAgency[];
  readonly certifications: readonly {
    readonly agencyId: string;
    readonly from: string;
    readonly to: string;
  }[];
  /** Provisions by `instrument:article`; a key missing here is a provision the pack does not have. */
  readonly provisions: Readonly<Record<string, ProvisionInfo>>;
}
