import { parseArgs } from 'node:util';
import { runTour } from './tour.js';

const { values } = parseArgs({
  options: {
    url: { type: 'string', default: process.env.COFFER_URL ?? 'http://127.0.0.1:4400' },
    ticks: { type: 'string', default: '3' },
  },
});

runTour({ url: values.url, ticks: Number(values.ticks) }).then(
  () => process.exit(0),
  (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    console.error(
      `demo failed: ${message} (is the server running at ${values.url}? start it with \`pnpm start\`)`,
    );
    process.exit(1);
  },
);
