import { promises as fs } from 'fs';
import http from 'http';
import type { AddressInfo } from 'net';
import path from 'path';

export const HARNESS_DIST = path.join(__dirname, 'dist');

/** The icons that @grafana/ui ships; Grafana serves the same files under public/build/img/icons. */
const ICONS = path.resolve(__dirname, '../../node_modules/@grafana/ui/dist/public/img/icons');

// __grafana_public_path__ is where @grafana/ui looks for icons and fonts, as in Grafana's own page.
const PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>Cordon harness</title>
    <script>window.__grafana_public_path__ = '/public/';</script>
    <style>body { margin: 0; }</style>
  </head>
  <body>
    <div id="root"></div>
    <script src="/harness/harness.js"></script>
  </body>
</html>
`;

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
};

const PLACEHOLDER_ICON =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><circle cx="12" cy="12" r="9" fill="none" stroke="currentColor" stroke-width="2"/></svg>';

async function exists(file: string): Promise<boolean> {
  try {
    await fs.access(file);
    return true;
  } catch {
    return false;
  }
}

export interface HarnessServer {
  url: string;
  close: () => Promise<void>;
}

/** Resolves a URL path below a root directory, or returns undefined when it would leave the root. */
function fileBelow(root: string, relative: string): string | undefined {
  const file = path.join(root, path.normalize(relative));
  return file.startsWith(root + path.sep) ? file : undefined;
}

async function sendFile(response: http.ServerResponse, file: string | undefined): Promise<void> {
  try {
    if (!file) {
      throw new Error('outside the served folder');
    }
    const body = await fs.readFile(file);
    response.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' }).end(body);
  } catch {
    response.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
  }
}

/**
 * Serves the built harness on 127.0.0.1 at a free port: bundle files under /harness/, icons
 * under /public/build/img/icons/, and the HTML page for every other path, so that the app's
 * router receives the same addresses as in Grafana.
 */
export async function startHarnessServer(dist = HARNESS_DIST): Promise<HarnessServer> {
  const server = http.createServer(async (request, response) => {
    const { pathname } = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (pathname.startsWith('/harness/')) {
      return sendFile(response, fileBelow(dist, pathname.slice('/harness/'.length)));
    }
    if (pathname.startsWith('/public/build/img/icons/')) {
      const file = fileBelow(ICONS, pathname.slice('/public/build/img/icons/'.length));
      if (file && !(await exists(file))) {
        // Grafana's icon set is larger than the part @grafana/ui ships, for example the spinner.
        // TypeScript already checks icon names, so a missing file gets a placeholder circle.
        response.writeHead(200, { 'content-type': TYPES['.svg'] }).end(PLACEHOLDER_ICON);
        return;
      }
      return sendFile(response, file);
    }
    if (pathname.startsWith('/public/fonts/')) {
      // Grafana serves Inter and Roboto Mono itself. The harness has neither, so the browser falls back to its own fonts.
      response.writeHead(204).end();
      return;
    }
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
