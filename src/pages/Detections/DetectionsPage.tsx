import React from 'react';
import { PluginPage } from '@grafana/runtime';

export default function DetectionsPage() {
  return <PluginPage>Detections</PluginPage>;
}
