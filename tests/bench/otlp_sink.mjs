// A trace collector for benchmarks: takes OTLP/HTTP exports on the port
// given as the first argument, answers 200 at once and counts what came
// (GET /stats). It decodes nothing, so that it costs the machine little.
import { createServer } from 'node:http';

let exports = 0;
let bytes = 0;
createServer((request, response) => {
  if (request.method === 'GET') {
    response.end(JSON.stringify({ exports, bytes }));
    return;
  }
  request.on('data', (chunk) => (bytes += chunk.length));
  request.on('end', () => {
    exports += 1;
    response.writeHead(200, { 'content-type': 'application/x-protobuf' });
    response.end();
  });
}).listen(Number(process.argv[2]), '127.0.0.1');
