/**
 * The audit log's pure core: RFC 6962 hashing and proofs, the persisted tree over a node store,
 * C2SP signed notes and checkpoints, and the canonical leaf encoding of audit entries.
 */
export * from './hash.ts';
export * from './proof.ts';
export * from './tree.ts';
export * from './note.ts';
export * from './checkpoint.ts';
export * from './leaf.ts';
