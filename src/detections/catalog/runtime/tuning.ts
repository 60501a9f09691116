import { Condition, not, oneOf, regex } from '../../conditions';
import type { TuningParameter } from '../../model';
import { DOCKER_FIELDS } from './attributes';
import { imageReferencePattern } from './imageReference';

export const TRUSTED_CONTAINER_NAMES: TuningParameter = {
  name: 'trustedContainerNames',
  kind: 'list',
  description: 'Container names (Actor.Attributes.name, without the leading slash) that this detection skips, matched exactly.',
  default: [],
};

export const TRUSTED_IMAGES: TuningParameter = {
  name: 'trustedImages',
  kind: 'list',
  description:
    'Images that this detection skips, compared with the image as it was given to `docker run` (Actor.Attributes.image). ' +
    'An entry without a tag, such as registry.example.com/ci/runner, also covers every tag and digest of that repository. ' +
    'References are compared as written, so list nginx and docker.io/library/nginx separately if both are used.',
  default: [],
};

/**
 * Drops empty entries from a trust list. No container has an empty name, image or command, and
 * Loki 3.7.6 label filters never match "" against an alternation with an empty branch, so an
 * empty entry would only make the query and the matcher disagree.
 */
export function listedValues(values: readonly string[]): string[] {
  return values.filter((value) => value !== '');
}

/** Builds the conditions that hold unless the container is listed by name or by image. An empty list adds none. */
export function untrustedContainer(names: readonly string[], images: readonly string[]): Condition[] {
  const listedNames = listedValues(names);
  const listedImages = listedValues(images);
  const conditions: Condition[] = [];
  if (listedNames.length > 0) {
    conditions.push(not(oneOf(DOCKER_FIELDS.name, listedNames)));
  }
  if (listedImages.length > 0) {
    conditions.push(not(regex(DOCKER_FIELDS.image, imageReferencePattern(listedImages))));
  }
  return conditions;
}
