/** @jest-environment node */
import type { Browser } from 'playwright-core';
import { CATALOG } from '../src/detections/catalog';
import { WatchedPage, launchChromium, openWatchedPage, saveScreenshot } from './browser';
import { buildHarness } from './harness/build';
import { HarnessServer, startHarnessServer } from './harness/server';

const APP = '/a/cordon-detection-app';
const CONFIG = '/plugins/cordon-detection-app';

let server: HarnessServer;
let browser: Browser;
let current: WatchedPage | undefined;

beforeAll(async () => {
  await buildHarness();
  server = await startHarnessServer();
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function open(path: string): Promise<WatchedPage> {
  current = await openWatchedPage(browser, server.url);
  await current.page.goto(`${server.url}${path}`);
  return current;
}

afterEach(async () => {
  const problems = current?.problems ?? [];
  await current?.context.close();
  current = undefined;
  expect(problems).toEqual([]);
});

describe('harness pages', () => {
  test('detections lists every title', async () => {
    const { page } = await open(`${APP}/detections`);
    for (const detection of CATALOG) {
      await page.getByRole('heading', { name: detection.title, exact: true }).waitFor({ state: 'visible' });
    }
    await page.getByText(`Showing ${CATALOG.length} of ${CATALOG.length} detections`).waitFor();
    expect(await page.getByRole('article').count()).toBe(CATALOG.length);
    await saveScreenshot(page, 'detections');
  }, 60_000);

  test('detections lead with the description', async () => {
    const { page } = await open(`${APP}/detections`);
    const card = page.getByRole('article', { name: 'Privileged container requested' });
    await card.getByText('A pod or workload was created or changed', { exact: false }).waitFor({ state: 'visible' });
    expect(await card.getByLabel('Log query (matching events) (LogQL)').count()).toBe(0);
    await card.getByRole('button', { name: 'Copy log query' }).waitFor({ state: 'visible' });
    await page.screenshot({ path: `${__dirname}/screenshots/detections-first-screen.png` });
  }, 60_000);

  test('detection details expand', async () => {
    const { page } = await open(`${APP}/detections?q=k8s-privileged-container`);
    const card = page.getByRole('article', { name: 'Privileged container requested' });
    await card.getByRole('button', { name: 'Show queries' }).click();
    await card.getByLabel('Log query (matching events) (LogQL)').waitFor({ state: 'visible' });
    await card.getByRole('tab', { name: 'Metric query (alert rule)' }).click();
    await card.getByLabel('Metric query (alert rule) (LogQL)').waitFor({ state: 'visible' });
    await card.getByText('False positives, tuning and references').click();
    await card.getByRole('link', { name: /Open the runbook/ }).waitFor({ state: 'visible' });
    await card.getByRole('heading', { name: 'False positives' }).waitFor({ state: 'visible' });
    await card.screenshot({ path: `${__dirname}/screenshots/detection-details.png` });
  }, 60_000);

  test('filters come from the URL', async () => {
    const { page } = await open(`${APP}/detections?telemetry=metrics`);
    const metrics = CATALOG.filter((detection) => detection.telemetry === 'metrics');
    await page.getByText(`Showing ${metrics.length} of ${CATALOG.length} detections`).waitFor();
    expect(await page.getByRole('article').count()).toBe(metrics.length);
    await saveScreenshot(page, 'detections-metrics');
  }, 60_000);

  test('search lists title matches first', async () => {
    const { page } = await open(`${APP}/detections?q=shell`);
    await page.getByText(/^Showing \d+ of/).waitFor();
    const titles = await page
      .getByRole('article')
      .evaluateAll((cards) =>
        cards.map((card) => document.getElementById(card.getAttribute('aria-labelledby') ?? '')?.textContent ?? '')
      );
    expect(titles[0]).toBe('Shell or attach into a running container');
    expect(titles[1]).toBe('Shell spawned in a container (Falco)');
    await saveScreenshot(page, 'detections-search');
  }, 60_000);

  test('invalid settings explain the fix', async () => {
    const { page } = await open(`${APP}/detections?scenario=invalid`);
    const alert = page.getByRole('alert').filter({ hasText: "Cordon's settings are invalid" });
    await alert.getByText('Invalid audit log selector "job=\\"kubernetes-audit\\""', { exact: false }).waitFor();
    await alert.getByText('write label matchers in braces', { exact: false }).waitFor();
    await page.getByRole('heading', { name: 'Privileged container requested', exact: true }).waitFor();
    await saveScreenshot(page, 'detections-invalid-settings');
  }, 60_000);

  test('coverage shows every status', async () => {
    const { page } = await open(`${APP}/coverage`);
    const card = (name: string) => page.getByRole('article', { name });
    await card('Kubernetes audit log').getByText('Receiving', { exact: true }).waitFor();
    await card('Kubernetes audit log').getByText('18,342 log lines in the last 1h.').waitFor();
    await card('Falco alerts').getByText('Missing', { exact: true }).waitFor();
    await card('Falco alerts').getByText('How to fix it').waitFor();
    await card('Container runtime events').getByText('parse error at line 1, col 22', { exact: false }).waitFor();
    await card('cAdvisor container metrics').getByText('Receiving', { exact: true }).waitFor();
    await card('kube-state-metrics').getByText('No series of', { exact: false }).waitFor();
    await card('kube-state-metrics')
      .getByText('2 detections read this source and are blind', { exact: false })
      .waitFor();
    await page.getByText('Without data: Falco alerts (6 detections)', { exact: false }).waitFor();
    await saveScreenshot(page, 'coverage');
  }, 60_000);

  test('coverage without data sources', async () => {
    const { page } = await open(`${APP}/coverage?scenario=fresh`);
    await page.getByText('Not configured', { exact: true }).first().waitFor();
    expect(await page.getByText('Not configured', { exact: true }).count()).toBe(5);
    await saveScreenshot(page, 'coverage-not-configured');
  }, 60_000);

  test('runbook fills alert labels', async () => {
    const { page } = await open(
      `${APP}/runbook/k8s-privileged-container?namespace=payments&pod=web-7f9c8d-x2k4q&resource=pods&name=web-7f9c8d-x2k4q` +
        '&user=system%3Aserviceaccount%3Aci%3Adeployer&time=2026-12-04T10:00:00Z'
    );
    await page.getByRole('heading', { name: 'Privileged container requested' }).first().waitFor();
    await page.getByText('Severity critical', { exact: true }).waitFor({ state: 'visible' });
    expect(await page.getByText('A privileged container has every capability', { exact: false }).isVisible()).toBe(
      false
    );
    await page
      .getByTestId('runbook-subject')
      .getByText('Pod web-7f9c8d-x2k4q in namespace payments', { exact: false })
      .waitFor();
    const logs = page.getByTestId('command-evidence-logs');
    await logs.getByText("kubectl logs -n 'payments' 'web-7f9c8d-x2k4q'", { exact: false }).waitFor();
    // Queries stay folded until asked for, so the steps are on the first screens.
    expect(await page.getByTestId('query-detection').count()).toBe(0);
    await page.getByRole('button', { name: 'Show query' }).first().click();
    await page.getByTestId('query-detection').waitFor({ state: 'visible' });
    await page.getByRole('button', { name: 'Hide query' }).first().click();

    const evidence = await page.getByRole('region', { name: '2. Capture evidence' }).boundingBox();
    const contain = await page.getByRole('region', { name: '3. Contain' }).boundingBox();
    expect(evidence!.y).toBeLessThan(contain!.y);
    await page.screenshot({ path: `${__dirname}/screenshots/runbook-first-screen.png` });
    await page
      .getByRole('region', { name: '2. Capture evidence' })
      .screenshot({ path: `${__dirname}/screenshots/runbook-evidence.png` });
    await page
      .getByRole('region', { name: '3. Contain' })
      .screenshot({ path: `${__dirname}/screenshots/runbook-contain.png` });
    await saveScreenshot(page, 'runbook');
  }, 60_000);

  test('runbook asks for a missing time', async () => {
    const { page } = await open(`${APP}/runbook/falco-shell-in-container?namespace=payments&pod=web-1&node=node-2`);
    const values = page.getByLabel('Alert values');
    await values.getByText('now, because the alert passed no time').waitFor();
    await page.getByLabel(/^Alert time/).fill('2026-12-04T10:00:00Z');
    await page.getByRole('button', { name: 'Use this time' }).click();
    await values.getByText('2026-12-04T10:00:00.000Z').waitFor();
    await values.getByText(/ ago$|in the future/).waitFor();
    expect(new URL(page.url()).searchParams.get('time')).toBe('2026-12-04T10:00:00.000Z');
    expect(await page.getByLabel(/^Alert time/).count()).toBe(0);
  }, 60_000);

  test('runbook for a Deployment', async () => {
    const { page } = await open(
      `${APP}/runbook/k8s-workload-image-changed?namespace=prod&resource=deployments&name=api&user=alice&time=2026-12-04T10:00:00Z`
    );
    await page.getByTestId('runbook-subject').getByText('Deployment api in namespace prod', { exact: false }).waitFor();
    await page
      .getByTestId('command-contain-stop-workload')
      .getByText("kubectl scale -n 'prod' deployment/api --replicas=0")
      .waitFor();
    await page
      .getByRole('region', { name: '3. Contain' })
      .screenshot({ path: `${__dirname}/screenshots/runbook-deployment-contain.png` });
  }, 60_000);

  test('runbook for a binding', async () => {
    const { page } = await open(
      `${APP}/runbook/k8s-cluster-admin-binding?resource=clusterrolebindings&name=backdoor&user=mallory&time=2026-12-04T10:00:00Z`
    );
    await page
      .getByTestId('command-evidence-rbac-object')
      .getByText("kubectl get clusterrolebinding 'backdoor' -o yaml", { exact: false })
      .waitFor();
    await page
      .getByTestId('command-contain-rbac-remove')
      .getByText("kubectl delete clusterrolebinding 'backdoor'")
      .waitFor();
    await saveScreenshot(page, 'runbook-binding');
  }, 60_000);

  test('runbook for a container without pod', async () => {
    const { page } = await open(
      `${APP}/runbook/container-without-pod?image=alpine%3A3.20&name=miner&node=node-2&time=2026-12-04T10:00:00Z`
    );
    await page
      .getByTestId('runbook-subject')
      .getByText('Container miner (image alpine:3.20) running on node node-2', { exact: false })
      .waitFor();
    await page.getByTestId('command-contain-node-pause').getByText("docker pause 'miner'", { exact: false }).waitFor();
    expect(await page.getByTestId('command-evidence-logs').count()).toBe(0);
    await page
      .getByRole('region', { name: '2. Capture evidence' })
      .screenshot({ path: `${__dirname}/screenshots/runbook-node-container.png` });
  }, 60_000);

  test('configuration validates and saves', async () => {
    const { page } = await open(CONFIG);
    const audit = page.getByLabel(/^Kubernetes audit log selector/);
    await audit.waitFor();
    await saveScreenshot(page, 'configuration');

    await page.getByLabel(/^Falco alert selector/).fill('{app="falco"}');
    await audit.fill('job="audit"');
    await page.getByText('Invalid audit log selector "job=\\"audit\\""', { exact: false }).waitFor();
    expect(await page.getByRole('button', { name: 'Save settings' }).isDisabled()).toBe(true);
    expect(await page.getByLabel(/^Falco alert selector/).inputValue()).toBe('{app="falco"}');
    await saveScreenshot(page, 'configuration-invalid');

    await audit.fill('{job="audit"}');
    await page.getByText(/\(k8s-exec-attach\)$/).click();
    const users = page.getByLabel(/^trustedUsers/);
    await users.fill('ci-bot\nsystem:serviceaccount:ci:deployer');
    await page.getByText(/\(k8s-exec-attach\) · 1 changed$/).waitFor();
    await saveScreenshot(page, 'configuration-tuning');
    await page.getByRole('button', { name: 'Save settings' }).click();
    // Saving reloads the page, which then shows the stored values.
    await page.waitForEvent('load');
    await page.getByLabel(/^Kubernetes audit log selector/).waitFor();
    expect(await page.getByLabel(/^Kubernetes audit log selector/).inputValue()).toBe('{job="audit"}');
    expect(await page.getByLabel(/^Falco alert selector/).inputValue()).toBe('{app="falco"}');
    await page.getByText(/\(k8s-exec-attach\) · 1 changed$/).click();
    expect(await page.getByLabel(/^trustedUsers/).inputValue()).toBe('ci-bot\nsystem:serviceaccount:ci:deployer');
  }, 60_000);
});
