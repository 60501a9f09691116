import React, { useMemo } from 'react';
import { PluginPage } from '@grafana/runtime';
import { Button, Stack, Text } from '@grafana/ui';
import { useSettings } from '../../components/App/SettingsContext';
import { SettingsError } from '../../components/App/SettingsError';
import { testIds } from '../../components/testIds';
import { CATALOG } from '../../detections/catalog';
import { CoverageCard } from './CoverageCard';
import { blindSourcesSentence } from './readersText';
import { COVERAGE_SOURCES } from './sources';
import { useCoverage } from './useCoverage';

/** Checks that every kind of telemetry reaches Loki and Prometheus, because a detection without its data is blind. */
export default function CoveragePage() {
  const state = useSettings();
  const settings = state.status === 'valid' ? state.settings : undefined;
  const coverage = useCoverage(settings);
  const readers = useMemo(
    () => new Map(COVERAGE_SOURCES.map((source) => [source.id, CATALOG.filter((detection) => source.reads(detection))])),
    []
  );

  const receiving = COVERAGE_SOURCES.filter((source) => coverage.results.get(source.id)?.status === 'receiving');
  const notReceiving = COVERAGE_SOURCES.filter((source) => !receiving.includes(source));
  const blind = new Set(notReceiving.flatMap((source) => readers.get(source.id)!.map((detection) => detection.id)));
  const blindSources = blindSourcesSentence(
    notReceiving.map((source) => ({ name: source.name, readers: readers.get(source.id)!.length }))
  );

  return (
    <PluginPage
      subTitle="Where telemetry is missing: a detection without its logs or metrics sees nothing and stays silent."
      actions={
        <Button icon="sync" variant="secondary" onClick={coverage.refresh} disabled={!settings || coverage.loading}>
          Check again
        </Button>
      }
    >
      <div data-testid={testIds.coverage.container}>
        <Stack direction="column" gap={2}>
          {state.status === 'invalid' && <SettingsError error={state.error} />}
          {settings && !coverage.loading && (
            <Text element="p">
              {receiving.length} of {COVERAGE_SOURCES.length} sources are receiving data.{' '}
              {blind.size === 0 ? 'Every detection has its telemetry.' : `${blind.size} of ${CATALOG.length} detections are blind.`}
              {blindSources && ` ${blindSources}`}
            </Text>
          )}
          {settings &&
            COVERAGE_SOURCES.map((source) => (
              <CoverageCard
                key={source.id}
                source={source}
                settings={settings}
                result={coverage.loading ? undefined : coverage.results.get(source.id)}
                detections={readers.get(source.id)!}
              />
            ))}
        </Stack>
      </div>
    </PluginPage>
  );
}
