import React from 'react';
import { MemoryRouter } from 'react-router-dom';
import { AppRootProps, PluginType } from '@grafana/data';
import { render, screen } from '@testing-library/react';
import App from './App';

jest.mock(
  '../../pages/Detections/DetectionsPage',
  () =>
    function DetectionsPage() {
      return <div>detections page</div>;
    }
);
jest.mock(
  '../../pages/Coverage/CoveragePage',
  () =>
    function CoveragePage() {
      return <div>coverage page</div>;
    }
);
jest.mock(
  '../../pages/Runbook/RunbookPage',
  () =>
    function RunbookPage() {
      return <div>runbook page</div>;
    }
);

function renderAt(path: string, jsonData: object = {}) {
  const props = {
    basename: '/a/cordon-detection-app',
    meta: { id: 'cordon-detection-app', name: 'Cordon', type: PluginType.app, enabled: true, jsonData },
    query: {},
    path: '',
    onNavChanged: jest.fn(),
  } as unknown as AppRootProps;
  return render(
    <MemoryRouter initialEntries={[path]} future={{ v7_startTransition: true, v7_relativeSplatPath: true }}>
      <App {...props} />
    </MemoryRouter>
  );
}

describe('App routing', () => {
  test.each([
    ['/', 'detections page'],
    ['/detections', 'detections page'],
    ['/coverage', 'coverage page'],
    ['/runbook/k8s-privileged-container', 'runbook page'],
    ['/no-such-page', 'detections page'],
  ])('%s renders the %s', async (path, text) => {
    renderAt(path);
    expect(await screen.findByText(text)).toBeInTheDocument();
  });
});
