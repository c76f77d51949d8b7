/**
 * Statutes as code: pack schema, evaluator, sentence check, conformance and screening.
 * The registry and the reports import from here.
 */
export { checkConformance, findingCodes } from './conformance.ts';
export type { ConformanceReport, Finding, FindingCode, Severity } from './conformance.ts';
export { evaluate, evaluateVersion, traceElements, validateFacts } from './evaluate.ts';
export type {
  Applicability,
  ElementTrace,
  EvaluationResult,
  ProvisionEvaluation,
} from './evaluate.ts';
export { FactsSchema, inForceState, versionInForce, versionsPossiblyInForce } from './logic.ts';
export type { Facts } from './logic.ts';
export { parsePack } from './parse-pack.ts';
export type { PackError, PackFile } from './parse-pack.ts';
export { formatRange, summarisePenalty } from './penalty.ts';
export type { ImprisonmentRange, PenaltySummary } from './penalty.ts';
export { createRegistry, findProvision, getPack, provisionVersionOn } from './registry.ts';
export type { PackRegistry } from './registry.ts';
export type {
  LoadedProvision,
  Pack,
  Provision,
  ProvisionKind,
  ProvisionVersion,
} from './schema.ts';
export { assessScreening, parseScreeningSet, ScreeningInputSchema } from './screening.ts';
export type {
  ScreeningInput,
  ScreeningRecord,
  ScreeningSet,
  ScreeningStatus,
} from './screening.ts';
export { checkSentence, explainSentenceReason, sentenceVerdicts } from './sentence.ts';
export type { Sentence, SentenceCheck, SentenceReason, SentenceVerdict } from './sentence.ts';
export {
  amendmentInEffect,
  amendmentsOn,
  amendmentStates,
  coverageOn,
  coversPeriod,
} from './timeline.ts';
export type { AmendmentState, AmendmentStatus, CoverageAnswer } from './timeline.ts';
