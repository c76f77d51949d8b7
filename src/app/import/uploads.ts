/**
 * Imports started from the web UI: a file is uploaded (streamed to a private temporary
 * directory, refused past a size limit), its header read for the mapping screen, then an import
 * run in the background by `importRecords` while the screen polls its progress; a partial run's
 * rejects file can be downloaded. Uploads and runs belong to the user who made them (another
 * user gets "not found") and are kept in memory for an hour: they are work in progress, the
 * records and the audit log are what lasts.
 */
import { randomUUID } from 'node:crypto';
import { createWriteStream, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DomainError, isDomainError } from '../../core/errors.ts';
import { parseMapping } from '../../core/import/mapping.ts';
import { authorize } from '../access/access.ts';
import type { Actor, AppContext } from '../common/context.ts';
import { importRecords } from './import.ts';
import type { ImportProgress, ImportResult } from './import.ts';
import { openRows } from './read-table.ts';
import type { TextEncoding } from './read-table.ts';

/** The largest file accepted by default: a 100 MB spreadsheet and some room. */
export const defaultUploadLimit = 128 * 1024 * 1024;
const keptFor = 60 * 60 * 1000;

export interface UploadView {
  readonly id: string;
  readonly name: string;
  readonly size: number;
  readonly encoding: TextEncoding | 'xlsx';
  readonly headers: readonly string[];
}

export interface RunView {
  readonly id: string;
  readonly uploadId: string;
  readonly mode: 'dry-run' | 'atomic' | 'partial';
  readonly status: 'running' | 'done' | 'failed';
  readonly progress: ImportProgress | null;
  readonly result:
    (Omit<ImportResult, 'file' | 'rejectsFile'> & { readonly hasRejects: boolean }) | null;
  readonly error: { readonly error: string; readonly message: string } | null;
}

interface Upload extends UploadView {
  readonly owner: string;
  readonly dir: string;
  readonly path: string;
  readonly at: number;
}
interface Run {
  view: RunView;
  readonly owner: string;
  rejectsFile: string | null;
  readonly at: number;
}

const access = { action: 'import records', entityType: 'case' } as const;
const notFound = (what: string) => new DomainError('NotFound', `no such ${what}`);

/** Uploads and runs of one server. */
export class WebImports {
  private readonly root = mkdtempSync(join(tmpdir(), 'palermo-uploads-'));
  private readonly uploads = new Map<string, Upload>();
  private readonly runs = new Map<string, Run>();

  constructor(readonly limit: number = defaultUploadLimit) {}

  /** Streams an uploaded file to disk (refused past the limit) and reads its header. */
  async receive(ctx: AppContext, actor: Actor, name: string, body: Readable): Promise<UploadView> {
    await authorize(ctx, actor, 'records.import', access);
    this.expire();
    const extension = extname(name).toLowerCase();
    if (extension !== '.csv' && extension !== '.xlsx') {
      body.resume();
      throw new DomainError('ValidationFailed', `name: give a .csv or .xlsx file, not "${name}"`, {
        issues: [{ path: 'name', message: 'must end in .csv or .xlsx' }],
      });
    }
    const id = randomUUID();
    const dir = join(this.root, id);
    const path = join(dir, `upload${extension}`);
    mkdirSync(dir);
    let size = 0;
    const limit = this.limit;
    try {
      await pipeline(
        body,
        async function* (source: AsyncIterable<Buffer>) {
          for await (const chunk of source) {
            size += chunk.length;
            if (size > limit)
              throw new DomainError(
                'PayloadTooLarge',
                `the file is larger than the limit of ${Math.round(limit / 1024 / 1024)} MB`,
                { details: { limitBytes: limit } },
              );
            yield chunk;
          }
        },
        createWriteStream(path),
      );
      if (size === 0)
        throw new DomainError('ValidationFailed', 'the file is empty', {
          issues: [{ path: 'file', message: 'empty' }],
        });
      const opened = await openRows(path);
      const upload: Upload = {
        id,
        name,
        size,
        encoding: opened.encoding,
        headers: opened.headers,
        owner: actor.id,
        dir,
        path,
        at: Date.now(),
      };
      this.uploads.set(id, upload);
      return { id, name, size, encoding: upload.encoding, headers: upload.headers };
    } catch (error) {
      rmSync(dir, { recursive: true, force: true });
      throw error;
    }
  }

