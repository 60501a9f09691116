import CopyWebpackPlugin from 'copy-webpack-plugin';
import type { Configuration } from 'webpack';
import grafanaConfig from './.config/webpack/webpack.config';

/**
 * Extends the scaffold's webpack configuration: the scaffold copies only the app's own logos,
 * and Grafana serves a nested plugin's logo from that plugin's folder, so the data source's
 * images are copied beside its module.
 */
const config = async (env: Record<string, unknown>): Promise<Configuration> => {
  const base = await grafanaConfig(env as Parameters<typeof grafanaConfig>[0]);
  return {
    ...base,
    plugins: [...(base.plugins ?? []), new CopyWebpackPlugin({ patterns: [{ from: 'datasource/img', to: 'datasource/img' }] })],
  };
};

export default config;
