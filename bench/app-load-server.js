#!/usr/bin/env node
// Child process of bench/app-load.js: the App's shipped server (lib/app/http-server.js) with the
// shipped Octokit (lib/app/octokit.js: throttling and retries on, paced per installation), talking
// to the GitHub stand-in at GITHUB_URL. Prints the URL it listens on. Its RSS is read through
// /metrics (process_resident_memory_bytes), so the figure is the App's alone.
import { generateKeyPairSync } from 'node:crypto';
import { Probot } from 'probot';
import { createAppServer } from '../lib/app/http-server.js';
import { appOctokit } from '../lib/app/octokit.js';

process.env.BOT_LOGIN = 'handoff-gate[bot]';
const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
const probot = new Probot({ appId: 1, privateKey, secret: process.env.WEBHOOK_SECRET, baseUrl: process.env.GITHUB_URL, logLevel: process.env.LOG_LEVEL ?? 'fatal', Octokit: appOctokit() });
const server = await createAppServer(probot);
server.listen(0, '127.0.0.1', () => console.log(`http://127.0.0.1:${server.address().port}`));
