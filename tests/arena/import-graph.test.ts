import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// Dependencies point one way: the CLI and pipeline use the arena, which uses the task format,
// sandbox, LLM provider layer and grading; agents plug in through the registries. A cycle
// between modules (static or dynamic imports alike) is a layering mistake this test names.
const ROOTS = ['harness', 'agents'];
// Type-only imports are erased by the compiler: they are no dependency at run time.
const IMPORT = /^\s*(?:import|export)(?!\s+type\b)[^'";]*?\bfrom\s*['"](\.{1,2}\/[^'"]+)['"]|^\s*import\s+['"](\.{1,2}\/[^'"]+)['"]|\bimport\s*\(\s*['"](\.{1,2}\/[^'"]+)['"]/gm;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sources(full);
    return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [full] : [];
  });
}

/** Module → the modules it imports, both as repository-relative `.ts` paths. */
export function importGraph(roots: readonly string[]): Map<string, string[]> {
  const files = roots.flatMap((r) => sources(r));
  const known = new Set(files);
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const targets = [...readFileSync(file, 'utf8').matchAll(IMPORT)]
      .map((m) => path.join(path.dirname(file), (m[1] ?? m[2] ?? m[3])!).replace(/\.js$/, '.ts'))
      .filter((t) => known.has(t));
    graph.set(file, [...new Set(targets)]);
  }
  return graph;
}

/** Every cycle found by a depth-first search, each as the modules around it (first repeated last). */
export function cyclesOf(graph: Map<string, string[]>): string[][] {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  const visit = (node: string): void => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 'open') cycles.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of [...graph.keys()].sort()) if (!state.has(node)) visit(node);
  return cycles;
}

describe('import graph of harness/ and agents/', () => {
  it('finds a cycle when there is one, naming its modules', () => {
    const graph = new Map([['a.ts', ['b.ts']], ['b.ts', ['c.ts']], ['c.ts', ['a.ts']], ['d.ts', ['a.ts']]]);
    expect(cyclesOf(graph)).toEqual([['a.ts', 'b.ts', 'c.ts', 'a.ts']]);
    expect(cyclesOf(new Map([['a.ts', ['b.ts']], ['b.ts', []]]))).toEqual([]);
  });

  it('reads static, re-exported and dynamic imports', () => {
    const graph = importGraph(ROOTS);
    expect(graph.get(path.join('harness', 'arena', 'runner.ts'))).toContain(path.join('harness', 'arena', 'agent-factory.ts'));
    expect(graph.get(path.join('harness', 'sandbox', 'registry.ts'))).toContain(path.join('harness', 'sandbox', 'backend-registry.ts'));
    expect(graph.get(path.join('harness', 'sandbox', 'local', 'register.ts'))).toContain(path.join('harness', 'sandbox', 'local', 'backend.ts'));
  });

  it('has no cycle', () => {
    expect(cyclesOf(importGraph(ROOTS)).map((c) => c.join(' → '))).toEqual([]);
  });

  it('reaches agents/ from harness/ below the CLI only through the registration of the built-in agent kinds', () => {
    const intoAgents = [...importGraph(ROOTS)]
      .filter(([from]) => from.startsWith(`harness${path.sep}`) && !from.startsWith(path.join('harness', 'cli')))
      .flatMap(([from, to]) => to.filter((t) => t.startsWith(`agents${path.sep}`)).map((t) => `${from} → ${t}`));
    expect(intoAgents).toEqual([`${path.join('harness', 'arena', 'agent-factory.ts')} → ${path.join('agents', 'builtin-kinds.ts')}`, `${path.join('harness', 'arena', 'agent-factory.ts')} → ${path.join('agents', 'baselines', 'population.ts')}`]);
  });
});
