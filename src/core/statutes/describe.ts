/**
 * Plain-English renderings of pack data, shared by conformance findings and the CLI.
 */
import { formatRange } from './penalty.ts';
import type { Condition, PenaltyBranch, Sanction } from './schema.ts';

/** "victim aged 14–17", "aggravating circumstances (unspecified)", … */
export function describeCondition(condition: Condition | undefined): string {
  if (condition === undefined) return 'in every case';
  const parts: string[] = [];
  const age = condition.victimAge;
  if (age !== undefined) {
    if (age.min === undefined && age.max !== undefined) parts.push(`victim under ${age.max + 1}`);
    else if (age.max === undefined && age.min !== undefined)
      parts.push(`victim aged ${age.min} or over`);
    else parts.push(`victim aged ${age.min ?? 0}–${age.max ?? ''}`);
  }
  if (condition.meansAnyOf) parts.push(`by ${condition.meansAnyOf.join(', ')}`);
  if (condition.purposesAnyOf) parts.push(`for ${condition.purposesAnyOf.join(', ')}`);
  if (condition.aggravatingAnyOf) parts.push(`with ${condition.aggravatingAnyOf.join(', ')}`);
  if (condition.aggravatingUnspecified)
    parts.push('with aggravating circumstances (not listed by the source)');
  if (condition.anyOf) parts.push(`(${condition.anyOf.map(describeCondition).join(' or ')})`);
  return parts.join(', ');
}

/** One sanction for people: "fine (amount unknown) in lieu of imprisonment", "5 to 20 years". */
export function describeSanction(sanction: Sanction): string {
  switch (sanction.kind) {
    case 'imprisonment':
      return `imprisonment ${formatRange({
        minMonths: sanction.minMonths,
        maxMonths: sanction.maxMonths,
        life: sanction.life,
      }).replace('imprisonment: ', '')}${sanction.note ? ` (${sanction.note})` : ''}`;
    case 'fine': {
      const amount =
        sanction.amount === 'unknown'
          ? 'amount unknown'
          : `${sanction.amount.min ?? 0}–${sanction.amount.max ?? 'unlimited'} ${sanction.amount.unit}`;
      return `fine (${amount})${sanction.inLieuOfImprisonment ? ' in lieu of imprisonment' : ''}`;
    }
    case 'house_arrest':
    case 'correctional_labour':
      return `${sanction.kind.replace('_', ' ')} up to ${sanction.maxMonths} months${
        sanction.inLieuOfImprisonment ? ' in lieu of imprisonment' : ''
      }`;
    case 'other':
      return `${sanction.text}${sanction.inLieuOfImprisonment ? ' in lieu of imprisonment' : ''}`;
  }
}

/** A branch for people: "victim aged 14–17: imprisonment 5 years to 10 years". */
export function describeBranch(branch: PenaltyBranch): string {
  const sanctions =
    branch.sanctions === 'unknown'
      ? 'penalty unknown'
      : branch.sanctions.map(describeSanction).join('; or ');
  return `${branch.part ? `${branch.part}: ` : ''}${describeCondition(branch.when)}: ${sanctions}`;
}
