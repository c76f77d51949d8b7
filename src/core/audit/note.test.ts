import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isDomainError } from '../errors.ts';
import {
  decodeBase64,
  ed25519KeyId,
  formatSignerKey,
  formatVerifierKey,
  isValidKeyName,
  noteSigner,
  openNote,
  parseSignerKey,
  parseVerifierKey,
  signNote,
  verifierKeyOf,
} from './note.ts';

// The example key pair and note of golang.org/x/mod/sumdb/note (note_test.go and the package
// documentation), reproduced by every implementation of C2SP signed-note. Ed25519 is
// deterministic, so signing the text must give this exact note.
const GO_VKEY = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
const GO_SKEY = 'PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz';
const GO_TEXT =
  'If you think cryptography is the answer to your problem,\n' +
  "then you don't know what your problem is.\n";
const GO_SIGNATURE =
  '\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n';
const GO_NOTE = `${GO_TEXT}\n${GO_SIGNATURE}`;

function problemOf(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return isDomainError(error) ? error.details['problem'] : error;
  }
  return 'no error';
}

describe('keys', () => {
  it('parses the Go reference verifier and signer keys, which agree', () => {
    const verifier = parseVerifierKey(GO_VKEY);
    expect(verifier.name).toBe('PeterNeumann');
    expect(verifier.keyId).toBe(0xc74f20a3);
    const signer = parseSignerKey(GO_SKEY);
    expect(signer.keyId).toBe(0xc74f20a3);
    expect(verifierKeyOf(signer)).toBe(GO_VKEY);
    expect(formatSignerKey(signer)).toBe(GO_SKEY);
    expect(ed25519KeyId('PeterNeumann', verifier.publicKey)).toBe(0xc74f20a3);
  });

  it('refuses every substring and every one-byte change of a verifier key', () => {
    // As golang.org/x/mod/sumdb/note TestNewVerifier does.
    for (let i = 0; i <= GO_VKEY.length; i++) {
      for (let j = i + 1; j <= GO_VKEY.length; j++) {
        if (i === 0 && j === GO_VKEY.length) continue;
        expect(problemOf(() => parseVerifierKey(GO_VKEY.slice(i, j)))).toBe('MalformedKey');
      }
    }
    for (let i = 0; i < GO_VKEY.length; i++) {
      const changed =
        GO_VKEY.slice(0, i) + String.fromCharCode(GO_VKEY.charCodeAt(i) + 1) + GO_VKEY.slice(i + 1);
      expect(problemOf(() => parseVerifierKey(changed))).toBe('MalformedKey');
    }
  });

  it('refuses malformed signer keys without echoing them', () => {
    const changed = GO_SKEY.replace('c74f20a3', 'c74f20a4');
    let message = '';
    try {
      parseSignerKey(changed);
    } catch (error) {
      message = error instanceof Error ? error.message : '';
    }
    expect(message).toMatch(/does not match/);
    expect(message).not.toContain('AYEKFALV');
    expect(problemOf(() => parseSignerKey(GO_VKEY))).toBe('MalformedKey');
  });

  it('builds signers from a KeyObject or a seed, and refuses other keys', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const signer = noteSigner('palermo.example/audit', privateKey);
    expect(parseVerifierKey(formatVerifierKey('palermo.example/audit', publicKey))).toEqual({
      name: 'palermo.example/audit',
      keyId: signer.keyId,
      publicKey: signer.publicKey,
    });
    const fromSeed = noteSigner('a', new Uint8Array(32).fill(7));
    expect(noteSigner('a', new Uint8Array(32).fill(7)).publicKey).toEqual(fromSeed.publicKey);
    expect(problemOf(() => noteSigner('a', new Uint8Array(31)))).toBe('MalformedKey');
    expect(problemOf(() => noteSigner('a b', privateKey))).toBe('MalformedKey');
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    expect(problemOf(() => noteSigner('a', ec.privateKey))).toBe('MalformedKey');
  });

  it('key names: non-empty, no Unicode space, no plus', () => {
    expect(isValidKeyName('example.com/log42')).toBe(true);
    for (const bad of ['', 'a b', 'a+b', 'a\u00a0b', 'a\u2003b', 'a\u0085b', 'a\tb', '\ud800']) {
      expect(isValidKeyName(bad)).toBe(false);
    }
  });

  it('base64 is strict: padded, canonical, standard alphabet', () => {
    expect(decodeBase64('AQI=')).toEqual(Uint8Array.of(1, 2));
    for (const bad of ['AQI', 'AQJ=', 'AQ-_', ' AQI=', 'AQI=\n', '====']) {
      expect(decodeBase64(bad)).toBeUndefined();
    }
  });
});

