import React from 'react';
import { of, throwError } from 'rxjs';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { PluginType } from '@grafana/data';
import type { CordonSettings } from '../../settings';
import AppConfig, { AppConfigProps } from './AppConfig';
import { reloadPage } from './settingsApi';

const mockFetch = jest.fn();

const DATA_SOURCES = [
  { uid: 'loki-prod', name: 'Loki prod', type: 'loki' },
  { uid: 'prom-prod', name: 'Prometheus prod', type: 'prometheus' },
];

jest.mock('@grafana/runtime', () => ({
  getBackendSrv: () => ({ fetch: mockFetch }),
  locationService: { reload: jest.fn(), partial: jest.fn(), push: jest.fn() },
  DataSourcePicker: (props: {
    inputId: string;
    type: string;
    current: string | null;
    onChange: (ds: object) => void;
  }) => (
    <select
      id={props.inputId}
      data-type={props.type}
      value={props.current ?? ''}
      onChange={(event) => props.onChange(DATA_SOURCES.find((ds) => ds.uid === event.currentTarget.value)!)}
    >
      <option value="">Select a data source</option>
      {DATA_SOURCES.filter((ds) => ds.type === props.type).map((ds) => (
        <option key={ds.uid} value={ds.uid}>
          {ds.name}
        </option>
      ))}
    </select>
  ),
}));

jest.mock('../InstallRules/InstallRules', () => ({
  InstallRules: ({ settings }: { settings: CordonSettings }) => <div>Install rules with {settings.auditSelector}</div>,
}));

jest.mock('./settingsApi', () => ({ ...jest.requireActual('./settingsApi'), reloadPage: jest.fn() }));

function renderConfig(jsonData: Record<string, unknown> = {}) {
  const props = {
    plugin: {
      meta: { id: 'cordon-detection-app', name: 'Cordon', type: PluginType.app, enabled: true, pinned: true, jsonData },
    },
    query: {},
  } as unknown as AppConfigProps;
  return render(<AppConfig {...props} />);
}

// A Field's accessible name is its label followed by its description.
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const input = (label: string) => screen.getByLabelText(new RegExp(`^${escapeRegExp(label)}`)) as HTMLInputElement;
const type = (label: string, value: string) => fireEvent.change(input(label), { target: { value } });
const saveButton = () => screen.getByRole('button', { name: 'Save settings' });

beforeEach(() => {
  mockFetch.mockReset();
  jest.mocked(reloadPage).mockReset();
});

