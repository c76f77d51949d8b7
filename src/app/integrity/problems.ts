/** What kind of damage a problem shows. */
export type IntegrityProblemKind =
  | 'LogEntryMissing'
  | 'LogEntryMalformed'
  | 'LogEntryAltered'
  | 'LogColumnMismatch'
  | 'TreeNodeMismatch'
  | 'TreeNodeMissing'
  | 'HeadMismatch'
  | 'CheckpointInvalid'
  | 'LogTruncated'
  | 'LogRewritten'
  | 'RecordMissing'
  | 'RecordChanged'
  | 'RecordNotLogged'
  | 'RecordNotDeleted'
  /** A derived row (the report's per-case summary) that its records do not give. */
  | 'SummaryChanged';

/** One problem found, with where it is: the log entry, the record and the field. */
export interface IntegrityProblem {
  readonly kind: IntegrityProblemKind;
  readonly message: string;
  readonly entry?: number;
  readonly entityType?: string;
  readonly entityId?: string;
  readonly field?: string;
}
