/**
 * PromQL that removes containers whose image a trusted entry covers. The compiler renders a
 * list as one anchored alternation of literals, which cannot express "starts with", so each
 * container is copied once per candidate prefix of its image, and the alternation is matched
 * against that prefix instead. Prefixes end at a `/`, so `registry.example.com/team` does not
 * trust `registry.example.com/team-evil/tool`.
 */

/** Label that carries a candidate prefix of the image while the filter runs. */
const PREFIX_LABEL = 'image_prefix';

/** Label that marks containers as covered by a trusted entry; it never leaves the filter. */
const TRUST_LABEL = 'cordon_trusted';

/**
 * Candidate prefixes of an image reference: its first one to three path components, and the
 * repository without tag or digest (`localhost:5000/app:1` becomes `localhost:5000/app`).
 * NOTE: an entry of four or more path components only matches as a whole repository.
 */
const PREFIX_PATTERNS = ['([^/]+)/.+', '([^/]+/[^/]+)/.+', '([^/]+/[^/]+/[^/]+)/.+', '(.+?)(?::[^:/@]+)?(?:@.+)?'];

/**
 * Builds `containers` minus those whose image starts with a trusted entry. `containers` is a
 * selector that keeps the labels namespace, pod, container and image; `trustedList` is the
 * list placeholder, such as `${trustedRegistries}`.
 */
export function withoutTrustedImages(containers: string, trustedList: string): string {
  const copies = PREFIX_PATTERNS.map((pattern) => `label_replace(${containers}, "${PREFIX_LABEL}", "$1", "image", "${pattern.replace(/\\/g, '\\\\')}")`);
  return [
    `label_replace(${containers}, "${TRUST_LABEL}", "true", "", "")`,
    `unless on (namespace, pod, container, ${TRUST_LABEL})`,
    `label_replace(`,
    `  ${copies.join('\n  or ')},`,
    `  "${TRUST_LABEL}", "true", "${PREFIX_LABEL}", ${trustedList}`,
    `)`,
  ].join('\n');
}
