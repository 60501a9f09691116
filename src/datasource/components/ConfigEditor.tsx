import React from 'react';
import { DataSourcePluginOptionsEditorProps, locationUtil } from '@grafana/data';
import { Alert, LinkButton, Stack, Text } from '@grafana/ui';
import { APP_CONFIG_PATH, CordonDataSourceOptions } from '../types';

type Props = DataSourcePluginOptionsEditorProps<CordonDataSourceOptions>;

/**
 * Explains that the data source has nothing to configure. It queries the Loki and Prometheus data
 * sources selected in the Cordon app, with the signed-in user's permissions, so it stores no URL or secret.
 */
export function ConfigEditor(_props: Props) {
  return (
    <Stack direction="column" gap={2}>
      <Alert severity="info" title="Configured in the Cordon app">
        <Stack direction="column" gap={1}>
          <Text element="p">
            This data source runs Cordon&apos;s detections through the Loki and Prometheus data sources chosen on the Cordon configuration page,
            with the permissions of the user who views the dashboard. It stores no URL, credential or setting of its own.
          </Text>
          <Text element="p">
            Pick the Loki and Prometheus data sources and set the log selectors there, then press Save &amp; test below to check them.
          </Text>
        </Stack>
      </Alert>
      <div>
        <LinkButton href={locationUtil.assureBaseUrl(APP_CONFIG_PATH)} icon="cog" variant="secondary">
          Open the Cordon configuration page
        </LinkButton>
      </div>
    </Stack>
  );
}
