import type { EvidenceField } from '../../model';
import { POD_SPEC_ROOTS } from './podSpec';

/** Who sent an audited request, from where, and what the API server decided. */
export const REQUEST_EVIDENCE: readonly EvidenceField[] = [
  { label: 'Verb', paths: ['verb'] },
  { label: 'Resource', paths: ['objectRef.resource'] },
  { label: 'Subresource', paths: ['objectRef.subresource'] },
  { label: 'Request URI', paths: ['requestURI'] },
  { label: 'Groups', paths: ['user.groups[*]'] },
  { label: 'Impersonated user', paths: ['impersonatedUser.username'] },
  { label: 'Source IPs', paths: ['sourceIPs[*]'] },
  { label: 'User agent', paths: ['userAgent'] },
  { label: 'Decision', paths: ['annotations["authorization.k8s.io/decision"]'] },
  { label: 'Response code', paths: ['responseStatus.code'] },
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
