// Runs dynalite on its own thread: LevelDB and the HTTP handling then use the second core
// instead of competing with the client code on the main event loop.
const { parentPort, workerData } = require('node:worker_threads');
const dynalite = require('dynalite');

const server = dynalite(workerData);
server.listen(0, '127.0.0.1', () => {
  parentPort.postMessage({ type: 'listening', port: server.address().port });
});
server.on('error', (err) => parentPort.postMessage({ type: 'error', message: String((err && err.stack) || err) }));
parentPort.on('message', (msg) => {
  if (msg === 'close') server.close(() => parentPort.postMessage({ type: 'closed' }));
});
