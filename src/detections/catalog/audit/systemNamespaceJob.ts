import { TECHNIQUES } from '../../attack';
import { ANY_TEXT, JSON_SPACE } from '../../../compiler/regex';
import { all, any, equals, exists, oneOf, regex } from '../../conditions';
import type { LogDetection, TuningValues } from '../../model';
import { CONTAINER_IMAGES_EVIDENCE, JSON_PATCH_EVIDENCE, REQUEST_EVIDENCE } from './evidence';
import { listParameter, listed, unlisted } from './lists';
import { anyContainer, jsonPatchSets, podSpecPointers } from './podSpec';

function condition(tuning: TuningValues) {
  // An update or patch counts when it changes the pod template: a strategic merge patch of a
  // container always names it, because name is the merge key of the container lists.
  const changesTemplate = any(
    anyContainer(exists('name')),
    jsonPatchSets(
      regex('path', `[^/]*/spec/(?:jobTemplate|template)(?:/${ANY_TEXT})?`),
      `"(?:containers|initContainers)"${JSON_SPACE}:`,
      podSpecPointers(['containers/*', 'initContainers/*'])
    )
  );
  return all(
    equals('objectRef.apiGroup', 'batch'),
    oneOf('objectRef.resource', ['cronjobs', 'jobs']),
    equals('objectRef.subresource', ''),
    listed('objectRef.namespace', listParameter(tuning, 'systemNamespaces')),
    any(equals('verb', 'create'), all(oneOf('verb', ['update', 'patch']), changesTemplate)),
    ...unlisted('user.username', listParameter(tuning, 'trustedUsers'))
  );
}

export const systemNamespaceJob: LogDetection = {
  kind: 'log',
  id: 'k8s-system-namespace-cronjob',
  title: 'CronJob or Job written in a system namespace',
  description:
    'Someone other than the CronJob controller created a CronJob or Job in kube-system, kube-public, kube-node-lease or another system namespace, ' +
    'or changed the pod template of one there. ' +
    'A CronJob in kube-system is a durable foothold: it starts a fresh container on a schedule, can use the powerful service accounts of that namespace, ' +
    'and hides among the cluster\'s own components, where few people look. ' +
    'Severity is medium because cluster add-ons (backup, certificate renewal, cleanup jobs) also run jobs there, but from known installers.',
  severity: 'medium',
  technique: TECHNIQUES.containerOrchestrationJob,
  telemetry: 'audit',
  condition,
  evidence: [
    ...REQUEST_EVIDENCE,
    { label: 'Object', paths: ['objectRef.name'] },
    { label: 'Schedule', paths: ['requestObject.spec.schedule'] },
    { label: 'Service account', paths: ['requestObject.spec.template.spec.serviceAccountName', 'requestObject.spec.jobTemplate.spec.template.spec.serviceAccountName'] },
    CONTAINER_IMAGES_EVIDENCE,
    ...JSON_PATCH_EVIDENCE,
  ],
  falsePositives: [
    'The CronJob controller creates a Job for each run of a CronJob; it is trusted by default, so only the creation of the CronJob itself is reported.',
    'Add-ons installed into kube-system (etcd backups, descheduler, certificate rotation) create their CronJobs at install and upgrade from the deploy account; add that account to trustedUsers.',
    'Metadata-only patches, such as a label or the suspend flag, do not change the pod template and do not match.',
  ],
  tuning: [
    {
      name: 'systemNamespaces',
      kind: 'list',
      description: 'Namespaces where jobs are reported. An entry ending in * matches by prefix.',
      default: ['kube-system', 'kube-public', 'kube-node-lease'],
    },
    {
      name: 'trustedUsers',
      kind: 'list',
      description: 'Users and service accounts expected to write jobs there. An entry ending in * matches by prefix.',
      default: ['system:serviceaccount:kube-system:cronjob-controller', 'system:kube-controller-manager'],
    },
  ],
  response: {
    investigate: [
      'Identify who created or changed the job, and read its schedule, image, command and service account.',
      'Check whether the job belongs to an add-on you installed and matches its released manifest.',
    ],
    contain: [
      'Suspend the CronJob (spec.suspend: true), which stops new runs only, and delete the Jobs and pods it started once their logs, specs and files are saved.',
      'Rotate the token of the service account the job used if it is powerful.',
    ],
    forensics: [
      'Save the CronJob, its Jobs and their pod logs, and list every run since it was created from the audit log and events.',
    ],
    remediate: [
      'Restrict create and update of CronJobs and Jobs in system namespaces to the cluster administrators and installers.',
    ],
  },
  references: ['https://kubernetes.io/docs/concepts/security/rbac-good-practices/'],
};
