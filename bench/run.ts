/**
 * `npm run bench [-- --size N]`: runs every bench/*.bench.ts in turn (each exports `run()`),
 * so that benchmarks added by anyone are picked up without editing this driver.
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('.', import.meta.url));
const only = process.argv.find((arg) => arg.startsWith('--only='))?.slice('--only='.length);
const files = readdirSync(dir)
  .filter((name) => name.endsWith('.bench.ts'))
  .filter((name) => only === undefined || name.startsWith(only))
  .sort();

for (const file of files) {
  const module: unknown = await import(new URL(file, import.meta.url).href);
  const run =
    typeof module === 'object' && module !== null && 'run' in module ? module.run : undefined;
  if (typeof run !== 'function') throw new Error(`${file} does not export run()`);
  process.stdout.write(`\n== ${file}\n`);
  await (run as () => Promise<void>)();
}
