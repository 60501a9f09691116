import * as path from 'node:path';
import { compileLogDetection } from '../../../compiler/logql/compile';
import { PreparedDetection } from '../../../matcher/detector';
import { readEntities } from '../../../matcher/findings';
import { DEFAULT_SETTINGS, logSource } from '../../../settings';
import { CASES_DIR, readEvents } from '../../../testing/cases';
import { TECHNIQUES } from '../../attack';
import type { LogDetection } from '../../model';
import { AUDIT_SCHEMA } from '../../schemas';
import { describeDeleted, eventsDeleted } from './eventsDeleted';
import { describeOutcome } from './evidence';
import { privilegedContainer } from './privilegedContainer';

const SOURCE = logSource(DEFAULT_SETTINGS, 'audit');

/** Builds the finding of the first event of a case file that the detection matches. */
function findingOf(detection: LogDetection, file: string) {
  const prepared = new PreparedDetection(detection, SOURCE, { maxArrayElements: DEFAULT_SETTINGS.maxArrayElements });
  const event = readEvents(path.join(CASES_DIR, detection.id, file)).find((candidate) => prepared.matches(candidate));
  if (!event) {
    throw new Error(`${detection.id} matches no event of ${file}.`);
  }
  return prepared.finding(event);
}

describe('request outcome', () => {
  test.each([
    ['201', 'allow', 'allowed (201)'],
    ['101', 'allow', 'allowed (101)'],
    ['403', 'forbid', 'denied by authorization (403)'],
    ['403', 'allow', 'denied by admission control after authorization allowed it (403)'],
    ['403', '', 'denied by the API server (403)'],
    ['401', '', 'denied: the request was not authenticated (401)'],
    ['409', 'allow', 'failed: the API server did not carry out the request (409)'],
    ['503', 'allow', 'failed: the API server did not carry out the request (503)'],
    ['302', 'allow', 'unknown (302)'],
    ['', 'allow', ''],
  ])('code %s with decision "%s" reads "%s"', (code, decision, expected) => {
    expect(describeOutcome(code, decision)).toBe(expected);
  });

  test('entity follows the response code', () => {
    const outcome = (code: unknown) => readEntities({ responseStatus: { code } }, AUDIT_SCHEMA).outcome;
    expect(outcome(200)).toBe('allowed');
    expect(outcome(101)).toBe('allowed');
    expect(outcome(403)).toBe('denied');
    expect(outcome(401)).toBe('denied');
    expect(outcome(422)).toBe('failed');
    expect(outcome(500)).toBe('failed');
    expect(outcome(undefined)).toBe('');
  });

  test('finding of a pod denied by Pod Security Admission says so', () => {
    const finding = findingOf(privilegedContainer, 'attack-denied-by-pod-security-admission.json');
    expect(finding.outcome).toBe('denied');
    expect(finding.evidence['Outcome']).toBe('denied by admission control after authorization allowed it (403)');
    expect(finding.evidence['Authorization decision']).toBe('allow');
    expect(finding.evidence['Response message']).toContain('violates PodSecurity "baseline:latest"');
  });

  test('metric query groups by the outcome', () => {
    const compiled = compileLogDetection(privilegedContainer, SOURCE, { maxArrayElements: DEFAULT_SETTINGS.maxArrayElements });
    expect(compiled.groupBy).toContain('outcome');
    const template =
      '{{ if hasPrefix "1" .cordon_responseStatus_code }}allowed{{ else if hasPrefix "2" .cordon_responseStatus_code }}allowed' +
      '{{ else if hasPrefix "401" .cordon_responseStatus_code }}denied{{ else if hasPrefix "403" .cordon_responseStatus_code }}denied' +
      '{{ else if hasPrefix "4" .cordon_responseStatus_code }}failed{{ else if hasPrefix "5" .cordon_responseStatus_code }}failed{{ end }}';
    expect(compiled.metricQuery).toContain(`outcome=${JSON.stringify(template)}`);
  });
});

describe('deleted events', () => {
  test('evidence of a deletecollection names the namespace', () => {
    const finding = findingOf(eventsDeleted, 'attack-delete-all-events.json');
    expect(finding.name).toBe('');
    expect(finding.evidence['Deleted']).toBe('every event in namespace payments');
  });

  test('evidence of a deletecollection names its selectors', () => {
    const uri = '/api/v1/namespaces/web/events?fieldSelector=involvedObject.name%3Dminer-0&labelSelector=app%3Dminer';
    expect(describeDeleted('', 'web', 'deletecollection', uri)).toBe(
      'every event in namespace web that matches labelSelector app=miner and fieldSelector involvedObject.name=miner-0'
    );
  });

  test('evidence of a delete names the event', () => {
    expect(describeDeleted('web-0.17c3a1b2', 'web', 'delete', '/api/v1/namespaces/web/events/web-0.17c3a1b2')).toBe('event web-0.17c3a1b2 in namespace web');
  });
});

test('T1685 keeps its former ATT&CK id', () => {
  expect(TECHNIQUES.disableOrModifyTools.formerIds).toEqual(['T1562.001']);
});
