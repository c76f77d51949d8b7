import { z } from 'zod';
import { wholeNumber } from './common.ts';

const index = wholeNumber(0, Number.MAX_SAFE_INTEGER);
const size = wholeNumber(1, Number.MAX_SAFE_INTEGER);

/** `GET /log/proof/inclusion`: the entry and the tree size (default: the current size). */
export const inclusionQuery = z.object({ index, size: size.optional() });

/** `GET /log/proof/consistency`: from an old tree size to a newer one (default: the current size). */
export const consistencyQuery = z.object({ from: size, to: size.optional() });

/** `GET /log/export`: entries with indices in [from, to). */
export const exportQuery = z.object({ from: index.default(0), to: index.optional() });

/** A signed tree head and its fields. */
export const checkpointView = z.object({
  origin: z.string(),
  size: z.number().int(),
  rootHash: z.string().describe('base64 RFC 6962 root'),
  checkpoint: z.string().describe('the C2SP tlog-checkpoint signed note'),
});
export type CheckpointView = z.infer<typeof checkpointView>;

/** An RFC 9162 inclusion proof, hashes in base64. */
export const inclusionProofView = z.object({
  index: z.number().int(),
  treeSize: z.number().int(),
  leafHash: z.string(),
  rootHash: z.string().describe('for information: check the proof against a signed checkpoint'),
  proof: z.array(z.string()),
});
export type InclusionProofView = z.infer<typeof inclusionProofView>;

/** An RFC 9162 consistency proof, hashes in base64. */
export const consistencyProofView = z.object({
  from: z.number().int(),
  to: z.number().int(),
  fromRootHash: z.string(),
  toRootHash: z.string(),
  proof: z.array(z.string()),
});
export type ConsistencyProofView = z.infer<typeof consistencyProofView>;

/**
 * One line of the log export: the exact leaf bytes and their RFC 6962 leaf hash, base64. An
 * entry of a sealed case the exporter may not see carries its hash only (`withheld` says why).
 */
export type ExportLine =
  | { readonly index: number; readonly data: string; readonly leafHash: string }
  | { readonly index: number; readonly leafHash: string; readonly withheld: 'sealed case' };
