import { existsSync, readFileSync } from 'fs';
import path from 'path';
import pluginJson from '../plugin.json';
import { CONFIG_PAGE_URL, ROUTES } from '../constants';

const SOURCE_DIR = path.resolve(__dirname, '..');
const PLUGIN_ID_PATTERN = /^[0-9a-z]+-([0-9a-z]+-)?(app|panel|datasource)$/;

const includes = pluginJson.includes as Array<{
  type: string;
  name: string;
  path: string;
  defaultNav?: boolean;
  role?: string;
}>;
const pages = includes.filter((include) => include.type === 'page');

describe('plugin.json', () => {
  test('id matches Grafana pattern', () => {
    expect(pluginJson.id).toMatch(PLUGIN_ID_PATTERN);
  });

  test('app has no backend', () => {
    expect(pluginJson.backend).toBe(false);
    expect(pluginJson).not.toHaveProperty('executable');
  });

  test('pages point at app routes', () => {
    expect(pages.map((page) => [page.name, page.path])).toEqual([
      ['Detections', `/a/%PLUGIN_ID%/${ROUTES.Detections}`],
      ['Telemetry coverage', `/a/%PLUGIN_ID%/${ROUTES.Coverage}`],
      ['Configuration', CONFIG_PAGE_URL.replace(pluginJson.id, '%PLUGIN_ID%')],
    ]);
  });

  test('Detections is the only default page', () => {
    expect(pages.filter((page) => page.defaultNav).map((page) => page.name)).toEqual(['Detections']);
  });

  test('configuration page needs Admin', () => {
    expect(pages.find((page) => page.name === 'Configuration')?.role).toBe('Admin');
  });

  test('logos exist', () => {
    for (const logo of Object.values(pluginJson.info.logos)) {
      expect(existsSync(path.join(SOURCE_DIR, logo))).toBe(true);
    }
  });

  test('dashboard includes exist', () => {
    const dashboards = includes.filter((include) => include.type === 'dashboard');
    expect(dashboards.map((dashboard) => dashboard.path)).toEqual(['dashboards/overview.json']);
    for (const dashboard of dashboards) {
      const parsed = JSON.parse(readFileSync(path.join(SOURCE_DIR, dashboard.path), 'utf8'));
      expect(parsed.title).toBe(dashboard.name);
    }
  });

  test('nested data source is included', () => {
    expect(includes.filter((include) => include.type === 'datasource')).toEqual([
      { type: 'datasource', name: 'Cordon', path: 'datasource/plugin.json' },
    ]);
  });

  test('nested data source has its own id', () => {
    const nested = JSON.parse(readFileSync(path.join(SOURCE_DIR, 'datasource/plugin.json'), 'utf8'));
    expect(nested.type).toBe('datasource');
    expect(nested.id).toBe('cordon-detection-datasource');
    expect(nested.id).toMatch(PLUGIN_ID_PATTERN);
  });
});
