// From a problem's path to the line of the YAML (or JSON) source it is about: the key of the
// deepest field the path reaches (a missing field points at its parent).
import { isMap, isPair, isScalar, isSeq, type LineCounter, type Node } from 'yaml';
import type { Segment } from './problem.js';

export function lineOf(root: Node | null, path: readonly Segment[], lines: LineCounter): number {
  let node: Node | null = root;
  let offset = root?.range?.[0] ?? 0;
  for (const segment of path) {
    if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment];
      if (!item || !(item as Node).range) break;
      node = item as Node;
      offset = node.range![0];
    } else if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(segment));
      if (!pair) break;
      offset = (pair.key as Node).range?.[0] ?? offset;
      node = pair.value as Node | null;
    } else {
      break;
    }
  }
  return lines.linePos(offset).line;
}
