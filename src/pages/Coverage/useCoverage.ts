import { useCallback, useEffect, useState } from 'react';
import type { CordonSettings } from '../../settings';
import { buildPresenceChecks } from './presenceQueries';
import { PresenceResult, runPresenceChecks } from './runPresenceChecks';
import { COVERAGE_SOURCES, CoverageSourceId } from './sources';

export interface CoverageState {
  loading: boolean;
  results: Map<CoverageSourceId, PresenceResult>;
  /** Epoch ms of the last completed check, or undefined before the first one. */
  checkedAt?: number;
}

function failedResults(error: unknown): Map<CoverageSourceId, PresenceResult> {
  const message = `The coverage check failed: ${error instanceof Error ? error.message : String(error)}`;
  return new Map(COVERAGE_SOURCES.map((source) => [source.id, { status: 'error', error: message }]));
}

/** Runs the presence checks on mount, when the settings change and on refresh. A result that arrives after a newer run started is dropped. */
export function useCoverage(settings: CordonSettings | undefined): CoverageState & { refresh: () => void } {
  const [state, setState] = useState<CoverageState>({ loading: settings !== undefined, results: new Map() });
  const [runs, setRuns] = useState(0);

  useEffect(() => {
    if (!settings) {
      return;
    }
    let current = true;
    runPresenceChecks(buildPresenceChecks(settings))
      .catch(failedResults)
      .then((results) => {
        if (current) {
          setState({ loading: false, results, checkedAt: Date.now() });
        }
      });
    return () => {
      current = false;
    };
  }, [settings, runs]);

  const refresh = useCallback(() => {
    setState((previous) => ({ ...previous, loading: true }));
    setRuns((count) => count + 1);
  }, []);

  return { ...state, refresh };
}
