import React from 'react';
import { PluginPage } from '@grafana/runtime';

export default function CoveragePage() {
  return <PluginPage>Telemetry coverage</PluginPage>;
}
