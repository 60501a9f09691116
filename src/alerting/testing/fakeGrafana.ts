import { formatDuration, parseDurationSeconds } from '../durations';
import type { HttpClient, HttpRequest, HttpResponse } from '../install';
import type { AlertRuleGroup, ProvisionedAlertRule } from '../provisioningApi';

function clone<T>(value: T): T {
  return value === undefined ? value : JSON.parse(JSON.stringify(value));
}

interface Folder {
  uid: string;
  title: string;
}

/**
 * Test helper: an in-memory Grafana that serves the folder and rule-group provisioning endpoints
 * the way Grafana 12 does. GET of a missing group is 404, PUT replaces the whole group (rules
 * left out are deleted, a uid stored in another group moves here) and returns the stored group,
 * and stored queries get the defaults Grafana's PreSave adds.
 */
export class FakeGrafana implements HttpClient {
  readonly folders: Folder[] = [];
  /** Stored groups by `${folderUid}/${group}`. */
  readonly groups = new Map<string, AlertRuleGroup>();
  readonly requests: HttpRequest[] = [];
  /** Status returned for every request, to test errors. */
  denyWith?: number;
  /** Statuses returned for requests whose method and URL match. */
  failures: Array<{ method: string; url: RegExp; status: number; message: string }> = [];
  private nextId = 1;

  async send<T>(request: HttpRequest): Promise<HttpResponse<T>> {
    this.requests.push(clone(request));
    if (this.denyWith) {
      return { status: this.denyWith, data: { message: 'Access denied' } as T };
    }
    const failure = this.failures.find((entry) => entry.method === request.method && entry.url.test(request.url));
    if (failure) {
      return { status: failure.status, data: { message: failure.message } as T };
    }
    return this.route(request) as HttpResponse<T>;
  }

  /** Requests that change state. */
  writes(): HttpRequest[] {
    return this.requests.filter((request) => request.method !== 'GET');
  }

  allRules(): ProvisionedAlertRule[] {
    return [...this.groups.values()].flatMap((group) => group.rules);
  }

  private route(request: HttpRequest): HttpResponse {
    const path = request.url.split('?')[0];
    const folder = /^\/api\/folders\/([^/]+)$/.exec(path);
    const group = /^\/api\/v1\/provisioning\/folder\/([^/]+)\/rule-groups\/([^/]+)$/.exec(path);
    if (request.method === 'GET' && path === '/api/folders') {
      return { status: 200, data: clone(this.folders) };
    }
    if (request.method === 'GET' && folder) {
      const found = this.folders.find((entry) => entry.uid === decodeURIComponent(folder[1]));
      return found ? { status: 200, data: { ...found } } : { status: 404, data: { message: 'folder not found' } };
    }
    if (request.method === 'POST' && path === '/api/folders') {
      return this.createFolder(request.data as Folder);
    }
    if (group && request.method === 'GET') {
      const stored = this.groups.get(`${decodeURIComponent(group[1])}/${decodeURIComponent(group[2])}`);
      return stored
        ? { status: 200, data: clone(stored) }
        : { status: 404, data: { message: 'rule group does not exist' } };
    }
    if (group && request.method === 'PUT') {
      return this.putGroup(decodeURIComponent(group[1]), decodeURIComponent(group[2]), request);
    }
    return { status: 404, data: { message: `no route for ${request.method} ${request.url}` } };
  }

  private createFolder(body: Folder): HttpResponse {
    if (this.folders.some((entry) => entry.uid === body.uid)) {
      return { status: 409, data: { message: 'a folder with the same uid already exists' } };
    }
    const created = { uid: body.uid ?? `generated-${this.nextId++}`, title: body.title };
    this.folders.push(created);
    return { status: 200, data: { ...created } };
  }

  private putGroup(folderUid: string, name: string, request: HttpRequest): HttpResponse {
    if (!this.folders.some((entry) => entry.uid === folderUid)) {
      return { status: 404, data: { message: `folder ${folderUid} not found` } };
    }
    const body = request.data as AlertRuleGroup;
    if (!Number.isInteger(body.interval) || body.interval <= 0 || body.interval % 10 !== 0) {
      return { status: 400, data: { message: `invalid interval ${body.interval}` } };
    }
    const key = `${folderUid}/${name}`;
    const existing = new Map(this.allRules().map((rule) => [rule.uid, rule]));
    const provenance = request.headers?.['X-Disable-Provenance'] === 'true' ? '' : 'api';
    const rules = body.rules.map((rule) => this.store(rule, existing.get(rule.uid), folderUid, name, provenance));
    // A uid that moved here leaves its old group.
    const moved = new Set(rules.map((rule) => rule.uid));
    for (const [otherKey, other] of this.groups) {
      if (otherKey !== key) {
        other.rules = other.rules.filter((rule) => !moved.has(rule.uid));
      }
    }
    this.groups.set(key, { title: name, folderUid, interval: body.interval, rules });
    return { status: 200, data: clone(this.groups.get(key)) };
  }

  private store(
    rule: ProvisionedAlertRule,
    previous: ProvisionedAlertRule | undefined,
    folderUid: string,
    group: string,
    provenance: string
  ) {
    const data = rule.data.map((query) => {
      const model = { ...query.model };
      model.intervalMs ??= 1000;
      model.maxDataPoints ??= 43200;
      const queryType = typeof model.queryType === 'string' ? model.queryType : (query.queryType ?? '');
      return { ...query, queryType, model };
    });
    return {
      ...clone(rule),
      id: previous?.id ?? this.nextId++,
      folderUID: folderUid,
      ruleGroup: group,
      data,
      for: formatDuration(parseDurationSeconds(String(rule.for))),
      isPaused: rule.isPaused ?? false,
      updated: new Date(0).toISOString(),
      provenance,
    };
  }
}
