/**
 * `npm start`: the handoff-gate App on its own HTTP server (http-server.ts: bounded input in front of
 * Probot's middleware). `.env` is loaded when present; Probot reads its usual environment (APP_ID, PRIVATE_KEY or PRIVATE_KEY_PATH,
 * WEBHOOK_SECRET, WEBHOOK_PATH, LOG_LEVEL, REDIS_URL, GHE_HOST); the server listens on `PORT`
 * (default 3000) and `HOST` (default `localhost`; `0.0.0.0` in containers). Unlike `probot run`, there
 * is no setup (manifest) mode and no smee proxy: the App must be registered first (see README).
 */
import { existsSync } from 'node:fs';
import { createProbot } from 'probot';
import { createAppServer, limitsFromEnv } from './http-server.js';
import { appOctokit } from './octokit.js';

// `.env` as `probot run` reads it (Node's own loader; variables already set win).
if (existsSync('.env')) process.loadEnvFile('.env');
const probot = createProbot({ overrides: { Octokit: appOctokit() } });
const server = await createAppServer(probot, limitsFromEnv(process.env), process.env['WEBHOOK_PATH'] || undefined);
const port = Number(process.env['PORT'] || 3000);
const host = process.env['HOST'] || 'localhost';
server.listen(port, host, () => probot.log.info(`handoff-gate listening on http://${host}:${port}`));
