import path from 'path';
import type { Configuration } from 'webpack';

const ROOT = path.resolve(__dirname, '../..');

/**
 * Bundles the harness: Cordon's real pages, @grafana/ui and @grafana/data from node_modules, and
 * a stub in place of @grafana/runtime, which only exists inside a running Grafana.
 * Run it like the plugin build: TS_NODE_COMPILER_OPTIONS='{"module":"commonjs","moduleResolution":"node"}' npx webpack -c e2e/harness/webpack.config.ts
 */
const config: Configuration = {
  mode: 'development',
  // Drops the @grafana/ui modules the pages never import, such as the code editor and its Monaco assets.
  optimization: { sideEffects: true, usedExports: true },
  devtool: false,
  context: ROOT,
  entry: path.join(__dirname, 'entry.tsx'),
  output: { path: path.join(__dirname, 'dist'), publicPath: '/harness/', filename: 'harness.js', clean: true },
  performance: { hints: false },
  module: {
    rules: [
      {
        test: /\.[tj]sx?$/,
        exclude: /node_modules/,
        use: {
          loader: 'swc-loader',
          options: {
            jsc: {
              baseUrl: path.join(ROOT, 'src'),
              target: 'es2020',
              parser: { syntax: 'typescript', tsx: true, decorators: false, dynamicImport: true },
            },
          },
        },
      },
      { test: /\.css$/, use: ['style-loader', 'css-loader'] },
      { test: /\.(png|jpe?g|gif|svg|woff2?|eot|ttf|otf)$/, type: 'asset/inline' },
    ],
  },
  resolve: {
    extensions: ['.js', '.jsx', '.ts', '.tsx'],
    modules: [path.join(ROOT, 'src'), 'node_modules'],
    alias: { '@grafana/runtime$': path.join(__dirname, 'runtimeStub.tsx') },
  },
};

export default config;
