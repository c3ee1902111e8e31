/**
 * `npm start`: Probot's server (reads `.env`: APP_ID, PRIVATE_KEY, WEBHOOK_SECRET, PORT, HOST,
 * LOG_LEVEL, REDIS_URL…) running the handoff-gate App with its bounded rate-limit retries.
 */
import { run } from 'probot';
import handoffGateApp from './index.js';
import { appOctokit } from './octokit.js';

await run(handoffGateApp, { Octokit: appOctokit() });
