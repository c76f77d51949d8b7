import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * A jurisdiction code has one spelling inside the system (`KG`), made once at the edges by
 * `toJurisdictionCode` (src/core/jurisdiction.ts). The brand makes the compiler refuse a raw
 * string where a code is expected, but a case conversion whose result only feeds a `string` (a
 * comparison, a message, a map keyed by string) would still compile: this test finds those.
 * It reads every source file of src/ (the web included, tests excluded) and refuses a
 * `toUpperCase`/`toLowerCase` (or the locale forms) called on something named like a
 * jurisdiction, a code or a pack, anywhere but in the constructor's file.
 */
const root = resolve(import.meta.dirname, '..');
const constructorFile = 'src/core/jurisdiction.ts';

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path));
    else if (/\.tsx?$/.test(name) && !/\.(test|d)\.tsx?$/.test(name)) out.push(path);
  }
  return out;
}

const conversions = new Set([
  'toUpperCase',
  'toLowerCase',
  'toLocaleUpperCase',
  'toLocaleLowerCase',
]);

/** Names that say a value is a jurisdiction code (or a pack, whose code it carries). */
const codeLike = (name: string) =>
  /jurisdiction/i.test(name) || /^(code|codes|pack|packs|asked)$/.test(name) || /Code$/.test(name);

/** The identifiers an expression is made of (`query.jurisdiction.trim()` → query, jurisdiction, trim). */
function identifiersOf(node: ts.Node): string[] {
  const names: string[] = [];
  const visit = (n: ts.Node): void => {
    if (ts.isIdentifier(n)) names.push(n.text);
    // The arguments of a call inside the receiver say nothing about what is converted.
    if (ts.isCallExpression(n)) visit(n.expression);
    else ts.forEachChild(n, visit);
  };
  visit(node);
  return names;
}

/** Case conversions of a jurisdiction code in one source text, as `line: text`. */
export function jurisdictionConversions(fileName: string, text: string): string[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (
      ts.isCallExpression(node) &&
      ts.isPropertyAccessExpression(node.expression) &&
      conversions.has(node.expression.name.text) &&
      identifiersOf(node.expression.expression).some(codeLike)
    ) {
      const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
      found.push(`${line}: ${node.getText(source).slice(0, 80)}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('a jurisdiction code is converted only by its constructor', () => {
  it('finds conversions of codes, packs and jurisdictions, and nothing else', () => {
    const text = [
      'registry.packs.get(code.trim().toLowerCase());',
      'const j = query.jurisdiction.toUpperCase();',
      'packs.some((p) => p.code.toUpperCase() === own);',
      '`/api/jurisdictions/${charge.statute.jurisdiction.toLowerCase()}/x`;',
      'const a = asked.toUpperCase();',
      'const b = f.severity.toUpperCase();',
      'const c = ch.charCodeAt(0).toString(16).toUpperCase();',
      'const d = row.Iso3_code.toUpperCase();',
    ].join('\n');
    expect(jurisdictionConversions('x.ts', text).map((f) => f.split(':')[0])).toEqual([
      '1',
      '2',
      '3',
      '4',
      '5',
    ]);
  });

  it(`src/ converts none outside ${constructorFile}`, () => {
    const all = sourceFiles(join(root, 'src'))
      .filter((file) => relative(root, file) !== constructorFile)
      .flatMap((file) =>
        jurisdictionConversions(file, readFileSync(file, 'utf8')).map(
          (found) => `${relative(root, file)}:${found}`,
        ),
      );
    expect(all, all.join('\n')).toEqual([]);
  });
});
