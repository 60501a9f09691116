import { parser as logqlParser } from '@grafana/lezer-logql';
import { parser as promqlParser } from '@prometheus-io/lezer-promql';
import type { Tree } from '@lezer/common';

/** Test helper: the syntax errors of a query and the shape of its tree (node names, no text). */
export interface ParsedQuery {
  errors: string[];
  shape: string;
}

function inspect(tree: Tree, query: string): ParsedQuery {
  const errors: string[] = [];
  const shape: string[] = [];
  tree.iterate({
    enter: (node) => {
      if (node.type.isError) {
        errors.push(`syntax error at ${node.from}: ${JSON.stringify(query.slice(Math.max(0, node.from - 20), node.to + 20))}`);
      }
      shape.push(node.name);
    },
  });
  return { errors, shape: shape.join(' ') };
}

export function parseLogQL(query: string): ParsedQuery {
  return inspect(logqlParser.parse(query), query);
}

export function parsePromQL(query: string): ParsedQuery {
  return inspect(promqlParser.parse(query), query);
}
