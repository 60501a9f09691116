// Prints every notification it receives, so that `docker compose logs alert-receivers` shows
// the alerts that Grafana and Alertmanager deliver to the example contact points.
const http = require('node:http');

const port = Number(process.env.PORT || 9095);
http
  .createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      console.log(`${new Date().toISOString()} ${request.method} ${request.url} ${body}`);
      response.writeHead(200, { 'Content-Type': 'application/json' });
      response.end('{"ok":true}');
    });
  })
  .listen(port, '127.0.0.1', () => console.log(`Listening for notifications on 127.0.0.1:${port}.`));
