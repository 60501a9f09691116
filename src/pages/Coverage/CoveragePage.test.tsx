import React from 'react';
import { of } from 'rxjs';
import { MemoryRouter } from 'react-router-dom';
import { FieldType, createDataFrame } from '@grafana/data';
import { render, screen, within } from '@testing-library/react';
import { SettingsProvider } from '../../components/App/SettingsContext';
import { CATALOG } from '../../detections/catalog';
import type { CordonSettings } from '../../settings';
import CoveragePage from './CoveragePage';

const mockGet = jest.fn();

jest.mock('@grafana/runtime', () => ({
  PluginPage: ({ children, actions }: { children: React.ReactNode; actions?: React.ReactNode }) => (
    <div>
      {actions}
      {children}
    </div>
  ),
  getDataSourceSrv: () => ({ get: mockGet }),
}));

function countFrame(refId: string, value: number) {
  return createDataFrame({ refId, fields: [{ name: 'Value', type: FieldType.number, values: [value] }] });
}

function renderPage(jsonData: Partial<CordonSettings>) {
  return render(
    <MemoryRouter future={{ v7_startTransition: true, v7_relativeSplatPath: true }}>
      <SettingsProvider jsonData={jsonData}>
        <CoveragePage />
      </SettingsProvider>
    </MemoryRouter>
  );
}

beforeEach(() => {
  mockGet.mockReset();
});

describe('CoveragePage', () => {
  test('shows receiving, missing and error', async () => {
    mockGet.mockImplementation(async (uid: string) => ({
      name: uid,
      query: () =>
        of(
          uid === 'loki-1'
            ? { data: [countFrame('audit', 4210)], errors: [{ refId: 'runtime', message: 'parse error at line 1, col 2' }] }
            : { data: [countFrame('cadvisor', 35)] }
        ),
    }));
    renderPage({ lokiUid: 'loki-1', prometheusUid: 'prom-1' });

    const audit = await screen.findByRole('article', { name: 'Kubernetes audit log' });
    expect(await within(audit).findByText('Receiving')).toBeInTheDocument();
    expect(within(audit).getByText('4,210 log lines in the last 1h.')).toBeInTheDocument();

    const falco = screen.getByRole('article', { name: 'Falco alerts' });
    expect(within(falco).getByText('Missing')).toBeInTheDocument();
    expect(within(falco).getByText('No log lines in the last 24h.')).toBeInTheDocument();
    expect(within(falco).getByText('How to fix it')).toBeInTheDocument();
    const falcoDetections = CATALOG.filter((detection) => detection.telemetry === 'falco');
    for (const detection of falcoDetections) {
      expect(within(falco).getByRole('link', { name: detection.title })).toBeInTheDocument();
    }

    const runtime = screen.getByRole('article', { name: 'Container runtime events' });
    expect(within(runtime).getByText('Error')).toBeInTheDocument();
    expect(within(runtime).getByText('parse error at line 1, col 2')).toBeInTheDocument();

    const cadvisor = screen.getByRole('article', { name: 'cAdvisor container metrics' });
    expect(within(cadvisor).getByText('35 series right now.')).toBeInTheDocument();

    const ksm = screen.getByRole('article', { name: 'kube-state-metrics' });
    expect(within(ksm).getByText(/^2 detections read this source and are blind until it arrives/)).toBeInTheDocument();
    const falcoCount = falcoDetections.length;
    expect(screen.getByText(/sources are receiving data/)).toHaveTextContent(
      `Without data: Falco alerts (${falcoCount} detections), Container runtime events (`
    );
    expect(screen.getByText(/sources are receiving data/)).toHaveTextContent('kube-state-metrics (2 detections).');
  });

  test('no data sources means not configured', async () => {
    renderPage({});
    expect(await screen.findAllByText('Not configured')).toHaveLength(5);
    expect(screen.getAllByRole('article')).toHaveLength(5);
    expect(mockGet).not.toHaveBeenCalled();
    expect(screen.getByText(/0 of 5 sources are receiving data/)).toBeInTheDocument();
  });

  test('invalid settings show the error', () => {
    renderPage({ falcoSelector: '{rule=""}' });
    expect(screen.getByRole('alert', { name: "Cordon's settings are invalid" })).toHaveTextContent('Invalid Falco alert selector {rule=""}');
    expect(screen.queryAllByRole('article')).toHaveLength(0);
    expect(screen.getByRole('button', { name: 'Check again' })).toBeDisabled();
  });
});
