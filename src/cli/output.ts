import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Writes a command's output: to standard output without `--out`; into a directory `--out` names
 * under the file name a person would choose (`name`, as the web and the API give it); else to
 * the operator's own path, as given. Says on standard error where a named file went.
 */
export function writeOutput(
  body: string | Uint8Array,
  out: string | undefined,
  name: string,
): void {
  if (out === undefined) {
    process.stdout.write(body);
    return;
  }
  const isDirectory = statSync(out, { throwIfNoEntry: false })?.isDirectory() === true;
  const path = isDirectory ? join(out, name) : out;
  writeFileSync(path, body);
  if (isDirectory) process.stderr.write(`written: ${path}\n`);
}
