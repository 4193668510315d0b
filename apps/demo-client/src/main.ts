import { parseArgs } from 'node:util';
import { explainError } from './explain-error.js';
import { followChanges } from './follow.js';
import { runTour } from './tour.js';

const { values } = parseArgs({
  options: {
    url: { type: 'string', default: process.env.COFFER_URL ?? 'http://127.0.0.1:4400' },
    user: { type: 'string', default: process.env.COFFER_USER ?? 'demo' },
    password: { type: 'string', default: process.env.COFFER_PASSWORD ?? 'demo-password' },
    rows: { type: 'string', default: '50000' },
    search: { type: 'string', default: 'coffee' },
    follow: { type: 'boolean', default: false },
  },
});

const rows = Number(values.rows);
if (!Number.isSafeInteger(rows) || rows < 1) {
  console.error(`--rows must be a positive integer, got ${values.rows}`);
  process.exit(2);
}

const stop = new AbortController();
process.once('SIGINT', () => stop.abort());
const credentials = { url: values.url, username: values.user, password: values.password };
const run = values.follow
  ? followChanges({ ...credentials, signal: stop.signal })
  : runTour({ ...credentials, rows, search: values.search });

run.then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`demo: ${explainError(error, values.url)}`);
    process.exit(1);
  },
);
