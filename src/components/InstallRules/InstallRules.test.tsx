import React from 'react';
import { of, throwError } from 'rxjs';
import { fireEvent, render, screen, within } from '@testing-library/react';
import { getBackendSrv } from '@grafana/runtime';
import { CATALOG } from '../../detections/catalog';
import { ruleUid } from '../../alerting/metadata';
import { FakeGrafana } from '../../alerting/testing/fakeGrafana';
import { DEFAULT_SETTINGS } from '../../settings';
import { backendSrvClient } from './backendSrvClient';
import { InstallRules } from './InstallRules';

jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  config: { appUrl: 'https://grafana.example.com/', appSubUrl: '', bootData: { user: { orgId: 1 } } },
  getBackendSrv: jest.fn(),
}));

const SETTINGS = { ...DEFAULT_SETTINGS, lokiUid: 'loki-uid', prometheusUid: 'prom-uid' };

function resultRows(): HTMLElement[] {
  const table = screen.getByRole('table', { name: 'Alert rules' });
  return within(table).getAllByRole('row').slice(1);
}

describe('InstallRules', () => {
  test('installs every rule and then finds nothing to change', async () => {
    const grafana = new FakeGrafana();
    render(<InstallRules settings={SETTINGS} client={grafana} />);

    fireEvent.click(screen.getByRole('button', { name: /install alert rules/i }));
    expect(await screen.findByText(/^Created the folder Cordon\. Installed: \d+ created\.$/)).toBeInTheDocument();
    expect(resultRows()).toHaveLength(CATALOG.length);
    expect(within(resultRows()[0]).getByText('created')).toBeInTheDocument();

    fireEvent.click(screen.getByRole('button', { name: /install alert rules/i }));
    expect(await screen.findByText(/^Installed: \d+ unchanged\.$/)).toBeInTheDocument();
    expect(resultRows().every((row) => within(row).queryByText('unchanged') !== null)).toBe(true);
  });

  test('previews without writing', async () => {
    const grafana = new FakeGrafana();
    render(<InstallRules settings={SETTINGS} client={grafana} />);

    fireEvent.click(screen.getByRole('button', { name: /preview changes/i }));

    expect(await screen.findByText(/Preview, nothing was changed: \d+ will be created\./)).toBeInTheDocument();
    expect(grafana.writes()).toEqual([]);
  });

  test('shows the changed fields of an updated rule', async () => {
    const grafana = new FakeGrafana();
    render(<InstallRules settings={SETTINGS} client={grafana} />);
    fireEvent.click(screen.getByRole('button', { name: /install alert rules/i }));
    await screen.findByText(/Installed:/);
    grafana.allRules().find((rule) => rule.uid === ruleUid(CATALOG[0].id))!.title = 'Edited';

    fireEvent.click(screen.getByRole('button', { name: /preview changes/i }));

    await screen.findByText(/1 will be updated/);
    const row = resultRows().find((candidate) => within(candidate).queryByText(CATALOG[0].title) !== null)!;
    expect(within(row).getByText('title')).toBeInTheDocument();
  });

  test('names the role needed on HTTP 403', async () => {
    const grafana = new FakeGrafana();
    grafana.denyWith = 403;
    render(<InstallRules settings={SETTINGS} client={grafana} />);

    fireEvent.click(screen.getByRole('button', { name: /install alert rules/i }));

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Alert rules were not installed');
    expect(alert).toHaveTextContent(/HTTP 403.*Editor role or above/);
  });

  test('explains a missing data source', async () => {
    render(<InstallRules settings={{ ...SETTINGS, prometheusUid: undefined }} client={new FakeGrafana()} />);

    fireEvent.click(screen.getByRole('button', { name: /install alert rules/i }));

    expect(await screen.findByText(/choose the Prometheus data source/)).toBeInTheDocument();
  });
});

describe('backendSrvClient', () => {
  const fetch = jest.fn();
  beforeEach(() => {
    fetch.mockReset();
    jest.mocked(getBackendSrv).mockReturnValue({ fetch } as unknown as ReturnType<typeof getBackendSrv>);
  });

  test('sends without Grafana error toasts', async () => {
    fetch.mockReturnValue(of({ status: 200, data: { uid: 'cordon' } }));
    const response = await backendSrvClient().send({
      method: 'PUT',
      url: '/api/x',
      data: { a: 1 },
      headers: { 'X-Disable-Provenance': 'true' },
    });
    expect(response).toEqual({ status: 200, data: { uid: 'cordon' } });
    expect(fetch).toHaveBeenCalledWith(
      expect.objectContaining({
        url: '/api/x',
        method: 'PUT',
        data: { a: 1 },
        headers: { 'X-Disable-Provenance': 'true' },
        showErrorAlert: false,
      })
    );
  });

  test('returns an HTTP error as its status', async () => {
    fetch.mockReturnValue(throwError(() => ({ status: 404, data: { message: 'not found' }, config: {} })));
    await expect(backendSrvClient().send({ method: 'GET', url: '/api/x' })).resolves.toEqual({
      status: 404,
      data: { message: 'not found' },
    });
  });

  test('rejects when no response arrived', async () => {
    fetch.mockReturnValue(throwError(() => new Error('network down')));
    await expect(backendSrvClient().send({ method: 'GET', url: '/api/x' })).rejects.toThrow('network down');
  });
});
