import { DataSourcePlugin } from '@grafana/data';
import { ConfigEditor } from './components/ConfigEditor';
import { QueryEditor } from './components/QueryEditor';
import { CordonDataSource } from './datasource';
import type { CordonDataSourceOptions, CordonQuery } from './types';

export const plugin = new DataSourcePlugin<CordonDataSource, CordonQuery, CordonDataSourceOptions>(CordonDataSource)
  .setConfigEditor(ConfigEditor)
  .setQueryEditor(QueryEditor);
