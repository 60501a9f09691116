import type { EvidenceField } from '../../model';
import { AUDIT_OUTCOMES, valueByPrefix } from '../../schemas';
import { POD_SPEC_ROOTS } from './podSpec';

const DECISION = 'annotations["authorization.k8s.io/decision"]';

/**
 * Describes what became of a request, from its response code and the authorizer's decision. The
 * API server writes the decision before admission runs, so a request that Pod Security Admission
 * or a webhook rejects carries "allow" with a 403.
 */
export function describeOutcome(code: string, decision: string): string {
  const outcome = valueByPrefix(code, AUDIT_OUTCOMES);
  if (outcome === 'allowed') {
    return `allowed (${code})`;
  }
  if (code === '401') {
    return 'denied: the request was not authenticated (401)';
  }
  if (code === '403') {
    if (decision === 'forbid') {
      return 'denied by authorization (403)';
    }
    if (decision === 'allow') {
      return 'denied by admission control after authorization allowed it (403)';
    }
    return 'denied by the API server (403)';
  }
  if (outcome === 'failed') {
    return `failed: the API server did not carry out the request (${code})`;
  }
  return code === '' ? '' : `unknown (${code})`;
}

/** Who sent an audited request, from where, and what the API server decided. */
export const REQUEST_EVIDENCE: readonly EvidenceField[] = [
  {
    label: 'Outcome',
    paths: ['responseStatus.code', DECISION],
    format: ([codes, decisions]) => describeOutcome(codes[0] ?? '', decisions[0] ?? ''),
  },
  { label: 'Verb', paths: ['verb'] },
  { label: 'Resource', paths: ['objectRef.resource'] },
  { label: 'Subresource', paths: ['objectRef.subresource'] },
  { label: 'Request URI', paths: ['requestURI'] },
  { label: 'Groups', paths: ['user.groups[*]'] },
  { label: 'Impersonated user', paths: ['impersonatedUser.username'] },
  { label: 'Source IPs', paths: ['sourceIPs[*]'] },
  { label: 'User agent', paths: ['userAgent'] },
  { label: 'Authorization decision', paths: [DECISION] },
  { label: 'Response code', paths: ['responseStatus.code'] },
  { label: 'Response message', paths: ['responseStatus.message'] },
];

/** The images of every container list of every pod spec in the request. */
export const CONTAINER_IMAGES_EVIDENCE: EvidenceField = {
  label: 'Images',
  paths: POD_SPEC_ROOTS.flatMap((root) => ['containers', 'initContainers', 'ephemeralContainers'].map((list) => `${root.path}.${list}[*].image`)),
};

/** The paths and values of a JSON patch request (`kubectl patch --type=json`). */
export const JSON_PATCH_EVIDENCE: readonly EvidenceField[] = [
  { label: 'JSON patch paths', paths: ['requestObject[*].path'] },
  { label: 'JSON patch values', paths: ['requestObject[*].value'] },
];

/** Builds the evidence of one field of every pod spec in the request, such as `hostNetwork` or `volumes[*].hostPath.path`. */
export function podSpecEvidence(label: string, field: string): EvidenceField {
  return { label, paths: POD_SPEC_ROOTS.map((root) => `${root.path}.${field}`) };
}
