import React, { createContext, useContext, useMemo } from 'react';
import { CordonSettings, resolveSettings } from '../../settings';

/** The app's settings as the pages see them: resolved, or the reason they could not be. */
export type SettingsState =
  | { status: 'valid'; settings: CordonSettings; stored: Partial<CordonSettings> }
  | { status: 'invalid'; error: string; stored: Partial<CordonSettings> };

/** Resolves stored jsonData over the defaults and turns an invalid value into a state the pages can show. */
export function settingsState(stored: Partial<CordonSettings> | undefined): SettingsState {
  const jsonData = stored ?? {};
  try {
    return { status: 'valid', settings: resolveSettings(jsonData), stored: jsonData };
  } catch (error) {
    return { status: 'invalid', error: error instanceof Error ? error.message : String(error), stored: jsonData };
  }
}

const SettingsContext = createContext<SettingsState | undefined>(undefined);

interface SettingsProviderProps {
  /** The plugin's jsonData, as Grafana passes it in the app's meta. */
  jsonData: Partial<CordonSettings> | undefined;
  children: React.ReactNode;
}

/** Provides the resolved settings to every page of the app. */
export function SettingsProvider({ jsonData, children }: SettingsProviderProps) {
  const state = useMemo(() => settingsState(jsonData), [jsonData]);
  return <SettingsContext.Provider value={state}>{children}</SettingsContext.Provider>;
}

/** Reads the settings that App provides, and throws when a page is rendered outside SettingsProvider. */
export function useSettings(): SettingsState {
  const state = useContext(SettingsContext);
  if (!state) {
    throw new Error('useSettings must be called inside SettingsProvider, which App renders around every page.');
  }
  return state;
}
