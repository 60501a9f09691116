import React, { useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import { PluginPage } from '@grafana/runtime';
import { Button, Stack, Text } from '@grafana/ui';
import { useSettings } from '../../components/App/SettingsContext';
import { SettingsError } from '../../components/App/SettingsError';
import { testIds } from '../../components/testIds';
import { CATALOG } from '../../detections/catalog';
import { DetectionCard } from './DetectionCard';
import { DetectionFilters } from './DetectionFilters';
import { DetectionFilter, EMPTY_FILTER, filterDetections, filterToParams, parseFilter } from './filterDetections';

/** Lists every detection with its compiled queries, filtered by the URL's search parameters. */
export default function DetectionsPage() {
  const state = useSettings();
  const [params, setParams] = useSearchParams();
  const filter = useMemo(() => parseFilter(params), [params]);
  const visibleDetections = useMemo(() => filterDetections(CATALOG, filter), [filter]);
  const setFilter = (next: DetectionFilter) => setParams(filterToParams(next), { replace: true });

  return (
    <PluginPage subTitle="What Cordon detects, the telemetry each detection reads, and the exact queries it runs.">
      <div data-testid={testIds.detections.container}>
        <Stack direction="column" gap={2}>
          {state.status === 'invalid' && <SettingsError error={state.error} />}
          <DetectionFilters filter={filter} onChange={setFilter} />
          <Text color="secondary">
            Showing {visibleDetections.length} of {CATALOG.length} detections
          </Text>
          {visibleDetections.length === 0 && (
            <Stack direction="column" alignItems="flex-start">
              <Text>No detection matches this filter.</Text>
              <Button variant="secondary" size="sm" onClick={() => setFilter(EMPTY_FILTER)}>
                Clear the filter
              </Button>
            </Stack>
          )}
          {visibleDetections.map((detection) => (
            <DetectionCard
              key={detection.id}
              detection={detection}
              settings={state.status === 'valid' ? state.settings : undefined}
            />
          ))}
        </Stack>
      </div>
    </PluginPage>
  );
}
