import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { Option } from 'commander';
import { loadOrCreateLogSigner } from '../app/integrity/log-key.ts';
import {
  checkpointConsistency,
  consistencyProof,
  currentCheckpoint,
  exportLog,
  inclusionProof,
  logPublicKey,
} from '../app/integrity/log.ts';
import { verifyRemote } from '../app/integrity/remote.ts';
import { verifyIntegrity } from '../app/integrity/verify.ts';
import type { NoteSigner } from '../core/audit/index.ts';
import { printJson, processConfig, withRuntime } from './runtime.ts';

/** The log's signing key, as the server uses it (PALERMO_LOG_KEY_FILE or the data directory). */
export function configuredLogSigner(): NoteSigner {
  const config = processConfig();
  return loadOrCreateLogSigner({ keyFile: config.logKeyFile, origin: config.logOrigin });
}

function readText(file: string): string {
  return readFileSync(file === '-' ? 0 : file, 'utf8');
}

/** `verify`: the whole log and registry against the log, and kept checkpoints. */
function registerVerifyCommand(program: Command): void {
  program
    .command('verify')
    .description(
      'recompute the audit tree, check kept checkpoints and replay the log against the records (exit 1 on any problem)',
    )
    .option(
      '--checkpoint <file>',
      'a checkpoint kept earlier (repeatable)',
      (file: string, files: string[]) => [...files, file],
      new Array<string>(),
    )
    .option('--key <verifierKey>', "the log's verifier key (default: this installation's key)")
    .addOption(
      new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'),
    )
    .action(
      async (
        options: { checkpoint: string[]; key?: string; format: 'text' | 'json' },
        command: Command,
      ) => {
        const verifierKey = options.key ?? logPublicKey(configuredLogSigner());
        await withRuntime(command, async ({ ctx, actor }) => {
          const report = await verifyIntegrity(ctx, actor, {
            verifierKey,
            checkpoints: options.checkpoint.map(readText),
          });
          if (options.format === 'json') printJson(report);
          else {
            process.stdout.write(
              `log: ${report.logSize} entries (head says ${report.headSize}), root ${report.rootHash}\n`,
            );
            for (const checkpoint of report.checkpoints) {
              process.stdout.write(
                `checkpoint of ${checkpoint.size} entries: ${checkpoint.ok ? 'the log extends it' : 'NOT extended'}\n`,
              );
            }
            process.stdout.write(`records replayed: ${report.recordsChecked}\n`);
            if (report.ok) process.stdout.write('OK: no problem found\n');
            else {
              process.stdout.write(`${report.problems.length} problem(s):\n`);
              for (const problem of report.problems) {
                process.stdout.write(`  [${problem.kind}] ${problem.message}\n`);
              }
            }
          }
          if (!report.ok) process.exitCode = 1;
        });
      },
    );
}