describe('signNote / openNote', () => {
  const verifier = parseVerifierKey(GO_VKEY);

  it('reproduces the Go reference note byte for byte', () => {
    expect(signNote(GO_TEXT, [parseSignerKey(GO_SKEY)])).toBe(GO_NOTE);
  });

  it('opens the Go reference note', () => {
    const note = openNote(GO_NOTE, [verifier]);
    expect(note.text).toBe(GO_TEXT);
    expect(note.verified).toEqual([
      { name: 'PeterNeumann', keyId: 0xc74f20a3, base64: GO_SIGNATURE.slice(15, -1) },
    ]);
    expect(note.unverified).toEqual([]);
  });

  it('a changed text is a bad signature', () => {
    const tampered = GO_NOTE.replace('cryptography', 'cryptographY');
    expect(problemOf(() => openNote(tampered, [verifier]))).toBe('BadSignature');
  });

  it('a note signed only by other keys is refused as unknown; extra unknown signatures are kept aside', () => {
    const other = noteSigner('PeterNeumann', new Uint8Array(32).fill(1));
    const byOther = signNote(GO_TEXT, [other]);
    expect(problemOf(() => openNote(byOther, [verifier]))).toBe('UnknownKey');
    expect(problemOf(() => openNote(GO_NOTE, []))).toBe('UnknownKey');
    const both = GO_NOTE + byOther.slice(GO_TEXT.length + 1);
    const opened = openNote(both, [verifier]);
    expect(opened.verified).toHaveLength(1);
    expect(opened.unverified).toEqual([
      expect.objectContaining({ name: 'PeterNeumann', keyId: other.keyId }),
    ]);
  });

  it('a duplicated trusted key is refused rather than guessed', () => {
    expect(problemOf(() => openNote(GO_NOTE, [verifier, verifier]))).toBe('MalformedKey');
  });

  it('refuses malformed notes', () => {
    const malformed = [
      '',
      GO_TEXT, // no signatures
      `${GO_TEXT}\n`, // blank line, no signatures
      GO_NOTE.slice(0, -1), // last line without newline
      GO_NOTE.replace('\u2014 ', '- '), // hyphen, not em dash
      GO_NOTE.replace('PeterNeumann ', 'PeterNeumann'), // no space before signature
      GO_NOTE.replace(' x08go', ' x08go!'), // not base64
      `${GO_TEXT}\n\u2014 PeterNeumann AAAA\n`, // too short for key ID + signature
      GO_NOTE.replace('If you', 'If\tyou'), // control character
      GO_NOTE + '\u2014 x\n', // no signature on the second line
      `${GO_TEXT}\n${GO_SIGNATURE.repeat(101)}`, // too many signatures
    ];
    for (const note of malformed) {
      expect(problemOf(() => openNote(note, [verifier]))).toBe('MalformedNote');
    }
  });

  it('the text ends at the last blank line, so a text may contain blank lines', () => {
    const signer = noteSigner('poet.example', new Uint8Array(32).fill(3));
    const text = 'Ognuno sta solo\n\ned è subito sera.\n';
    const note = signNote(text, [signer]);
    expect(openNote(note, [parseVerifierKey(verifierKeyOf(signer))]).text).toBe(text);
  });

  it('refuses to sign text without a final newline, or without signers', () => {
    const signer = parseSignerKey(GO_SKEY);
    expect(problemOf(() => signNote('no newline', [signer]))).toBe('MalformedNote');
    expect(problemOf(() => signNote('a\u0001\n', [signer]))).toBe('MalformedNote');
    expect(problemOf(() => signNote('text\n', []))).toBe('MalformedNote');
  });
});
