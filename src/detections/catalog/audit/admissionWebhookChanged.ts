import { TECHNIQUES } from '../../attack';
import { all, any, equals, oneOf } from '../../conditions';
import type { LogDetection, TuningValues } from '../../model';
import { REQUEST_EVIDENCE } from './evidence';
import { listParameter, unlisted } from './lists';

/**
 * Objects of admissionregistration.k8s.io that decide what the API server admits: webhook
 * configurations, and the in-process CEL policies and their bindings.
 */
const ADMISSION_RESOURCES = [
  'validatingwebhookconfigurations',
  'mutatingwebhookconfigurations',
  'validatingadmissionpolicies',
  'validatingadmissionpolicybindings',
  'mutatingadmissionpolicies',
  'mutatingadmissionpolicybindings',
];

/**
 * Policies of the common policy engines, whose change or removal switches a check off without
 * touching a webhook: Kyverno's policies, and Gatekeeper's constraints (one resource per
 * constraint template, all in one API group) and templates. New policies only add checks, so
 * their create is left out.
 */
const POLICY_ENGINE_CHANGES = any(
  all(equals('objectRef.apiGroup', 'kyverno.io'), oneOf('objectRef.resource', ['clusterpolicies', 'policies'])),
  equals('objectRef.apiGroup', 'constraints.gatekeeper.sh'),
  all(equals('objectRef.apiGroup', 'templates.gatekeeper.sh'), equals('objectRef.resource', 'constrainttemplates'))
);

function condition(tuning: TuningValues) {
  return all(
    oneOf('verb', ['create', 'update', 'patch', 'delete', 'deletecollection']),
    any(
      all(equals('objectRef.apiGroup', 'admissionregistration.k8s.io'), oneOf('objectRef.resource', ADMISSION_RESOURCES)),
      all(oneOf('verb', ['update', 'patch', 'delete', 'deletecollection']), POLICY_ENGINE_CHANGES),
      // A new Kyverno PolicyException exempts workloads from the policies it names.
      all(equals('verb', 'create'), equals('objectRef.resource', 'policyexceptions'), equals('objectRef.apiGroup', 'kyverno.io'))
    ),
    // The status subresource of a policy carries type-checking or audit results, not configuration.
    equals('objectRef.subresource', ''),
    ...unlisted('user.username', listParameter(tuning, 'trustedUsers'))
  );
}

export const admissionWebhookChanged: LogDetection = {
  kind: 'log',
  id: 'k8s-admission-webhook-changed',
  title: 'Admission webhook or policy changed',
  description:
    'Someone created, changed or deleted a validating or mutating webhook configuration, or a validating or mutating admission policy or its binding; ' +
    'or changed or deleted a Kyverno policy or a Gatekeeper constraint or constraint template, or created a Kyverno PolicyException. ' +
    'Admission control is where policy engines (Pod Security replacements such as Kyverno or Gatekeeper, image signature checks) reject dangerous pods. ' +
    'Deleting or loosening a webhook or policy (failurePolicy Ignore, narrower rules, a namespaceSelector that skips the attacker\'s namespace, a policy set to Audit) switches those checks off, ' +
    'and a new mutating webhook sees every object admitted to the cluster and can inject containers or credentials into each new pod. ' +
    'Severity is high because this is a direct impairment of the cluster\'s defenses.',
  severity: 'high',
  technique: TECHNIQUES.disableOrModifyTools,
  telemetry: 'audit',
  condition,
  evidence: [
    ...REQUEST_EVIDENCE,
    { label: 'Configuration', paths: ['objectRef.name'] },
    { label: 'Webhook names', paths: ['requestObject.webhooks[*].name'] },
    { label: 'Webhook services', paths: ['requestObject.webhooks[*].clientConfig.service.name'] },
    { label: 'Webhook URLs', paths: ['requestObject.webhooks[*].clientConfig.url'] },
    { label: 'Failure policies', paths: ['requestObject.webhooks[*].failurePolicy'] },
    { label: 'Policy action', paths: ['requestObject.spec.validationFailureAction', 'requestObject.spec.enforcementAction'] },
  ],
  falsePositives: [
    'cert-manager\'s CA injector patches the caBundle of webhook configurations whenever a certificate rotates; it is trusted by default.',
    'Policy engines and operators (Kyverno, Gatekeeper, Istio, Linkerd) create and update their own webhook configurations at start-up and on upgrade; add their service accounts to trustedUsers once confirmed.',
    'Helm releases and GitOps controllers install and remove webhooks and policies with the charts that ship them; the user is the deploy account and the change matches a release.',
    'Kyverno and Gatekeeper write the status of their own policies through the status subresource, which is not reported; a version that writes it through the object itself matches under its service account, which you can add to trustedUsers.',
  ],
  tuning: [
    {
      name: 'trustedUsers',
      kind: 'list',
      description:
        'Users and service accounts expected to manage admission configuration, such as your policy engine and GitOps controller. An entry ending in * matches by prefix.',
      default: ['system:serviceaccount:cert-manager:cert-manager-cainjector'],
    },
  ],
  response: {
    investigate: [
      'Identify who made the change and compare the configuration with the version in source control or the previous release.',
      'For a deletion or update, check which rules, namespaces and failure policy changed and which pods were admitted since then without the check.',
      'For a new mutating webhook, find the service or URL it calls and who runs it.',
    ],
    contain: [
      'Restore the webhook or policy from source control and remove any webhook you did not create.',
      'Revoke write access to admissionregistration.k8s.io from the user or service account and rotate its credentials.',
    ],
    forensics: [
      'List the pods and workloads created or changed while the check was off, and review their specs for privileged settings, host mounts and unknown images.',
    ],
    remediate: [
      'Restrict write access to webhook configurations and admission policies to the accounts that install the policy engine, and manage them through GitOps so drift is visible.',
    ],
  },
  references: [
    'https://kubernetes.io/docs/reference/access-authn-authz/extensible-admission-controllers/',
    'https://kubernetes.io/docs/concepts/security/rbac-good-practices/',
  ],
};