  /** Starts an import of an upload by a mapping (YAML text); returns at once, the run goes on. */
  async start(
    ctx: AppContext,
    actor: Actor,
    uploadId: string,
    input: { mapping: string; mode: 'dry-run' | 'atomic' | 'partial' },
  ): Promise<RunView> {
    await authorize(ctx, actor, 'records.import', access);
    const upload = this.uploads.get(uploadId);
    if (upload === undefined || upload.owner !== actor.id) throw notFound('upload');
    const mapping = parseMapping(input.mapping, 'mapping');
    if (mapping.join.length > 0)
      throw new DomainError(
        'ValidationFailed',
        'mapping.join: the web import reads one file; a mapping that joins other files runs from the command line (palermo import)',
        { issues: [{ path: 'join', message: 'not available in the web import' }] },
      );
    const id = randomUUID();
    const run: Run = {
      view: {
        id,
        uploadId,
        mode: input.mode,
        status: 'running',
        progress: null,
        result: null,
        error: null,
      },
      owner: actor.id,
      rejectsFile: null,
      at: Date.now(),
    };
    this.runs.set(id, run);
    const rejectsFile = join(upload.dir, `${id}.rejects.csv`);
    void importRecords(ctx, actor, {
      file: upload.path,
      mapping,
      dryRun: input.mode === 'dry-run',
      partial: input.mode === 'partial',
      rejectsFile,
      onProgress: (progress) => {
        run.view = { ...run.view, progress };
      },
    }).then(
      (result) => {
        const { file: _file, rejectsFile: written, ...rest } = result;
        run.rejectsFile = written;
        run.view = {
          ...run.view,
          status: 'done',
          result: { ...rest, hasRejects: written !== null },
        };
      },
      (error: unknown) => {
        // A domain error says what is wrong with the file; anything else says nothing of the data.
        run.view = {
          ...run.view,
          status: 'failed',
          error: isDomainError(error)
            ? { error: error.code, message: error.message }
            : { error: 'InternalError', message: 'the import stopped on an unexpected error' },
        };
      },
    );
    return run.view;
  }

  /** A run's progress and, once done, its result. */
  async status(ctx: AppContext, actor: Actor, runId: string): Promise<RunView> {
    await authorize(ctx, actor, 'records.import', access);
    const run = this.runs.get(runId);
    if (run === undefined || run.owner !== actor.id) throw notFound('import run');
    return run.view;
  }

  /** The rejects file of a partial run (the refused rows with their reasons). */
  async rejects(ctx: AppContext, actor: Actor, runId: string): Promise<string> {
    await authorize(ctx, actor, 'records.import', access);
    const run = this.runs.get(runId);
    if (run === undefined || run.owner !== actor.id) throw notFound('import run');
    if (run.rejectsFile === null) throw notFound('rejects file (the run refused no row)');
    return run.rejectsFile;
  }

  /** Where an upload of this server is on disk (for the exchange imports). */
  pathOf(uploadId: string): string {
    const upload = this.uploads.get(uploadId);
    if (upload === undefined) throw notFound('upload');
    return upload.path;
  }

  /** Forgets uploads and runs older than an hour, and their files. */
  private expire(): void {
    const before = Date.now() - keptFor;
    for (const [id, upload] of this.uploads)
      if (upload.at < before) {
        rmSync(upload.dir, { recursive: true, force: true });
        this.uploads.delete(id);
      }
    for (const [id, run] of this.runs)
      if (run.at < before && run.view.status !== 'running') this.runs.delete(id);
  }

  /** Removes every upload (the server stops). */
  close(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}
