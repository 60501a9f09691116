import React from 'react';
import { render, screen } from '@testing-library/react';
import { DEFAULT_SETTINGS } from '../../settings';
import { SettingsProvider, SettingsState, settingsState, useSettings } from './SettingsContext';

function settingsOf(state: SettingsState) {
  if (state.status !== 'valid') {
    throw new Error(`expected valid settings, got the error ${state.error}`);
  }
  return state.settings;
}

function errorOf(state: SettingsState) {
  if (state.status !== 'invalid') {
    throw new Error('expected invalid settings, got valid ones');
  }
  return state.error;
}

describe('settingsState', () => {
  test('empty jsonData resolves to defaults', () => {
    expect(settingsOf(settingsState(undefined)).auditSelector).toBe(DEFAULT_SETTINGS.auditSelector);
  });

  test('bad selector becomes an invalid state', () => {
    const error = errorOf(settingsState({ auditSelector: 'job="audit"' }));
    expect(error).toContain('job=\\"audit\\"');
    expect(error).toContain('write label matchers in braces');
  });

  test('invalid state keeps stored jsonData', () => {
    const stored = { auditSelector: '{}', lokiUid: 'loki-1' };
    expect(settingsState(stored).stored).toBe(stored);
  });
});

describe('useSettings', () => {
  function Probe() {
    const state = useSettings();
    return <div>{state.status}</div>;
  }

  test('reads the provided state', () => {
    render(
      <SettingsProvider jsonData={{}}>
        <Probe />
      </SettingsProvider>
    );
    expect(screen.getByText('valid')).toBeInTheDocument();
  });

  test('throws outside the provider', () => {
    jest.spyOn(console, 'error').mockImplementation(() => {});
    expect(() => render(<Probe />)).toThrow('inside SettingsProvider');
  });
});
