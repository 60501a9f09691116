import { escapeRegex } from '../../../compiler/regex';

/** A Docker tag: up to 128 word characters, dots and dashes, not starting with a dot or dash. */
const TAG = ':[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}';
const DIGEST = '@sha256:[0-9a-f]{64}';

/** Checks whether an image reference names a tag or a digest. A colon before the last slash belongs to a registry port. */
export function hasTagOrDigest(image: string): boolean {
  const lastComponent = image.slice(image.lastIndexOf('/') + 1);
  return lastComponent.includes(':') || image.includes('@');
}

/**
 * Builds a pattern for the Docker image references in `images`, meant to be fully anchored.
 * An entry without a tag or digest, such as `registry.example.com/ci/runner`, also matches
 * that repository with any tag and digest. An entry with a tag or digest matches only itself.
 * References are compared as written, so `nginx` does not match `docker.io/library/nginx`.
 */
export function imageReferencePattern(images: readonly string[]): string {
  if (images.length === 0) {
    throw new Error('An image pattern needs at least one image reference.');
  }
  return images
    .map((image) => (hasTagOrDigest(image) ? escapeRegex(image) : `${escapeRegex(image)}(?:${TAG})?(?:${DIGEST})?`))
    .join('|');
}
