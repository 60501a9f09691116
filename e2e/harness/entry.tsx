import React from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter, Route, Routes } from 'react-router-dom';
import { AppPluginMeta, PluginType, ThemeContext, createTheme } from '@grafana/data';
import { GlobalStyles, Text } from '@grafana/ui';
import App from '../../src/components/App/App';
import AppConfig from '../../src/components/AppConfig/AppConfig';
import pluginJson from '../../src/plugin.json';
import type { CordonSettings } from '../../src/settings';
import { initialJsonData } from './scenarios';

const theme = createTheme({ colors: { mode: 'dark' } });

const meta = {
  id: pluginJson.id,
  name: pluginJson.name,
  type: PluginType.app,
  enabled: true,
  pinned: true,
  jsonData: initialJsonData(),
  info: pluginJson.info,
  module: '',
  baseUrl: '',
} as unknown as AppPluginMeta<Partial<CordonSettings>>;

/** Renders Grafana's plugin details page around the configuration form, as Grafana does. */
function ConfigPage() {
  return (
    <main style={{ padding: 24, maxWidth: 1400 }}>
      <Text element="h1">Cordon configuration</Text>
      <div style={{ marginTop: 24 }}>
        <AppConfig plugin={{ meta } as never} query={{}} />
      </div>
    </main>
  );
}

function Harness() {
  return (
    <ThemeContext.Provider value={theme}>
      <GlobalStyles />
      <BrowserRouter future={{ v7_startTransition: true, v7_relativeSplatPath: true }}>
        <Routes>
          <Route path={`/plugins/${pluginJson.id}`} element={<ConfigPage />} />
          <Route
            path={`/a/${pluginJson.id}/*`}
            element={<App meta={meta} basename={`/a/${pluginJson.id}`} path="" query={{}} onNavChanged={() => {}} />}
          />
        </Routes>
      </BrowserRouter>
    </ThemeContext.Provider>
  );
}

createRoot(document.getElementById('root')!).render(<Harness />);
