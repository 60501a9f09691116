// Jest setup provided by Grafana scaffolding. Its browser stubs need jsdom, so test files that
// run in the Node environment (`@jest-environment node`, for child processes and servers) skip it.
if (typeof window !== 'undefined') {
  require('./.config/jest-setup');
}
