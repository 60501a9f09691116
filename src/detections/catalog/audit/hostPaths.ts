import { ANY_TEXT, escapeRegex } from '../../../compiler/regex';

/**
 * Patterns for hostPath volume paths. The kubelet mounts "/etc/", "//etc" and "/./etc" as the
 * same folder as "/etc", so a path matches an entry when both name the same folder once repeated
 * slashes, "." steps and trailing slashes are ignored. The API server rejects ".." steps in a
 * hostPath, so those need no handling.
 *
 * An entry ending in "/*" matches every path below that folder, and any other entry ending in
 * "*" matches paths whose last step starts with the rest, as in the other tuning lists. Every
 * entry also matches the folders above it, because a mount of a folder exposes everything below
 * it: /var/lib/kubelet/pki covers /var/lib/kubelet, /var/lib, /var and /.
 *
 * The entries are merged into a tree of steps, so a shared folder such as /var/run is written
 * once: the pattern is repeated for every volume a query inspects, and its length adds up.
 */
export function hostPathPattern(entries: readonly string[]): string {
  if (entries.length === 0) {
    throw new Error('A host path pattern needs at least one path.');
  }
  const root = newNode();
  for (const entry of entries) {
    addEntry(root, entry);
  }
  return nodePattern(root, '(?:/\\.?)+');
}

/** Zero or more "/" or "/." steps, then the "/" before the next folder name. */
const SEPARATOR = '(?:/\\.?)*/';

/** Trailing "/" and "/." steps, which name the same folder. */
const TRAILING = '(?:/\\.?)*';

/** A folder on the way to an entry; the path of every such folder matches. */
interface StepNode {
  /** An entry covers everything below this folder ("/dir/*"). */
  below: boolean;
  /** Starts of names one step below this folder ("/run/docker*"). */
  namePrefixes: Set<string>;
  children: Map<string, StepNode>;
}

function newNode(): StepNode {
  return { below: false, namePrefixes: new Set(), children: new Map() };
}

function steps(path: string): string[] {
  return path.split('/').filter((step) => step !== '' && step !== '.');
}

function addEntry(root: StepNode, entry: string): void {
  if (!entry.startsWith('/')) {
    throw new Error(`Invalid host path ${JSON.stringify(entry)}: write an absolute path such as /var/lib/kubelet.`);
  }
  const wildcard = entry.endsWith('*');
  const body = wildcard ? entry.slice(0, -1) : entry;
  const names = steps(body);
  const partial = wildcard && !body.endsWith('/') ? names.pop() : undefined;
  let node = root;
  for (const name of names) {
    let child = node.children.get(name);
    if (!child) {
      child = newNode();
      node.children.set(name, child);
    }
    node = child;
  }
  if (partial !== undefined) {
    node.namePrefixes.add(partial);
  } else if (wildcard) {
    node.below = true;
  }
}

function group(alternatives: string[]): string {
  return alternatives.length === 1 ? alternatives[0] : `(?:${alternatives.join('|')})`;
}

/** Writes the alternatives for the steps below a folder: its children and the starts of names. */
function childAlternatives(node: StepNode): string[] {
  const children = [...node.children.entries()].map(([name, child]) => `${escapeRegex(name)}${nodePattern(child)}`);
  const prefixes = [...node.namePrefixes].map((prefix) => `${escapeRegex(prefix)}${ANY_TEXT}`);
  return [...children, ...prefixes];
}

/**
 * Writes the pattern for the rest of a path after a folder's name. `end` matches the end of a
 * path at this folder: trailing "/" and "/." steps after a name, or at least one for the root.
 */
function nodePattern(node: StepNode, end = TRAILING): string {
  if (node.below) {
    // "/" and anything after it already covers the trailing steps and every child.
    const everything = `/${ANY_TEXT}`;
    return end === TRAILING ? `(?:${everything})?` : group([end, everything]);
  }
  const below = childAlternatives(node);
  if (below.length === 0) {
    return end;
  }
  // Below a folder name the trailing steps start both ways to end, so they are written once.
  return end === TRAILING ? `${TRAILING}(?:/${group(below)})?` : group([end, `${SEPARATOR}${group(below)}`]);
}
