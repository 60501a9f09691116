import React, { Suspense, lazy } from 'react';
import { Route, Routes } from 'react-router-dom';
import { AppRootProps } from '@grafana/data';
import { LoadingPlaceholder } from '@grafana/ui';
import { ROUTES } from '../../constants';
import type { CordonSettings } from '../../settings';
import { SettingsProvider } from './SettingsContext';

// Pages load on first visit so that the app's entry module stays small.
const DetectionsPage = lazy(() => import('../../pages/Detections/DetectionsPage'));
const CoveragePage = lazy(() => import('../../pages/Coverage/CoveragePage'));
const RunbookPage = lazy(() => import('../../pages/Runbook/RunbookPage'));

function App({ meta }: AppRootProps<Partial<CordonSettings>>) {
  return (
    <SettingsProvider jsonData={meta.jsonData}>
      <Suspense fallback={<LoadingPlaceholder text="Loading…" />}>
        <Routes>
          <Route path={ROUTES.Detections} element={<DetectionsPage />} />
          <Route path={ROUTES.Coverage} element={<CoveragePage />} />
          <Route path={`${ROUTES.Runbook}/:detectionId`} element={<RunbookPage />} />
          {/* The default page, also for the app's root and unknown paths. */}
          <Route path="*" element={<DetectionsPage />} />
        </Routes>
      </Suspense>
    </SettingsProvider>
  );
}

export default App;
