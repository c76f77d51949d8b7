/** Integrity use-cases: the signed log, verification and the integrity report. */
export { integrityReport } from './report.ts';
export type { IntegrityReport } from '../schemas/integrity.schemas.ts';
export { verifyIntegrity } from './verify.ts';
