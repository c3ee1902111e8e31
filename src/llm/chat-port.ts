/**
 * The LLM providers behind the reviewer's `ChatPort`, through the vendors' maintained SDKs: the
 * OpenAI API (any OpenAI-compatible endpoint through `baseUrl`) and the Anthropic Messages API.
 * Keys come only from the environment (`OPENAI_API_KEY`, `ANTHROPIC_API_KEY`), never from the
 * repository. The SDKs retry 429 (honouring `retry-after`) and 5xx up to `retries` times and give
 * each request `timeoutSeconds`.
 */
import type Anthropic from '@anthropic-ai/sdk';
import type OpenAI from 'openai';
import type { GateConfig, ModelConfig } from '../core/config/config-schema.js';
import type { ChatPort, ChatRequest, ChatResponse } from '../core/review/llm/two-tier-review.js';

const KEYS = { openai: 'OPENAI_API_KEY', anthropic: 'ANTHROPIC_API_KEY' } as const;

/**
 * A port for the configured models, or `undefined` (with the missing variable named) when a key is
 * absent: the reviewer then falls back to the rules review and says why.
 */
export async function chatPortFromEnv(config: GateConfig, env: NodeJS.ProcessEnv): Promise<{ port?: ChatPort; missing?: string }> {
  const { assistant, decider, limits } = config.review;
  if (config.review.reviewer !== 'llm' || !assistant || !decider) return {};
  for (const model of [assistant, decider]) {
    if (!env[KEYS[model.provider]]) return { missing: KEYS[model.provider] };
  }
  const options = { maxRetries: limits.retries, timeout: limits.timeoutSeconds * 1000 };
  // The SDKs load only when the LLM reviewer is in use (they are most of the bundle).
  const [{ default: OpenAISdk }, { default: AnthropicSdk }] = await Promise.all([import('openai'), import('@anthropic-ai/sdk')]);
  const clients = new Map<string, (m: ModelConfig, r: ChatRequest) => Promise<ChatResponse>>();
  const clientFor = (model: ModelConfig) => {
    const key = `${model.provider}\0${model.baseUrl ?? ''}`;
    let client = clients.get(key);
    if (!client) {
      client = model.provider === 'openai' ? openaiChat(new OpenAISdk({ apiKey: env[KEYS.openai], ...(model.baseUrl ? { baseURL: model.baseUrl } : {}), ...options })) : anthropicChat(new AnthropicSdk({ apiKey: env[KEYS.anthropic], ...(model.baseUrl ? { baseURL: model.baseUrl } : {}), ...options }));
      clients.set(key, client);
    }
    return client;
  };
  return { port: (model, request) => clientFor(model)(model, request) };
}

function openaiChat(client: OpenAI) {
  return async (model: ModelConfig, request: ChatRequest): Promise<ChatResponse> => {
    const completion = await client.chat.completions.create({
      model: model.model,
      messages: [
        { role: 'system', content: request.system },
        { role: 'user', content: request.user },
      ],
      // OpenAI-compatible servers (self-hosted models) know max_tokens; OpenAI's own API wants max_completion_tokens.
      ...(model.baseUrl ? { max_tokens: request.maxOutputTokens } : { max_completion_tokens: request.maxOutputTokens }),
      response_format: { type: 'json_object' },
    });
    const message = completion.choices[0]?.message;
    return {
      text: message?.content ?? '',
      inputTokens: completion.usage?.prompt_tokens ?? 0,
      outputTokens: completion.usage?.completion_tokens ?? 0,
      ...(message?.refusal ? { refusal: message.refusal } : {}),
    };
  };
}

function anthropicChat(client: Anthropic) {
  return async (model: ModelConfig, request: ChatRequest): Promise<ChatResponse> => {
    const message = await client.messages.create({ model: model.model, max_tokens: request.maxOutputTokens, system: request.system, messages: [{ role: 'user', content: request.user }] });
    const text = message.content.flatMap((block) => (block.type === 'text' ? [block.text] : [])).join('');
    return {
      text,
      inputTokens: message.usage.input_tokens,
      outputTokens: message.usage.output_tokens,
      ...((message.stop_reason as string) === 'refusal' ? { refusal: text || 'refused' } : {}),
    };
  };
}
