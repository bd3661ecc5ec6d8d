import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/** DESIGN §1: the dependency direction, checked by reading every import of the source tree. */
const ROOT = resolve(import.meta.dirname, '..');

function sourceFiles(dir: string): string[] {
  const full = join(ROOT, dir);
  try {
    statSync(full);
  } catch {
    return [];
  }
  return readdirSync(full, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts'))
    .map((file) => join(dir, file));
}

interface ImportRef {
  file: string;
  specifier: string;
  /** Project-relative path for relative imports, the package name otherwise. */
  target: string;
  relative: boolean;
}

const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function importsOf(file: string): ImportRef[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const refs: ImportRef[] = [];
  for (const match of text.matchAll(IMPORT)) {
    const specifier = (match[1] ?? match[2]) as string;
    const isRelative = specifier.startsWith('.');
    const target = isRelative
      ? relative(ROOT, resolve(ROOT, dirname(file), specifier))
      : specifier.startsWith('@')
        ? specifier.split('/').slice(0, 2).join('/')
        : (specifier.split('/')[0] as string);
    refs.push({ file, specifier, target, relative: isRelative });
  }
  return refs;
}

function violations(files: string[], allowed: (ref: ImportRef) => boolean): string[] {
  return files
    .flatMap(importsOf)
    .filter((ref) => !allowed(ref))
    .map((ref) => `${ref.file} imports ${ref.specifier}`);
}

const inside = (ref: ImportRef, ...dirs: string[]) => dirs.some((dir) => ref.target.startsWith(`${dir}/`));

describe('dependency direction', () => {
  it('src/core imports only itself and zod', () => {
    const files = sourceFiles('src/core');
    expect(files.length).toBeGreaterThan(10);
    expect(violations(files, (ref) => (ref.relative ? inside(ref, 'src/core') : ref.target === 'zod'))).toEqual([]);
  });

  it('flows import only src/core, themselves, xstate and zod', () => {
    const files = sourceFiles('flows');
    expect(files.length).toBeGreaterThan(0);
    expect(
      violations(files, (ref) =>
        ref.relative ? inside(ref, 'src/core', 'flows') : ['xstate', 'zod'].includes(ref.target),
      ),
    ).toEqual([]);
  });

  it('adapters import flows, src/conversation and src/core — never the store or another adapter', () => {
    const files = sourceFiles('adapters');
    const problems = violations(files, (ref) => {
      if (!ref.relative) return !ref.target.startsWith('@aws-sdk');
      const own = ref.file.split('/').slice(0, 2).join('/');
      return inside(ref, 'flows', 'src/conversation', 'src/core', own);
    });
    expect(problems).toEqual([]);
  });

  it('botbuilder stays inside adapters/teams and the AWS SDK inside src/audit', () => {
    const all = ['src', 'flows', 'adapters', 'bench'].flatMap(sourceFiles);
    const leaks = all
      .flatMap(importsOf)
      .filter(
        (ref) =>
          (ref.target === 'botbuilder' && !ref.file.startsWith('adapters/teams/')) ||
          (ref.target.startsWith('@aws-sdk') && !ref.file.startsWith('src/audit/') && !ref.file.startsWith('bench/')),
      )
      .map((ref) => `${ref.file} imports ${ref.specifier}`);
    expect(leaks).toEqual([]);
  });

  it('only src/config.ts reads process.env', () => {
    const readers = ['src', 'flows', 'adapters']
      .flatMap(sourceFiles)
      .filter((file) => file !== 'src/config.ts' && /process\.env\b/.test(readFileSync(join(ROOT, file), 'utf8')));
    expect(readers).toEqual([]);
  });

  it('the scanner sees a violation when there is one', () => {
    const fake: ImportRef = {
      file: 'src/core/x.ts',
      specifier: '../store/index.js',
      target: 'src/store/index.js',
      relative: true,
    };
    expect(inside(fake, 'src/core')).toBe(false);
    expect(importsOf('src/core/recommend.ts').some((ref) => ref.target === 'src/core/rule.js')).toBe(true);
  });
});
