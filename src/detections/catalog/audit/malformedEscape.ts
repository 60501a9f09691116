import { TECHNIQUES } from '../../attack';
import { ANY_TEXT } from '../../../compiler/regex';
import { LINE_FIELD, all, regex } from '../../conditions';
import type { LogDetection, TuningValues } from '../../model';
import { REQUEST_EVIDENCE } from './evidence';
import { listParameter, unlisted } from './lists';

const HEX = '[0-9a-fA-F]';

/**
 * One unit of JSON text that is not a malformed escape: a character other than a backslash, a
 * two-character escape, a \u escape outside the surrogates, or a high surrogate escape followed
 * by a low one. Every backslash starts an escape, so reading the line from its start splits it
 * into these units in exactly one way.
 */
const WELL_FORMED_UNIT =
  `[^\\\\]|\\\\[^u]|\\\\u(?:[0-9a-cA-CefEF]${HEX}{3}|[dD][0-7]${HEX}{2})` + `|\\\\u[dD][89abAB]${HEX}{2}\\\\u[dD][c-fC-F]${HEX}{2}`;

/** A low surrogate escape where a unit starts, or a high surrogate escape that no low one follows. */
const MALFORMED_UNIT =
  `\\\\u[dD][c-fC-F]${HEX}{2}` + `|\\\\u[dD][89abAB]${HEX}{2}(?:[^\\\\]|\\\\[^u]|\\\\u(?:[0-9a-cA-CefEF]|[dD][0-9abAB]))`;

/**
 * Matches, fully anchored, a line of valid JSON with a malformed surrogate escape. RE2 has no
 * lookbehind, so the pattern reads well-formed units from the start of the line up to the first
 * malformed one. Both engines run it in time linear in the line.
 */
export const MALFORMED_ESCAPE_LINE = `(?:${WELL_FORMED_UNIT})*(?:${MALFORMED_UNIT})${ANY_TEXT}`;

/** Any surrogate escape, well formed or not: a cheap test that the line filter runs first. */
const SURROGATE_ESCAPE_LINE = `${ANY_TEXT}\\\\u[dD][89a-fA-F]${ANY_TEXT}`;

function condition(tuning: TuningValues) {
  return all(
    // Implied by the next test; written apart because it becomes the query's line filter.
    regex(LINE_FIELD, SURROGATE_ESCAPE_LINE),
    regex(LINE_FIELD, MALFORMED_ESCAPE_LINE),
    ...unlisted('user.username', listParameter(tuning, 'trustedUsers'))
  );
}

/**
 * T1027 Obfuscated Files or Information, under Stealth in ATT&CK v19: the request body is
 * encoded so that the log pipeline cannot read it, while the API server applies it. The event
 * is still collected and stored, so this is not Indicator Blocking, which keeps telemetry from
 * being gathered or forwarded.
 */
export const malformedEscape: LogDetection = {
  kind: 'log',
  id: 'k8s-malformed-escape',
  title: 'Request body with a malformed Unicode escape',
  description:
    'An audit event holds a malformed \\u escape: a high surrogate (\\uD800 to \\uDBFF) that no low surrogate (\\uDC00 to \\uDFFF) follows, or a low surrogate on its own. ' +
    'The API server\'s Go encoder never writes one, but it logs the body of a patch as the client sent it, so only a crafted request carries it. ' +
    'A key with such an escape stops Loki\'s `| json` stage: Loki 3.7.6 reads no field after it in the line, so every Cordon query misses what the rest of the request sets, ' +
    'for example {"spec":{"template":{"spec":{"\\ud800":0,"hostPID":true}}}} grants the host PID namespace unseen, and the stored object in responseObject comes later in the line and is hidden too. ' +
    'The request is an attempt to blind the log pipeline, whatever it changes, so the finding names the object and the person and the body is shown in full. ' +
    'Severity is high: no ordinary client sends this, and the change it hides can be an escape to the node. ' +
    'The test runs on the raw line, so it works at every audit level that logs request bodies (Request and RequestResponse).',
  severity: 'high',
  technique: TECHNIQUES.obfuscatedFilesOrInformation,
  telemetry: 'audit',
  condition,
  evidence: [...REQUEST_EVIDENCE, { label: 'Object', paths: ['objectRef.name'] }, { label: 'Request body', paths: ['requestObject'] }],
  falsePositives: [
    'A client that cuts a string between the two halves of a surrogate pair, such as a JavaScript tool that shortens a label or annotation holding an emoji, writes a lone surrogate escape. The finding then shows an ordinary change by a known tool; add its account to trustedUsers once the tool is fixed or known.',
    'Clients that escape characters outside the Basic Multilingual Plane write complete surrogate pairs (\\ud83d\\ude80), which do not match.',
  ],
  tuning: [
    {
      name: 'trustedUsers',
      kind: 'list',
      description: 'Users and service accounts whose requests are exempt, for a known tool that writes broken escapes. An entry ending in * matches by prefix.',
      default: [],
    },
  ],
  response: {
    investigate: [
      'Read the request body in the finding: the fields after the malformed escape are what the request changed without being seen by the detections.',
      'Fetch the object as stored now (kubectl get -o yaml) and compare it with its last known manifest, looking for privileged containers, host namespaces, host paths and new images.',
      'Identify who sent the request, from which source IP and user agent, and search the audit log for other requests of that user in the same hour.',
    ],
    contain: [
      'If the stored object grants host access or runs an unexpected image, treat it as an escape: cordon the node its pods run on, and save their logs, manifests and files before you scale the workload to zero.',
      'Revoke the credentials of the user or service account that sent the request.',
    ],
    forensics: [
      'Keep the raw audit log lines of the requests, because the malformed escape is itself the evidence and tools that decode JSON may drop or replace it.',
    ],
    remediate: [
      'Reject request bodies with malformed escapes before they reach the API server, for example in an authenticating proxy, and keep every API write behind admission policies that check the stored object (Pod Security Admission checks pods after patches are applied).',
    ],
  },
  references: ['https://www.rfc-editor.org/rfc/rfc8259#section-8.2', 'https://kubernetes.io/docs/reference/config-api/apiserver-audit.v1/'],
};
