import React from 'react';
import { MemoryRouter } from 'react-router-dom';
import { fireEvent, render, screen, within } from '@testing-library/react';
import { SettingsProvider } from '../../components/App/SettingsContext';
import { CATALOG } from '../../detections/catalog';
import type { CordonSettings } from '../../settings';
import { headingLevelSkips } from '../../testing/headings';
import DetectionsPage from './DetectionsPage';

jest.mock('@grafana/runtime', () => ({
  PluginPage: ({ children }: { children: React.ReactNode }) => <div>{children}</div>,
}));

function renderPage(jsonData: Partial<CordonSettings> = {}, path = '/detections') {
  return render(
    <MemoryRouter initialEntries={[path]} future={{ v7_startTransition: true, v7_relativeSplatPath: true }}>
      <SettingsProvider jsonData={jsonData}>
        <DetectionsPage />
      </SettingsProvider>
    </MemoryRouter>
  );
}

const privileged = CATALOG.find((detection) => detection.id === 'k8s-privileged-container')!;

describe('DetectionsPage', () => {
  test('lists every detection title', () => {
    renderPage();
    for (const detection of CATALOG) {
      expect(screen.getByRole('heading', { name: detection.title })).toBeInTheDocument();
    }
    expect(screen.getByText(`Showing ${CATALOG.length} of ${CATALOG.length} detections`)).toBeInTheDocument();
  });

  test('search box and headings are labelled', () => {
    renderPage();
    expect(screen.getByRole('textbox', { name: 'Search detections' })).toBeInTheDocument();
    fireEvent.click(screen.getAllByText('False positives, tuning and references')[0]);
    expect(headingLevelSkips(document.body)).toEqual([]);
  });

  test('card leads with the description', () => {
    renderPage();
    const card = screen.getByRole('article', { name: privileged.title });
    expect(within(card).getByText(privileged.description)).toBeInTheDocument();
    expect(within(card).queryByLabelText('Log query (matching events) (LogQL)')).toBeNull();
    expect(within(card).getByRole('button', { name: 'Show queries' })).toHaveAttribute('aria-expanded', 'false');
    expect(within(card).getByRole('button', { name: 'Copy log query' })).toBeInTheDocument();
    expect(within(card).getByRole('button', { name: 'Copy metric query' })).toBeInTheDocument();
  });

  test('queries use the configured selector', () => {
    renderPage({ auditSelector: '{job="prod-audit"}' });
    const card = screen.getByRole('article', { name: privileged.title });
    fireEvent.click(within(card).getByRole('button', { name: 'Show queries' }));
    expect(within(card).getByRole('button', { name: 'Hide queries' })).toHaveAttribute('aria-expanded', 'true');
    const logQuery = within(card).getByLabelText('Log query (matching events) (LogQL)');
    expect(logQuery.textContent!.startsWith('{job="prod-audit"}')).toBe(true);

    fireEvent.click(within(card).getByRole('tab', { name: 'Metric query (alert rule)' }));
    const metricQuery = within(card).getByLabelText('Metric query (alert rule) (LogQL)');
    expect(metricQuery.textContent!.startsWith('sum by (')).toBe(true);
    expect(metricQuery.textContent).toContain('{job="prod-audit"}');
  });

  test('technique links to ATT&CK', () => {
    renderPage();
    const card = screen.getByRole('article', { name: privileged.title });
    const link = within(card).getByRole('link', { name: /T1611 Escape to Host/ });
    expect(link).toHaveAttribute('href', 'https://attack.mitre.org/techniques/T1611/');
  });

  test('invalid selector shows error, not crash', () => {
    renderPage({ auditSelector: 'job="audit"' });
    const alert = screen.getByRole('alert', { name: "Cordon's settings are invalid" });
    expect(alert).toHaveTextContent('Invalid audit log selector "job=\\"audit\\""');
    expect(alert).toHaveTextContent('write label matchers in braces');
    expect(within(alert).getByRole('link', { name: /configuration page/ })).toHaveAttribute(
      'href',
      '/plugins/cordon-detection-app'
    );
    expect(screen.getByRole('heading', { name: privileged.title })).toBeInTheDocument();
  });

  test('telemetry in URL filters the list', () => {
    renderPage({}, '/detections?telemetry=audit');
    const audit = CATALOG.filter((detection) => detection.telemetry === 'audit');
    expect(screen.getAllByRole('article')).toHaveLength(audit.length);
  });

  test('choosing a telemetry filters the list', () => {
    renderPage();
    fireEvent.click(screen.getByRole('radio', { name: 'Metrics' }));
    const metrics = CATALOG.filter((detection) => detection.telemetry === 'metrics');
    expect(screen.queryAllByRole('article')).toHaveLength(metrics.length);
    expect(screen.getByText(`Showing ${metrics.length} of ${CATALOG.length} detections`)).toBeInTheDocument();
  });

  test('search without match offers clearing', () => {
    renderPage({}, '/detections?q=no-such-detection-anywhere');
    expect(screen.getByText('No detection matches this filter.')).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Clear the filter' }));
    expect(screen.getAllByRole('article')).toHaveLength(CATALOG.length);
  });

  test('details show false positives and runbook link', () => {
    renderPage();
    const card = screen.getByRole('article', { name: privileged.title });
    fireEvent.click(within(card).getByRole('button', { name: /False positives, tuning and references/ }));
    expect(within(card).getByText(privileged.falsePositives[0])).toBeInTheDocument();
    expect(within(card).getByRole('link', { name: /Open the runbook/ })).toHaveAttribute(
      'href',
      '/a/cordon-detection-app/runbook/k8s-privileged-container'
    );
  });
});