describe('AppConfig', () => {
  test('shows stored values and defaults', () => {
    renderConfig({ falcoSelector: '{app="falco"}', lokiUid: 'loki-prod' });
    expect(input('Kubernetes audit log selector').value).toBe('{job="kubernetes-audit"}');
    expect(input('Falco alert selector').value).toBe('{app="falco"}');
    expect(input('Loki').value).toBe('loki-prod');
    expect(input('Array elements inspected').value).toBe('10');
    expect(input('Namespace label').value).toBe('k8s_ns_name');
  });

  test('pickers are filtered by type', () => {
    renderConfig();
    expect(input('Loki')).toHaveAttribute('data-type', 'loki');
    expect(input('Prometheus')).toHaveAttribute('data-type', 'prometheus');
  });

  test('invalid selector shows error live', () => {
    renderConfig();
    type('Kubernetes audit log selector', 'job="audit"');
    expect(
      screen.getByText(
        'Invalid audit log selector "job=\\"audit\\"": write label matchers in braces, for example {job="kubernetes-audit"}.'
      )
    ).toBeInTheDocument();
    expect(saveButton()).toBeDisabled();
    expect(screen.getByText('Correct the field marked in red to save.')).toBeInTheDocument();
  });

  test('invalid input keeps other typed fields', () => {
    renderConfig();
    type('Falco alert selector', '{app="falco"}');
    type('Extra cAdvisor matchers', 'job="kubelet"');
    type('Kubernetes audit log selector', '{');
    type('Array elements inspected', '99');
    expect(input('Falco alert selector').value).toBe('{app="falco"}');
    expect(input('Extra cAdvisor matchers').value).toBe('job="kubelet"');
    expect(input('Kubernetes audit log selector').value).toBe('{');
    expect(screen.getByText('Correct the 2 fields marked in red to save.')).toBeInTheDocument();

    fireEvent.submit(screen.getByRole('form', { name: 'Cordon settings' }));
    expect(mockFetch).not.toHaveBeenCalled();
  });

  test('save posts merged jsonData and reloads', async () => {
    mockFetch.mockReturnValue(of({ status: 200, data: {} }));
    renderConfig({ tuning: { 'k8s-exec-attach': { trustedUsers: ['a'] } }, otherFeature: 'kept' });
    fireEvent.change(input('Loki'), { target: { value: 'loki-prod' } });
    fireEvent.change(input('Prometheus'), { target: { value: 'prom-prod' } });
    type('Container runtime event selector', '{job="docker"}');
    fireEvent.click(screen.getByRole('radio', { name: 'JSON' }));
    type('Array elements inspected', '16');
    fireEvent.click(saveButton());

    await waitFor(() => expect(reloadPage).toHaveBeenCalled());
    expect(mockFetch).toHaveBeenCalledTimes(1);
    const request = mockFetch.mock.calls[0][0];
    expect(request.url).toBe('/api/plugins/cordon-detection-app/settings');
    expect(request.method).toBe('POST');
    expect(request.data.enabled).toBe(true);
    expect(request.data.pinned).toBe(true);
    expect(request.data.jsonData).toMatchObject({
      lokiUid: 'loki-prod',
      prometheusUid: 'prom-prod',
      runtimeSelector: '{job="docker"}',
      falcoFormat: 'json',
      maxArrayElements: 16,
      tuning: { 'k8s-exec-attach': { trustedUsers: ['a'] } },
      otherFeature: 'kept',
    });
  });

  test('failed save shows the error and keeps input', async () => {
    mockFetch.mockReturnValue(throwError(() => ({ status: 403, data: { message: 'Permission denied' } })));
    renderConfig();
    type('Falco alert selector', '{app="falco"}');
    fireEvent.click(saveButton());

    expect(await screen.findByText(/Saving the settings failed \(HTTP 403\): Permission denied/)).toBeInTheDocument();
    expect(input('Falco alert selector').value).toBe('{app="falco"}');
    expect(reloadPage).not.toHaveBeenCalled();
    expect(saveButton()).toBeEnabled();
  });

  test('tuning edits are saved, and a reset override is dropped', async () => {
    mockFetch.mockReturnValue(of({ status: 200, data: {} }));
    renderConfig({ tuning: { 'k8s-cluster-admin-binding': { trustedUsers: ['a'] } } });
    fireEvent.click(screen.getByText(/^Shell or attach.*\(k8s-exec-attach\)/));
    const users = input('trustedUsers') as unknown as HTMLTextAreaElement;
    expect(users.tagName).toBe('TEXTAREA');
    fireEvent.change(users, { target: { value: 'ci-bot\nsystem:serviceaccount:ci:deployer\n' } });
    expect(screen.getByText(/\(k8s-exec-attach\) · 1 changed/)).toBeInTheDocument();

    fireEvent.click(screen.getByText(/\(k8s-cluster-admin-binding\) · 1 changed/));
    fireEvent.click(screen.getByRole('button', { name: 'Reset trustedUsers of k8s-cluster-admin-binding to its default' }));
    fireEvent.click(saveButton());

    await waitFor(() => expect(reloadPage).toHaveBeenCalled());
    expect(mockFetch.mock.calls[0][0].data.jsonData.tuning).toEqual({
      'k8s-exec-attach': { trustedUsers: ['ci-bot', 'system:serviceaccount:ci:deployer'] },
    });
  });

  test('invalid tuning blocks saving and names the value', () => {
    renderConfig({ tuning: { 'container-egress-above-baseline': { factor: 0 } } });
    expect(
      screen.getByText('Tuning parameter factor of detection container-egress-above-baseline must be between 1 and ∞, got 0.')
    ).toBeInTheDocument();
    expect(saveButton()).toBeDisabled();
    type('factor', '4');
    expect(saveButton()).toBeEnabled();
  });

  test('unknown tuning entries can be removed', () => {
    renderConfig({ tuning: { 'retired-detection': { trustedUsers: ['a'] } } });
    expect(screen.getByText(/no detection has: retired-detection.trustedUsers/)).toBeInTheDocument();
    expect(saveButton()).toBeDisabled();
    fireEvent.click(screen.getByRole('button', { name: 'Remove unknown entries' }));
    expect(saveButton()).toBeEnabled();
  });

  test('install rules get saved settings', () => {
    renderConfig({ auditSelector: '{job="saved-audit"}' });
    type('Kubernetes audit log selector', '{job="unsaved"}');
    expect(screen.getByText('Install rules with {job="saved-audit"}')).toBeInTheDocument();
  });

  test('invalid saved settings block install', () => {
    renderConfig({ auditSelector: 'broken' });
    expect(screen.getByText('Alert rules cannot be installed yet')).toBeInTheDocument();
    expect(screen.queryByText(/Install rules with/)).not.toBeInTheDocument();
    expect(
      screen.getByText(/Invalid audit log selector "broken"/, { selector: 'div[role="alert"] *' })
    ).toBeInTheDocument();
  });
});
