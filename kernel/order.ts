/**
 * Orders nodes so each comes after everything it depends on (Kahn's algorithm, ties
 * broken by input order so boots are reproducible). Nodes left over sit on a cycle;
 * `cycles` names one path through each.
 */
export function orderByDependencies(nodes: readonly string[], dependsOn: (node: string) => readonly string[]): { ordered: string[]; cycles: string[][] } {
  const remaining = new Map(nodes.map((node) => [node, new Set(dependsOn(node))]));
  const ordered: string[] = [];
  let progressed = true;
  while (progressed) {
    progressed = false;
    for (const node of nodes) {
      const dependencies = remaining.get(node);
      if (!dependencies || [...dependencies].some((dependency) => remaining.has(dependency))) continue;
      ordered.push(node);
      remaining.delete(node);
      progressed = true;
    }
  }
  return { ordered, cycles: remaining.size ? describeCycles(remaining) : [] };
}

function describeCycles(remaining: Map<string, Set<string>>): string[][] {
  const cycles: string[][] = [];
  const seen = new Set<string>();
  for (const start of remaining.keys()) {
    if (seen.has(start)) continue;
    const path: string[] = [];
    let current: string | undefined = start;
    while (current && !path.includes(current)) {
      path.push(current);
      current = [...(remaining.get(current) ?? [])].find((dependency) => remaining.has(dependency));
    }
    const cycle = current ? [...path.slice(path.indexOf(current)), current] : path;
    cycle.forEach((node) => seen.add(node));
    cycles.push(cycle);
  }
  return cycles;
}
