import { useQuery } from '@tanstack/react-query';
import type { AgencyView, UserView } from '../app/schemas/agencies.schemas.ts';
import type {
  InvalidPackView,
  JurisdictionView,
  JurisdictionsView,
} from '../app/schemas/jurisdictions.schemas.ts';
import { api } from './api.ts';
import { usePermissions } from './components/sign-in.tsx';
import type { Page } from './api.ts';

export type { AgencyView, UserView };
export type {
  CaseSummaryView,
  CaseView,
  ChargeView,
  EventView,
  PersonView,
  SentenceView,
  VictimRecordView,
  VerdictView,
  IdentityView,
} from '../app/schemas/cases.schemas.ts';
export type {
  TrainingView,
  AllegationView,
  CertificationView,
} from '../app/schemas/registers.schemas.ts';

/** `GET /api/jurisdictions` (src/app/schemas/jurisdictions.schemas.ts). */
export type JurisdictionSummary = JurisdictionView;
/** A provision as /api/jurisdictions lists it. */
export type ProvisionSummary = JurisdictionView['provisions'][number];
/** A pack that failed validation: not loaded, with its file:line problems. */
export type InvalidPackSummary = InvalidPackView;

/** An imprisonment range in months (maxMonths null: no upper bound stated). */
export type RangeView =
  { minMonths: number; maxMonths: number | null; life: boolean } | null | 'unknown';

/** Every agency (the registry holds tens, not thousands). */
export function useAgencies() {
  return useQuery({
    queryKey: ['agencies'],
    queryFn: () => api<Page<AgencyView>>('/api/agencies', { query: { pageSize: 500 } }),
    staleTime: 30_000,
  });
}

/** Every user. */
export function useUsers() {
  return useQuery({
    queryKey: ['users'],
    queryFn: () => api<Page<UserView>>('/api/users', { query: { pageSize: 500 } }),
    staleTime: 30_000,
  });
}

/** Loaded statute packs (and those refused as invalid). */
export function useJurisdictions() {
  return useQuery({
    queryKey: ['jurisdictions'],
    queryFn: () => api<JurisdictionsView>('/api/jurisdictions'),
    staleTime: Infinity,
  });
}

/** One provision as evaluated on a date: its version in force and imprisonment range. */
export interface ProvisionInForce {
  readonly provisionId: string;
  readonly instrument: string;
  readonly article: string;
  readonly title: string;
  readonly kind: string;
  readonly versionId: string;
  readonly imprisonment: RangeView;
}

/** What a pack says about a date: whether it covers it, and which provisions have no version. */
export interface LawOnDate {
  /** Absent from servers whose packs do not declare the period they cover. */
  readonly coverage?: { covered: boolean; from: string; to: string; explanation: string | null };
  readonly provisions: ProvisionInForce[];
  readonly noVersionInForce: { provisionId: string; article: string; reason: string }[];
}

/** The pack evaluated on a date with every fact unknown: what is in force and what is not. */
export function useLawOnDate(code: string | undefined, asOf: string) {
  return useQuery({
    queryKey: ['law-on-date', code, asOf],
    enabled: code !== undefined && code !== '' && /^\d{4}-\d{2}-\d{2}$/.test(asOf),
    staleTime: Infinity,
    queryFn: async (): Promise<LawOnDate> => {
      const result = await api<{
        coverage?: LawOnDate['coverage'];
        applicable?: ProvisionInForce[];
        possiblyApplicable?: ProvisionInForce[];
        notApplicable?: ProvisionInForce[];
        noVersionInForce?: LawOnDate['noVersionInForce'];
      }>(`/api/jurisdictions/${code ?? ''}/evaluate`, {
        body: { offenceDate: asOf, acts: null, means: null, purposes: null, victimAge: null },
      });
      return {
        ...(result.coverage === undefined ? {} : { coverage: result.coverage }),
        provisions: [
          ...(result.applicable ?? []),
          ...(result.possiblyApplicable ?? []),
          ...(result.notApplicable ?? []),
        ],
        noVersionInForce: result.noVersionInForce ?? [],
      };
    },
  });
}

/** The name of an agency by id (or the id while agencies load). */
export function useAgencyName(): (id: string | null | undefined) => string {
  const agencies = useAgencies();
  return (id) => {
    if (id === null || id === undefined) return '—';
    return agencies.data?.items.find((agency) => agency.id === id)?.name ?? id.slice(0, 8);
  };
}

/** `12 months` → years and months, as a compact range label input. */
export function monthsParts(months: number): { years: number; months: number } {
  return { years: Math.floor(months / 12), months: months % 12 };
}

/**
 * The first and last year the registry records anything in (the current year for both when it
 * records nothing yet), from the endpoint every signed-in user may read.
 */
export function useYearRange(jurisdiction?: string) {
  return useQuery({
    queryKey: ['year-range', jurisdiction ?? null],
    queryFn: async () => {
      const years = await api<{ first: number | null; last: number | null }>('/api/reports/years', {
        query: { jurisdiction },
      });
      const current = new Date().getUTCFullYear();
      const last = years.last ?? current;
      return { first: Math.min(years.first ?? last, last), last };
    },
    staleTime: 10_000,
  });
}

/**
 * The only jurisdiction the registry is used for (its agencies' with an installed pack), or
 * null when there are several or none: the server decides, as it does for the CLI's defaults.
 */
export function useJurisdictionInUse(): string | null | undefined {
  const inUse = useQuery({
    queryKey: ['jurisdiction-in-use'],
    queryFn: () =>
      api<{ jurisdiction: string | null }>('/api/reports/years').then((r) => r.jurisdiction),
    staleTime: 30_000,
  });
  return inUse.data;
}

/**
 * The jurisdiction a form with a visible jurisdiction choice starts on: the user's own (as
 * below), else the first statute pack loaded, shown selected so the user sees and can change it.
 */
export function useDefaultJurisdiction(): string {
  const own = useOwnJurisdiction();
  const jurisdictions = useJurisdictions();
  return own !== '' ? own : (jurisdictions.data?.jurisdictions[0]?.code ?? '');
}

/**
 * The jurisdiction new records and reports default to: the user's own agency's when a statute
 * pack is installed for it, else the only one in use, else the only statute pack loaded; ''
 * when none says (the form then asks the server, which names what is missing).
 */
export function useOwnJurisdiction(): string {
  const agencies = useAgencies();
  const jurisdictions = useJurisdictions();
  const inUse = useJurisdictionInUse();
  const { me } = usePermissions();
  const packs = jurisdictions.data?.jurisdictions ?? [];
  const own = agencies.data?.items.find((agency) => agency.id === me?.agencyId)?.jurisdiction;
  const ownHasPack = own !== undefined && packs.some((p) => p.code === own);
  return (ownHasPack ? own : null) ?? inUse ?? (packs.length === 1 ? (packs[0]?.code ?? '') : '');
}
