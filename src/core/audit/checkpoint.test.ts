import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isDomainError } from '../errors.ts';
import { hashLeaf, rootFromLeafHashes, toHex } from './hash.ts';
import {
  formatCheckpoint,
  parseCheckpoint,
  signCheckpoint,
  verifyCheckpoint,
} from './checkpoint.ts';
import { noteSigner, verifierKeyOf } from './note.ts';

function problemOf(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return isDomainError(error) ? error.details['problem'] : error;
  }
  return 'no error';
}

const ORIGIN = 'palermo.example/audit';
const signer = noteSigner(ORIGIN, new Uint8Array(32).fill(42));
const VKEY = verifierKeyOf(signer);
const root = rootFromLeafHashes([hashLeaf(Buffer.from('a')), hashLeaf(Buffer.from('b'))]);

describe('checkpoint text', () => {
  it('is origin, decimal size and base64 root, one per line', () => {
    expect(formatCheckpoint({ origin: ORIGIN, size: 2n, rootHash: root })).toBe(
      `${ORIGIN}\n2\n${Buffer.from(root).toString('base64')}\n`,
    );
    expect(formatCheckpoint({ origin: ORIGIN, size: 0n, rootHash: root })).toContain('\n0\n');
  });

  it('parses the example of the C2SP tlog-checkpoint spec', () => {
    const checkpoint = parseCheckpoint(
      'example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n',
    );
    expect(checkpoint.origin).toBe('example.com/behind-the-sofa');
    expect(checkpoint.size).toBe(20852163n);
    expect(checkpoint.extensions).toEqual([]);
    expect(toHex(checkpoint.rootHash)).toBe(
      Buffer.from('CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=', 'base64').toString('hex'),
    );
  });

  it('round-trips sizes beyond 2^53 and extension lines', () => {
    const checkpoint = {
      origin: ORIGIN,
      size: (1n << 63n) + 1n,
      rootHash: root,
      extensions: ['x-ext one'],
    };
    const parsed = parseCheckpoint(formatCheckpoint(checkpoint));
    expect({ ...parsed, rootHash: toHex(parsed.rootHash) }).toEqual({
      ...checkpoint,
      rootHash: toHex(root),
    });
  });

  it('names what is wrong with a malformed body', () => {
    const b64 = Buffer.from(root).toString('base64');
    const cases: [string, string][] = [
      [`\n5\n${b64}\n`, 'BadOrigin'],
      [`${ORIGIN}\n05\n${b64}\n`, 'BadSize'],
      [`${ORIGIN}\n-1\n${b64}\n`, 'BadSize'],
      [`${ORIGIN}\n1e3\n${b64}\n`, 'BadSize'],
      [`${ORIGIN}\n 5\n${b64}\n`, 'BadSize'],
      [`${ORIGIN}\n${1n << 64n}\n${b64}\n`, 'BadSize'],
      [`${ORIGIN}\n`, 'BadSize'],
      [`${ORIGIN}\n5\n`, 'BadRootHash'],
      [`${ORIGIN}\n5\nAAAA\n`, 'BadRootHash'],
      [`${ORIGIN}\n5\n${b64.slice(0, -1)}\n`, 'BadRootHash'],
      [`${ORIGIN}\n5\n${b64}\n\n`, 'BadExtension'],
      [`${ORIGIN}\n5\n${b64}`, 'BadOrigin'],
    ];
    for (const [text, problem] of cases)
      expect([text, problemOf(() => parseCheckpoint(text))]).toEqual([text, problem]);
  });

  it('refuses to format what it could not parse back', () => {
    expect(problemOf(() => formatCheckpoint({ origin: 'a\nb', size: 1n, rootHash: root }))).toBe(
      'BadOrigin',
    );
    expect(problemOf(() => formatCheckpoint({ origin: ORIGIN, size: -1n, rootHash: root }))).toBe(
      'BadSize',
    );
    expect(
      problemOf(() => formatCheckpoint({ origin: ORIGIN, size: 1n, rootHash: root.subarray(1) })),
    ).toBe('BadRootHash');
    expect(
      problemOf(() =>
        formatCheckpoint({ origin: ORIGIN, size: 1n, rootHash: root, extensions: [''] }),
      ),
    ).toBe('BadExtension');
  });
});

describe('signed checkpoints', () => {
  it('sign → verify returns the checkpoint', () => {
    const signed = signCheckpoint({ origin: ORIGIN, size: 2n, rootHash: root }, signer);
    expect(signed).toMatch(
      new RegExp(`^${ORIGIN}\\n2\\n[^\\n]+\\n\\n\u2014 ${ORIGIN} [A-Za-z0-9+/=]+\\n$`),
    );
    const checkpoint = verifyCheckpoint(signed, VKEY);
    expect(checkpoint).toMatchObject({ origin: ORIGIN, size: 2n, extensions: [] });
    expect(toHex(checkpoint.rootHash)).toBe(toHex(root));
    expect(checkpoint.verified).toHaveLength(1);
  });

  it('names the failure: bad signature, unknown key, bad origin, malformed key', () => {
    const signed = signCheckpoint({ origin: ORIGIN, size: 2n, rootHash: root }, signer);
    expect(problemOf(() => verifyCheckpoint(signed.replace('\n2\n', '\n3\n'), VKEY))).toBe(
      'BadSignature',
    );
    const stranger = noteSigner('stranger.example', generateKeyPairSync('ed25519').privateKey);
    expect(problemOf(() => verifyCheckpoint(signed, verifierKeyOf(stranger)))).toBe('UnknownKey');
    const otherOrigin = signCheckpoint(
      { origin: 'other.example/log', size: 2n, rootHash: root },
      signer,
    );
    expect(problemOf(() => verifyCheckpoint(otherOrigin, VKEY))).toBe('BadOrigin');
    expect(verifyCheckpoint(otherOrigin, VKEY, { expectedOrigin: 'other.example/log' }).size).toBe(
      2n,
    );
    expect(problemOf(() => verifyCheckpoint(signed, 'not a key'))).toBe('MalformedKey');
  });

  it('verifies a real checkpoint of the Go checksum database (sum.golang.org)', () => {
    // A published signed tree head and the well-known sum.golang.org verifier key: an external
    // Ed25519 checkpoint whose origin ("go.sum database tree") differs from its key name.
    const vkey = 'sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8';
    const note =
      'go.sum database tree\n65209736\n5+uGFjx6xBZG8ip1+wi77v+grwbhhukIrxEUS8PXvRo=\n\n' +
      '\u2014 sum.golang.org Az3grnbssgK7ubgFX36gVETtNv0U23qxyAhAMai2QUfeGa3nB/akvkMdlUErfcZz7l/R3cVtYspg3dxXABkGZZKdsQ8=\n';
    const checkpoint = verifyCheckpoint(note, vkey, { expectedOrigin: 'go.sum database tree' });
    expect(checkpoint.size).toBe(65209736n);
    expect(problemOf(() => verifyCheckpoint(note, vkey))).toBe('BadOrigin');
    expect(problemOf(() => verifyCheckpoint(note.replace('65209736', '65209737'), vkey))).toBe(
      'BadSignature',
    );
  });
});
