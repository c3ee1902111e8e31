/** The Action's entry (bundled to dist/index.js): only calls `run`. */
import { run } from './main.js';

await run();
