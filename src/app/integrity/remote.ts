import { z } from 'zod';
import {
  checkConsistency,
  decodeBase64,
  encodeBase64,
  equalBytes,
  foldFromRight,
  hashLeaf,
  planAppend,
  verifyCheckpoint,
} from '../../core/audit/index.ts';
import type { Hash, StoredNode } from '../../core/audit/index.ts';

// The server is what the monitor checks: its answers are parsed, not trusted.
const publicKeyAnswer = z.object({ key: z.string() });
const consistencyAnswer = z.object({ proof: z.array(z.string()) });
const exportedEntry = z.object({
  index: z.number(),
  data: z.string().optional(),
  leafHash: z.string(),
});

/** How to reach a Palermo server and what the monitor already holds. */
export interface RemoteCheck {
  /** The server's base URL, e.g. https://registry.example.org */
  readonly url: string;
  /** The checkpoint the monitor kept last time (a signed note), if any. */
  readonly kept?: string | undefined;
  /** The log's verifier key, pinned out of band; without it the server's own word is taken. */
  readonly verifierKey?: string | undefined;
  /** Also download every entry and recompute the root (needs an auditor's API token). */
  readonly full?: boolean;
  readonly token?: string | undefined;
  readonly fetch?: typeof fetch;
}

/** What the monitor learnt: the server's current checkpoint and every problem found. */
export interface RemoteReport {
  readonly ok: boolean;
  readonly keptSize: number | null;
  readonly currentSize: number;
  readonly checkpoint: string;
  readonly verifierKey: string;
  readonly warnings: readonly string[];
  readonly problems: readonly string[];
}

function b64(text: string): Hash {
  const bytes = decodeBase64(text);
  if (bytes === undefined) throw new Error(`the server sent malformed base64: ${text}`);
  return bytes;
}

/**
 * Checks a Palermo log from the outside, over HTTP only: the current checkpoint's signature,
 * a consistency proof from the checkpoint kept last time, and optionally every entry against
 * the signed root. Needs no database access; this is what an NGO or an embassy runs.
 */
export async function verifyRemote(check: RemoteCheck): Promise<RemoteReport> {
  const get = check.fetch ?? fetch;
  const base = check.url.replace(/\/+$/, '');
  const headers: Record<string, string> =
    check.token === undefined ? {} : { authorization: `Bearer ${check.token}` };
  const call = async (path: string): Promise<Response> => {
    const response = await get(`${base}${path}`, { headers });
    if (!response.ok)
      throw new Error(`GET ${path} answered ${response.status}: ${await response.text()}`);
    return response;
  };
  const warnings: string[] = [];
  const problems: string[] = [];
  let verifierKey = check.verifierKey;
  if (verifierKey === undefined) {
    verifierKey = publicKeyAnswer.parse(await (await call('/api/log/public-key')).json()).key;
    warnings.push(
      `the key was taken from the server (${verifierKey}); pin it with --key so that a replaced key is noticed`,
    );
  }
  const note = await (await call('/api/log/checkpoint?format=note')).text();
  const current = verifyCheckpoint(note, verifierKey);
  const currentSize = Number(current.size);
  let keptSize: number | null = null;
  if (check.kept !== undefined) {
    const kept = verifyCheckpoint(check.kept, verifierKey);
    keptSize = Number(kept.size);
    if (kept.size > current.size) {
      problems.push(
        `the server's log has ${currentSize} entries but the checkpoint you kept has ${keptSize}: the log was truncated`,
      );
    } else if (kept.size === current.size) {
      if (!equalBytes(kept.rootHash, current.rootHash)) {
        problems.push(
          `two checkpoints of ${currentSize} entries have different roots: the log was rewritten`,
        );
      }
    } else if (kept.size > 0n) {
      const proof = consistencyAnswer.parse(
        await (
          await call(`/api/log/proof/consistency?from=${kept.size}&to=${current.size}`)
        ).json(),
      );
      const result = checkConsistency({
        size1: kept.size,
        root1: kept.rootHash,
        size2: current.size,
        root2: current.rootHash,
        proof: proof.proof.map(b64),
      });
      if (!result.ok) {
        problems.push(
          `the current log does not extend the checkpoint you kept (${keptSize} entries): ${result.message}`,
        );
      }
    }
  }
  if (check.full === true) {
    const text = await (await call(`/api/log/export?to=${current.size}`)).text();
    let frontier: readonly StoredNode[] = [];
    let size = 0n;
    for (const line of text.split('\n').filter((l) => l.length > 0)) {
      const { index, data, leafHash } = exportedEntry.parse(JSON.parse(line));
      // A withheld entry (a sealed case) carries its hash only: the tree is still checked.
      const computed = data === undefined ? b64(leafHash) : hashLeaf(b64(data));
      if (BigInt(index) !== size) problems.push(`the export skips from entry ${size} to ${index}`);
      if (encodeBase64(computed) !== leafHash)
        problems.push(`export entry ${index}: leafHash does not match its data`);
      const plan = planAppend(frontier, size, [computed]);
      frontier = plan.frontier;
      size = plan.size;
    }
    const root = foldFromRight(frontier.map((node) => node.hash));
    if (size !== current.size || !equalBytes(root, current.rootHash)) {
      problems.push(
        `the ${size} exported entries do not hash to the signed root of ${currentSize} entries`,
      );
    }
  }
  return {
    ok: problems.length === 0,
    keptSize,
    currentSize,
    checkpoint: note,
    verifierKey,
    warnings,
    problems,
  };
}
