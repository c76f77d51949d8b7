import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * Type assertions in src/ outside tests (issue 10, part 4): every `x as T` (not `as const`) and
 * `<T>x` is a place where the compiler is told instead of shown. At most 40, and each justified:
 * a `// assertion: <why>` comment on its line or in the comment lines right above it. The
 * ceiling only ratchets down: lower it when you remove assertions, never raise it.
 */
const ceiling = { src: 12 } as const; // lower it as assertions go; never raise it

const root = resolve(import.meta.dirname, '..');

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path));
    else if (/\.tsx?$/.test(name) && !/\.(test|d)\.tsx?$/.test(name)) out.push(path);
  }
  return out;
}

/** One type assertion: where it is, and whether a comment justifies it. */
interface Assertion {
  readonly line: number;
  readonly text: string;
  readonly justified: boolean;
}

/**
 * True when line `line` (1-based) carries `// assertion: <why>`, or one of the `//` comment
 * lines directly above it does.
 */
function justifiedAt(lines: readonly string[], line: number): boolean {
  const says = (text: string | undefined) => /\/\/\s*assertion:\s*\S/.test(text ?? '');
  if (says(lines[line - 1])) return true;
  for (let i = line - 2; i >= 0 && /^\s*\/\//.test(lines[i] ?? ''); i--) {
    if (says(lines[i])) return true;
  }
  return false;
}

/** The type assertions in one source text. */
export function typeAssertions(fileName: string, text: string): Assertion[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const lines = text.split('\n');
  const found: Assertion[] = [];
  const visit = (node: ts.Node): void => {
    const isConst = ts.isAsExpression(node) && node.type.getText(source) === 'const';
    if ((ts.isAsExpression(node) && !isConst) || ts.isTypeAssertionExpression(node)) {
      const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
      found.push({
        line,
        text: node.getText(source).slice(0, 80),
        justified: justifiedAt(lines, line),
      });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('type assertions', () => {
  it('finds `as T` and `<T>x` but not `as const`', () => {
    const text = 'const a = b as string;\nconst c = [1] as const;\nconst d = <number>e;\n';
    expect(typeAssertions('x.ts', text).map((a) => `${a.line}: ${a.text}`)).toEqual([
      '1: b as string',
      '3: <number>e',
    ]);
  });

  it('counts an assertion justified by `// assertion:` on its line or in the comments above', () => {
    const text = [
      'const a = b as string; // assertion: b is a string here',
      '// assertion: the keys of the literal above',
      '// (a second line of the reason)',
      'const c = d as E;',
      '// assertion: a reason for an assertion further down',
      'const f = 1;',
      'const g = h as I;',
      'const j = k as L; // assertion:',
    ].join('\n');
    expect(typeAssertions('x.ts', text).map((a) => [a.line, a.justified])).toEqual([
      [1, true],
      [4, true],
      [7, false],
      [8, false],
    ]);
  });

  const all = sourceFiles(join(root, 'src')).flatMap((file) =>
    typeAssertions(file, readFileSync(file, 'utf8')).map((found) => ({
      ...found,
      where: `${relative(root, file)}:${found.line}: ${found.text}`,
    })),
  );

  it(`src/ has at most ${ceiling.src} outside tests (target: 40)`, () => {
    expect(all.length, all.map((a) => a.where).join('\n')).toBeLessThanOrEqual(ceiling.src);
  });

  it('justifies each one with `// assertion: <why>`', () => {
    expect(all.filter((a) => !a.justified).map((a) => a.where)).toEqual([]);
  });
});
