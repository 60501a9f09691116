import { lastValueFrom } from 'rxjs';
import { getBackendSrv, isFetchError } from '@grafana/runtime';
import type { HttpClient, HttpRequest, HttpResponse } from '../../alerting/install';

/**
 * Sends requests through Grafana's backend_srv with the user's session. Grafana's own error
 * toast is turned off, because the install reports every failure itself. An HTTP error comes
 * back as its status, and only a request that got no response (status 0 or none) rejects.
 */
export function backendSrvClient(): HttpClient {
  return {
    async send<T>(request: HttpRequest): Promise<HttpResponse<T>> {
      try {
        const response = await lastValueFrom(
          getBackendSrv().fetch<T>({
            url: request.url,
            method: request.method,
            data: request.data,
            headers: request.headers,
            showErrorAlert: false,
            showSuccessAlert: false,
          })
        );
        return { status: response.status, data: response.data };
      } catch (error) {
        if (isFetchError(error) && error.status > 0) {
          return { status: error.status, data: error.data as T };
        }
        throw error;
      }
    },
  };
}
