import { useQuery } from '@tanstack/react-query';
import type { AgencyView, UserView } from '../app/schemas/agencies.schemas.ts';
import { api } from './api.ts';
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

/** A provision as /api/jurisdictions lists it. */
export interface ProvisionSummary {
  readonly id: string;
  readonly article: string;
  readonly title: string;
  readonly kind: 'trafficking' | 'related' | 'comparator';
}
export interface JurisdictionSummary {
  readonly code: string;
  readonly name: string;
  readonly provisions: readonly ProvisionSummary[];
}

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

/** Loaded statute packs. */
export function useJurisdictions() {
  return useQuery({
    queryKey: ['jurisdictions'],
    queryFn: () => api<{ jurisdictions: JurisdictionSummary[] }>('/api/jurisdictions'),
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

/** The provisions of a pack in force on a date (evaluated with every fact unknown). */
export function useProvisionsInForce(code: string | undefined, asOf: string) {
  return useQuery({
    queryKey: ['provisions-in-force', code, asOf],
    enabled: code !== undefined && code !== '' && /^\d{4}-\d{2}-\d{2}$/.test(asOf),
    staleTime: Infinity,
    queryFn: async () => {
      const result = await api<Record<string, ProvisionInForce[]>>(
        `/api/jurisdictions/${(code ?? '').toLowerCase()}/evaluate`,
        {
          body: { offenceDate: asOf, acts: null, means: null, purposes: null, victimAge: null },
        },
      );
      return [
        ...(result['applicable'] ?? []),
        ...(result['possiblyApplicable'] ?? []),
        ...(result['notApplicable'] ?? []),
      ];
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

/** The latest year the registry has a case in, and the earliest. */
export function useYearRange() {
  return useQuery({
    queryKey: ['year-range'],
    queryFn: async () => {
      const newest = await api<Page<{ openedOn: string }>>('/api/cases', {
        query: { pageSize: 1 },
      });
      const current = new Date().getUTCFullYear();
      if (newest.total === 0) return { first: current, last: current };
      const oldest = await api<Page<{ openedOn: string }>>('/api/cases', {
        query: { pageSize: 1, page: newest.total },
      });
      const last = Number(newest.items[0]?.openedOn.slice(0, 4) ?? current);
      const first = Number(oldest.items[0]?.openedOn.slice(0, 4) ?? last);
      return { first: Math.min(first, last), last };
    },
    staleTime: 10_000,
  });
}
