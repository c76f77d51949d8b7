import { createRequire } from 'node:module';
import type { ZxcvbnFactory } from '@zxcvbn-ts/core';
import type * as zxcvbnCore from '@zxcvbn-ts/core';
import type * as languageCommon from '@zxcvbn-ts/language-common';

// The estimator and its dictionaries are loaded on first use, not when the CLI starts
// (they were a twentieth of its start).
const loadEstimator: (id: '@zxcvbn-ts/core') => typeof zxcvbnCore = createRequire(import.meta.url);
const loadDictionaries: (id: '@zxcvbn-ts/language-common') => typeof languageCommon = createRequire(
  import.meta.url,
);

/**
 * The lowest zxcvbn score a new password must reach: 3 means the estimator puts it beyond
 * about 10^8 guesses, which an argon2id hash and the lockout keep out of an attacker's reach.
 */
export const minimumPasswordScore = 3;

let estimator: ZxcvbnFactory | undefined;

/**
 * Why a password is too easy to guess, or null when it is strong enough. Uses the zxcvbn
 * estimator (`@zxcvbn-ts`, with its common-password, name and keyboard dictionaries) rather
 * than rules of our own: it refuses a repeated character, whitespace, common passwords and
 * their variations, and anything built from the account's own names (`userInputs`).
 */
export function passwordWeakness(password: string, userInputs: readonly string[]): string | null {
  // Built on first use: the dictionaries take a moment to load.
  if (estimator === undefined) {
    const { adjacencyGraphs, dictionary } = loadDictionaries('@zxcvbn-ts/language-common');
    const { ZxcvbnFactory: Factory } = loadEstimator('@zxcvbn-ts/core');
    estimator = new Factory({ dictionary, graphs: adjacencyGraphs });
  }
  const result = estimator.check(password, [...userInputs]);
  if (result.score >= minimumPasswordScore) return null;
  const hint = result.feedback.warning ?? 'a common pattern';
  return `is too easy to guess (${hint}); use a longer phrase of unrelated words`;
}
