/**
 * A loopback OpenAI-compatible chat-completions server (a real HTTP server on 127.0.0.1) for the LLM
 * reviewer, given to the gate as `baseUrl`. It answers each tier from its own script (the assistant
 * is told apart from the decider by the system prompt), records every request body, and answers
 * 500 when a script runs out, so an unexpected call is visible.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StandIn {
  baseUrl: string;
  /** Request bodies received, in order, with the tier each was answered as. */
  requests: { tier: 'assistant' | 'decider'; system: string; user: string }[];
  close(): Promise<void>;
}

/** Starts the stand-in; `scripts` are the `content` strings each tier answers, one per request. */
export async function openaiStandIn(scripts: { assistant: string[]; decider: string[] }): Promise<StandIn> {
  const queues = { assistant: [...scripts.assistant], decider: [...scripts.decider] };
  const requests: StandIn['requests'] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { model: string; messages: { role: string; content: string }[] };
      const system = body.messages.find((m) => m.role === 'system')?.content ?? '';
      const user = body.messages.find((m) => m.role === 'user')?.content ?? '';
      const tier = system.includes('You are the primary decider') ? 'decider' : 'assistant';
      requests.push({ tier, system, user });
      const content = req.url === '/v1/chat/completions' ? queues[tier].shift() : undefined;
      if (content === undefined) {
        res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'script exhausted', type: 'server_error' } }));
        return;
      }
      const reply = { id: `c${requests.length}`, object: 'chat.completion', created: 1, model: body.model, choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content, refusal: null } }], usage: { prompt_tokens: 1000, completion_tokens: 200, total_tokens: 1200 } };
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(reply));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () => new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };
}