/** `log checkpoint|public-key|proof|consistency|export|verify-remote`, and `verify`. */
export function registerLogCommand(program: Command): void {
  registerVerifyCommand(program);
  const log = program
    .command('log')
    .description('the signed audit log: checkpoints, proofs, export, remote verification');
  log
    .command('public-key')
    .description("print the log's verifier key (give it to monitors once, out of band)")
    .action(() => {
      process.stdout.write(`${logPublicKey(configuredLogSigner())}\n`);
    });
  log
    .command('checkpoint')
    .description('sign and print a checkpoint (C2SP tlog-checkpoint) of the log as it is now')
    .option(
      '--out <file>',
      'also write it to this file (keep it: it is what verify checks against)',
    )
    .action(async (options: { out?: string }, command: Command) => {
      const signer = configuredLogSigner();
      await withRuntime(command, async ({ ctx, actor }) => {
        const view = await currentCheckpoint(ctx, actor, signer);
        if (options.out !== undefined) writeFileSync(options.out, view.checkpoint);
        process.stdout.write(view.checkpoint);
      });
    });
  log
    .command('proof')
    .description('print the RFC 9162 inclusion proof of an entry')
    .requiredOption('--index <n>', 'the entry index')
    .option('--size <m>', 'the tree size (default: the current size)')
    .action(async (options: { index: string; size?: string }, command: Command) => {
      await withRuntime(command, async ({ ctx, actor }) =>
        printJson(await inclusionProof(ctx, actor, { index: options.index, size: options.size })),
      );
    });
  log
    .command('consistency')
    .description('prove that the log extends a checkpoint you kept (exit 1 if it does not)')
    .requiredOption(
      '--from <checkpointFile>',
      'a checkpoint file written by `log checkpoint --out`',
    )
    .option('--to <m>', 'print the raw proof to this size instead of checking a file')
    .action(async (options: { from: string; to?: string }, command: Command) => {
      const signer = configuredLogSigner();
      await withRuntime(command, async ({ ctx, actor }) => {
        const result = await checkpointConsistency(ctx, actor, signer, readText(options.from));
        if (options.to !== undefined) {
          printJson(
            await consistencyProof(ctx, actor, { from: result.checkpointSize, to: options.to }),
          );
          return;
        }
        printJson(result);
        if (!result.ok) process.exitCode = 1;
      });
    });
  log
    .command('export')
    .description(
      'print the entries as JSON lines {"index", "data" (base64 leaf bytes), "leafHash" (base64)}',
    )
    .option('--from <n>', 'first index', '0')
    .option('--to <m>', 'end index, exclusive (default: the current size)')
    .option('--out <file>', 'write to this file instead of standard output')
    .action(async (options: { from: string; to?: string; out?: string }, command: Command) => {
      await withRuntime(command, async ({ ctx, actor }) => {
        const lines = await exportLog(ctx, actor, { from: options.from, to: options.to });
        const chunks: string[] = [];
        for await (const line of lines) {
          const text = `${JSON.stringify(line)}\n`;
          if (options.out === undefined) process.stdout.write(text);
          else chunks.push(text);
        }
        if (options.out !== undefined) writeFileSync(options.out, chunks.join(''));
      });
    });
  log
    .command('verify-remote')
    .description(
      "check a server's log over HTTP only: signature, consistency with your kept checkpoint, optionally every entry (exit 1 on a problem)",
    )
    .requiredOption('--url <url>', 'the server, e.g. https://registry.example.org')
    .option('--checkpoint <file>', 'the checkpoint you kept last time (omit on the first run)')
    .option('--key <verifierKey>', "the log's verifier key, pinned when you first trusted it")
    .option('--save <file>', 'write the verified current checkpoint here (keep it for next time)')
    .option('--full', 'also download every entry and recompute the root (needs --token)')
    .option('--token <token>', "an auditor's API token for --full (or PALERMO_TOKEN)")
    .action(
      async (options: {
        url: string;
        checkpoint?: string;
        key?: string;
        save?: string;
        full?: boolean;
        token?: string;
      }) => {
        const report = await verifyRemote({
          url: options.url,
          kept: options.checkpoint === undefined ? undefined : readText(options.checkpoint),
          verifierKey: options.key,
          full: options.full ?? false,
          token: options.token ?? processConfig().apiToken ?? undefined,
        });
        for (const warning of report.warnings) process.stderr.write(`warning: ${warning}\n`);
        process.stdout.write(
          `current log: ${report.currentSize} entries${report.keptSize === null ? '' : `; kept checkpoint: ${report.keptSize} entries`}\n`,
        );
        if (report.ok) {
          if (options.save !== undefined) writeFileSync(options.save, report.checkpoint);
          process.stdout.write('OK: the signature is valid and the log extends what you kept\n');
        } else {
          for (const problem of report.problems) process.stdout.write(`PROBLEM: ${problem}\n`);
          process.exitCode = 1;
        }
      },
    );
}
