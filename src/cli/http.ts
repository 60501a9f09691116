/** Options for requests to Loki or Prometheus from the command line. */
export interface EndpointOptions {
  baseUrl: string;
  /** Sent as X-Scope-OrgID, for multi-tenant Loki and Mimir. */
  tenant?: string;
  /** Sent as "Authorization: Bearer ..."; read from the environment, never from arguments. */
  bearerToken?: string;
  timeoutMs: number;
}

/** Checks a Loki or Prometheus base URL given on the command line. */
export function parseBaseUrl(value: string, option: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`Invalid ${option} ${JSON.stringify(value)}: write an absolute URL such as http://127.0.0.1:3100.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`Invalid ${option} ${JSON.stringify(value)}: it must start with http:// or https://.`);
  }
  return url.toString().replace(/\/+$/, '');
}

/**
 * Describes why fetch() failed. Node's fetch reports every network error as "fetch failed" and
 * puts the reason (ECONNREFUSED, ENOTFOUND, a TLS error) in `cause`, so the cause is appended.
 */
export function describeFetchError(error: unknown, timeoutMs: number): string {
  if (!isErrorLike(error)) {
    return String(error);
  }
  if (error.name === 'TimeoutError') {
    return `timed out after ${timeoutMs} ms`;
  }
  const cause = isErrorLike(error.cause) ? error.cause.message : undefined;
  return cause && cause !== error.message ? `${error.message} (${cause})` : error.message;
}

/** Checks the shape, not `instanceof Error`, because fetch's errors may come from another realm (as under Jest). */
function isErrorLike(value: unknown): value is { name: string; message: string; cause?: unknown } {
  return typeof value === 'object' && value !== null && typeof (value as Error).message === 'string';
}

/**
 * Queries a JSON API path with a form-encoded POST, which Loki's and Prometheus' query APIs
 * accept like GET; compiled queries run to many kilobytes, past the URL limits of common
 * proxies. A non-2xx response becomes an error with the status and the server's message.
 */
export async function postQuery(endpoint: EndpointOptions, path: string, params: Record<string, string>, context: string): Promise<unknown> {
  return requestJson(endpoint, 'POST', path, new URLSearchParams(params), context);
}

/** Queries a JSON API path with GET, for APIs that take no POST, such as Prometheus' label values. */
export async function getQuery(endpoint: EndpointOptions, path: string, params: URLSearchParams, context: string): Promise<unknown> {
  return requestJson(endpoint, 'GET', path, params, context);
}

async function requestJson(endpoint: EndpointOptions, method: 'GET' | 'POST', path: string, params: URLSearchParams, context: string): Promise<unknown> {
  const url = method === 'GET' ? `${endpoint.baseUrl}${path}?${params.toString()}` : `${endpoint.baseUrl}${path}`;
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (method === 'POST') {
    headers['Content-Type'] = 'application/x-www-form-urlencoded';
  }
  if (endpoint.tenant) {
    headers['X-Scope-OrgID'] = endpoint.tenant;
  }
  if (endpoint.bearerToken) {
    headers.Authorization = `Bearer ${endpoint.bearerToken}`;
  }
  let response: Response;
  try {
    const body = method === 'POST' ? params.toString() : undefined;
    response = await fetch(url, { method, headers, body, signal: AbortSignal.timeout(endpoint.timeoutMs) });
  } catch (error) {
    const reason = describeFetchError(error, endpoint.timeoutMs);
    throw new Error(`${context}: request to ${endpoint.baseUrl}${path} failed: ${reason}. Check the URL and that the server is reachable.`);
  }
  const text = await response.text();
  if (!response.ok) {
    throw new Error(`${context}: ${endpoint.baseUrl}${path} returned HTTP ${response.status}: ${text.trim().slice(0, 500)}`);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`${context}: ${endpoint.baseUrl}${path} returned text that is not JSON: ${text.slice(0, 200)}`);
  }
}
