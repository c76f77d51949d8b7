import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * No import cycles anywhere in src/ (docs/ARCHITECTURE.md, "The dependency rule"). Every import
 * counts, type-only imports included: a cycle of types is still two modules that cannot be read,
 * changed or moved one without the other. The graph is the TypeScript compiler's own module
 * resolution over every .ts/.tsx file, so a path alias or an index file cannot hide an edge.
 */

const root = resolve(import.meta.dirname, '..');
const srcDir = join(root, 'src');

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path));
    else if (/\.tsx?$/.test(name) && !name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

export function importGraph(files: readonly string[]): Map<string, string[]> {
  const options: ts.CompilerOptions = {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    allowImportingTsExtensions: true,
    jsx: ts.JsxEmit.ReactJSX,
  };
  const host = ts.createCompilerHost(options);
  const known = new Set(files);
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    const targets = new Set<string>();
    for (const ref of info.importedFiles) {
      const resolved = ts.resolveModuleName(ref.fileName, file, options, host).resolvedModule;
      const target = resolved ? resolve(resolved.resolvedFileName) : undefined;
      if (target && known.has(target)) targets.add(target);
    }
    graph.set(file, [...targets]);
  }
  return graph;
}

/** Strongly connected components with more than one module, or a module importing itself (Tarjan). */
export function cycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, counter);
    low.set(node, counter);
    counter += 1;
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node)!, index.get(next)!));
      }
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1 || (graph.get(node) ?? []).includes(node))
        found.push(component.sort());
    }
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return found;
}

describe('import graph', () => {
  it('finds a cycle when there is one (the check can fail)', () => {
    const graph = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a']],
      ['d', ['a']],
    ]);
    expect(cycles(graph)).toEqual([['a', 'b', 'c']]);
    expect(cycles(new Map([['a', ['a']]]))).toEqual([['a']]);
    expect(
      cycles(
        new Map([
          ['a', ['b']],
          ['b', []],
        ]),
      ),
    ).toEqual([]);
  });

  it('resolves real imports between the source files', () => {
    const graph = importGraph(sourceFiles(srcDir));
    const server = graph.get(join(srcDir, 'http', 'server.ts')) ?? [];
    expect(server.length).toBeGreaterThan(3);
  });

  it("src/app's base (common/, audit/, access/) imports no resource folder", () => {
    // What every use-case builds on must not depend on a use-case (docs/ARCHITECTURE.md, src/app).
    // The one exception is the composition: context.ts builds the keyring, the statute packs and
    // the statute check.
    const app = join(srcDir, 'app');
    const base = ['common', 'audit', 'access'];
    const composed = ['crypto/keyring.ts', 'statutes/statute-check.ts', 'statutes/load-packs.ts'];
    const folderOf = (file: string) => relative(app, file).split('/')[0] ?? '';
    const found: string[] = [];
    for (const [file, targets] of importGraph(sourceFiles(app))) {
      if (!base.includes(folderOf(file)) || file.endsWith('.test.ts')) continue;
      for (const target of targets) {
        const folder = folderOf(target);
        if (base.includes(folder) || folder === 'schemas') continue;
        if (file === join(app, 'common', 'context.ts') && composed.includes(relative(app, target)))
          continue;
        found.push(`${relative(app, file)} → ${relative(app, target)}`);
      }
    }
    expect(found).toEqual([]);
  });

  it('src/ has no import cycle, type-only imports included', () => {
    const found = cycles(importGraph(sourceFiles(srcDir))).map((component) =>
      component.map((file) => relative(root, file)),
    );
    expect(found).toEqual([]);
  });
});
