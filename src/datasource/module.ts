import { DataSourcePlugin } from '@grafana/data';
import { ConfigEditor } from './components/ConfigEditor';
import { QueryEditor } from './components/QueryEditor';
import { CordonDataSource } from './datasource';
import type { CordonDataSourceOptions, CordonQuery } from './types';

// NOTE: plugin.json's logo, img/logo.svg, reaches dist/datasource/ only once the webpack copy
// patterns include src/datasource/img, because the scaffold's patterns copy the app's logos alone.
export const plugin = new DataSourcePlugin<CordonDataSource, CordonQuery, CordonDataSourceOptions>(CordonDataSource)
  .setConfigEditor(ConfigEditor)
  .setQueryEditor(QueryEditor);
