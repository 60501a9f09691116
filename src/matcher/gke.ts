/**
 * Maps a Google Cloud audit log record for GKE (`protoPayload` of type AuditLog, serviceName
 * "k8s.io") to the audit.k8s.io/v1 Event shape, so one set of detections reads both.
 * methodName has the form io.k8s.<group>.<version>.<resource>[.<subresource>].<verb>, with group
 * "core" for the core API, and resourceName the form <group>/<version>/namespaces/<ns>/<resource>/<name>.
 */
type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function withoutType(value: unknown): unknown {
  if (!isObject(value)) {
    return value;
  }
  const { '@type': _type, ...rest } = value;
  return rest;
}

export function mapGkeAuditRecord(record: JsonObject): { event: JsonObject } | { unmapped: string } {
  const payload = record.protoPayload as JsonObject;
  if (payload.serviceName !== 'k8s.io') {
    return { unmapped: `GCP audit log record for service ${JSON.stringify(payload.serviceName)}, not GKE (k8s.io)` };
  }
  const method = typeof payload.methodName === 'string' ? payload.methodName.split('.') : [];
  if (method.length < 6 || method[0] !== 'io' || method[1] !== 'k8s') {
    return { unmapped: `GKE audit record with methodName ${JSON.stringify(payload.methodName)}, expected io.k8s.<group>.<version>.<resource>.<verb>` };
  }
  const [, , group, version, resource, ...tail] = method;
  const verb = tail[tail.length - 1];
  const subresource = tail.length > 1 ? tail.slice(0, -1).join('.') : undefined;

  const objectRef: JsonObject = { resource, apiVersion: version };
  if (group !== 'core') {
    objectRef.apiGroup = group;
  }
  if (subresource) {
    objectRef.subresource = subresource;
  }
  const resourcePath = typeof payload.resourceName === 'string' ? payload.resourceName.split('/') : [];
  const namespaceIndex = resourcePath.indexOf('namespaces');
  if (namespaceIndex >= 0 && resourcePath[namespaceIndex + 1]) {
    objectRef.namespace = resourcePath[namespaceIndex + 1];
  }
  const resourceIndex = resourcePath.lastIndexOf(resource);
  if (resourceIndex >= 0 && resourcePath[resourceIndex + 1]) {
    objectRef.name = resourcePath[resourceIndex + 1];
  }

  const authentication = isObject(payload.authenticationInfo) ? payload.authenticationInfo : {};
  const metadata = isObject(payload.requestMetadata) ? payload.requestMetadata : {};
  const authorization = Array.isArray(payload.authorizationInfo) ? payload.authorizationInfo.filter(isObject) : [];
  const event: JsonObject = {
    kind: 'Event',
    apiVersion: 'audit.k8s.io/v1',
    stage: 'ResponseComplete',
    verb,
    user: { username: authentication.principalEmail },
    objectRef,
  };
  if (typeof record.insertId === 'string') {
    event.auditID = record.insertId;
  }
  if (typeof metadata.callerIP === 'string') {
    event.sourceIPs = [metadata.callerIP];
  }
  if (typeof metadata.callerSuppliedUserAgent === 'string') {
    event.userAgent = metadata.callerSuppliedUserAgent;
  }
  if (authorization.length > 0) {
    event.annotations = { 'authorization.k8s.io/decision': authorization.every((entry) => entry.granted === true) ? 'allow' : 'forbid' };
  }
  if (payload.request !== undefined) {
    event.requestObject = withoutType(payload.request);
  }
  if (payload.response !== undefined) {
    event.responseObject = withoutType(payload.response);
  }
  const timestamp = typeof record.timestamp === 'string' ? record.timestamp : typeof record.receiveTimestamp === 'string' ? record.receiveTimestamp : undefined;
  if (timestamp) {
    event.stageTimestamp = timestamp;
  }
  return { event };
}
