// Fake upstreams that speak each provider's real wire format (checked
// against the providers' documentation and SDK sources): OpenAI chat
// completions, Anthropic Messages, Gemini generateContent. Every fake answers
// a question with a call of get_weather({"city":"Oslo"}), a tool result with
// text, and the message "rate-limit" with the provider's own 429.

import http from 'node:http';

function listen(handler) {
  const server = http.createServer((request, response) => {
    let body = '';
    request.on('data', (piece) => { body += piece; });
    request.on('end', () => {
      const parsed = body ? JSON.parse(body) : {};
      server.received.push({ method: request.method, url: request.url, headers: request.headers, body: parsed });
      handler(request, parsed, response);
    });
  });
  server.received = [];
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

function json(response, status, value, headers = {}) {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify(value));
}

function sse(response, events) {
  response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  for (const event of events) response.write(event);
  response.end();
}

function lastMessage(messages) { return messages[messages.length - 1]; }

// --- OpenAI ----------------------------------------------------------------

// Embedding values every fake answers with, one vector per input.
export const fakeVectors = [[0.125, -0.5, 0.75], [1.5, 0.0625, -2.25]];

export function openaiFake() {
  return listen((request, body, response) => {
    if (request.url === '/v1/completions') {
      return json(response, 200, { id: 'cmpl-fake', object: 'text_completion', created: 1741569952, model: body.model, choices: [{ text: ' world', index: 0, logprobs: null, finish_reason: 'stop' }], usage: { prompt_tokens: 2, completion_tokens: 1, total_tokens: 3 } });
    }
    if (request.url === '/v1/embeddings') {
      const inputs = Array.isArray(body.input) ? body.input : [body.input];
      return json(response, 200, { object: 'list', data: inputs.map((_, index) => ({ object: 'embedding', index, embedding: fakeVectors[index] })), model: body.model, usage: { prompt_tokens: 6, total_tokens: 6 } });
    }
    // As OpenAI refuses it: an image anywhere but in a user message.
    const imageAt = body.messages.findIndex((m) => m.role !== 'user' && Array.isArray(m.content) && m.content.some((p) => p.type === 'image_url'));
    if (imageAt >= 0) {
      const role = body.messages[imageAt].role;
      return json(response, 400, { error: { message: `Invalid 'messages[${imageAt}]'. Image URLs are only allowed for messages with role 'user', but this message with role '${role}' contains an image URL.`, type: 'invalid_request_error', param: `messages[${imageAt}]`, code: 'invalid_value' } });
    }
    const last = lastMessage(body.messages);
    if (last.content === 'rate-limit') {
      return json(response, 429, { error: { message: 'Rate limit reached for requests', type: 'requests', param: null, code: 'rate_limit_exceeded' } }, { 'retry-after': '1' });
    }
    const base = { id: 'chatcmpl-fake1', created: 1741569952, model: body.model, system_fingerprint: 'fp_1' };
    const usage = { prompt_tokens: 82, completion_tokens: 17, total_tokens: 99, prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 }, completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 } };
    // The turn answers tool calls when a result follows the last assistant message.
    const lastAssistant = body.messages.map((m) => m.role).lastIndexOf('assistant');
    const answersTool = lastAssistant >= 0 && body.messages.slice(lastAssistant + 1).some((m) => m.role === 'tool');
    if (!body.stream && last.content === 'Weather in two cities?') {
      // Text and two tool calls at once (parallel tool calls).
      const message = { role: 'assistant', content: 'Checking both cities — Oslo first, then Bergen.', refusal: null, annotations: [], tool_calls: [
        { id: 'call_oslo1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Oslo","unit":"celsius"}' } },
        { id: 'call_bergen2', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Bergen","unit":"celsius"}' } }] };
      return json(response, 200, { ...base, object: 'chat.completion', choices: [{ index: 0, message, logprobs: null, finish_reason: 'tool_calls' }], usage, service_tier: 'default' });
    }
    if (!body.stream) {
      const message = answersTool
        ? { role: 'assistant', content: 'It is 12C in Oslo.', refusal: null, annotations: [] }
        : { role: 'assistant', content: null, refusal: null, annotations: [], tool_calls: [{ id: 'call_abc123', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Oslo"}' } }] };
      return json(response, 200, { ...base, object: 'chat.completion', choices: [{ index: 0, message, logprobs: null, finish_reason: answersTool ? 'stop' : 'tool_calls' }], usage, service_tier: 'default' });
    }
    const chunk = (choices, extra = {}) => `data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', choices, usage: null, ...extra })}\n\n`;
    sse(response, [
      chunk([{ index: 0, delta: { role: 'assistant', content: null, tool_calls: [{ index: 0, id: 'call_abc123', type: 'function', function: { name: 'get_weather', arguments: '' } }], refusal: null }, logprobs: null, finish_reason: null }]),
      chunk([{ index: 0, delta: { tool_calls: [{ index: 0, function: { arguments: '{"ci' } }] }, logprobs: null, finish_reason: null }]),
      chunk([{ index: 0, delta: { tool_calls: [{ index: 0, function: { arguments: 'ty":"Oslo"}' } }] }, logprobs: null, finish_reason: null }]),
      chunk([{ index: 0, delta: {}, logprobs: null, finish_reason: 'tool_calls' }]),
      chunk([], { usage }),
      'data: [DONE]\n\n',
    ]);
  });
}

// --- Anthropic -------------------------------------------------------------

export const fakeSignature = 'EqQBCkYIBxgCKkBvKUmMM+5F3xbXrpYFC0bB2xp9ZStlMJfAtXT0sw==';

const anthropicEvent = (data) => `event: ${data.type}\ndata: ${JSON.stringify(data)}\n\n`;

// What the fakes' token counting endpoints answer.
export const fakeTokenCounts = { anthropic: 2095, gemini: 31 };
// The members Anthropic's count_tokens takes; it refuses any other.
const countTokensFields = ['model', 'messages', 'system', 'tools', 'tool_choice', 'thinking', 'mcp_servers', 'output_config'];

// As Anthropic answers with its web search server tool (shortened).
const searchCall = { type: 'server_tool_use', id: 'srvtoolu_01WYG3ziw53XMcoyKL4XcZmE', name: 'web_search', input: { query: 'weather Oslo' } };
const searchResult = { type: 'web_search_tool_result', tool_use_id: searchCall.id, content: [
  { type: 'web_search_result', url: 'https://www.yr.no/en/forecast/Oslo', title: 'Oslo - Yr', encrypted_content: 'EqgfCioIARgBIiQ3YTAw', page_age: 'December 4, 2026' }] };
const citedText = { type: 'text', text: 'It is 12C in Oslo.', citations: [
  { type: 'web_search_result_location', url: searchResult.content[0].url, title: 'Oslo - Yr', encrypted_index: 'Eo8BCioIAhgB', cited_text: 'Oslo 12°' }] };

function webSearchAnswer(body, response) {
  const usage = { input_tokens: 6039, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: 931, server_tool_use: { web_search_requests: 1 } };
  const content = [{ type: 'text', text: 'Let me search.' }, searchCall, searchResult, citedText];
  if (!body.stream) {
    return json(response, 200, { id: 'msg_01search', type: 'message', role: 'assistant', model: body.model, content, stop_reason: 'end_turn', stop_sequence: null, usage });
  }
  sse(response, [
    anthropicEvent({ type: 'message_start', message: { id: 'msg_01search', type: 'message', role: 'assistant', model: body.model, content: [], stop_reason: null, stop_sequence: null, usage: { ...usage, output_tokens: 1 } } }),
    anthropicEvent({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }),
    anthropicEvent({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Let me search.' } }),
    anthropicEvent({ type: 'content_block_stop', index: 0 }),
    anthropicEvent({ type: 'content_block_start', index: 1, content_block: { ...searchCall, input: {} } }),
    anthropicEvent({ type: 'content_block_delta', index: 1, delta: { type: 'input_json_delta', partial_json: '' } }),
    anthropicEvent({ type: 'content_block_delta', index: 1, delta: { type: 'input_json_delta', partial_json: '{"query": "weather Oslo"}' } }),
    anthropicEvent({ type: 'content_block_stop', index: 1 }),
    anthropicEvent({ type: 'content_block_start', index: 2, content_block: searchResult }),
    anthropicEvent({ type: 'content_block_stop', index: 2 }),
    anthropicEvent({ type: 'content_block_start', index: 3, content_block: { type: 'text', text: '' } }),
    anthropicEvent({ type: 'content_block_delta', index: 3, delta: { type: 'citations_delta', citation: citedText.citations[0] } }),
    anthropicEvent({ type: 'content_block_delta', index: 3, delta: { type: 'text_delta', text: citedText.text } }),
    anthropicEvent({ type: 'content_block_stop', index: 3 }),
    anthropicEvent({ type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: 931, server_tool_use: { web_search_requests: 1 } } }),
    anthropicEvent({ type: 'message_stop' }),
  ]);
}

export function anthropicFake() {
  return listen((request, body, response) => {
    if (request.url === '/v1/messages/count_tokens') {
      const extra = Object.keys(body).find((key) => !countTokensFields.includes(key));
      if (extra) return json(response, 400, { type: 'error', error: { type: 'invalid_request_error', message: `${extra}: Extra inputs are not permitted` } });
      return json(response, 200, { input_tokens: fakeTokenCounts.anthropic });
    }
    // Asked with Anthropic's web search tool: a search and its results, then the answer.
    if (body.tools?.some((tool) => tool.type?.startsWith('web_search_'))) return webSearchAnswer(body, response);
    const last = lastMessage(body.messages);
    const firstBlock = last.content[0];
    if (firstBlock.type === 'text' && firstBlock.text === 'rate-limit') {
      return json(response, 429, { type: 'error', error: { type: 'rate_limit_error', message: 'Number of request tokens has exceeded your per-minute rate limit' }, request_id: 'req_011' }, { 'retry-after': '1', 'request-id': 'req_011' });
    }
    const answersTool = firstBlock.type === 'tool_result';
    // With extended thinking on, the answer begins with a signed thinking block.
    const thinks = body.thinking?.type === 'enabled';
    const usage = { input_tokens: 410, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: 55 };
    if (!body.stream) {
      const content = answersTool
        ? [{ type: 'text', text: 'It is 12C in Oslo.' }]
        : [{ type: 'text', text: 'Let me check.' }, { type: 'tool_use', id: 'toolu_01A09q90qw90lq917835lq9', name: 'get_weather', input: { city: 'Oslo' } }];
      if (thinks) content.unshift({ type: 'thinking', thinking: 'The user wants the weather.', signature: fakeSignature });
      return json(response, 200, { id: 'msg_01XFDUDYJgAACzvnptvVoYEL', type: 'message', role: 'assistant', model: body.model, content, stop_reason: answersTool ? 'end_turn' : 'tool_use', stop_sequence: null, usage });
    }
    const first = thinks ? 1 : 0;
    sse(response, [
      anthropicEvent({ type: 'message_start', message: { id: 'msg_01XFDUDYJgAACzvnptvVoYEL', type: 'message', role: 'assistant', model: body.model, content: [], stop_reason: null, stop_sequence: null, usage: { ...usage, output_tokens: 1 } } }),
      ...(thinks ? [
        anthropicEvent({ type: 'content_block_start', index: 0, content_block: { type: 'thinking', thinking: '', signature: '' } }),
        anthropicEvent({ type: 'content_block_delta', index: 0, delta: { type: 'thinking_delta', thinking: 'The user wants ' } }),
        anthropicEvent({ type: 'content_block_delta', index: 0, delta: { type: 'thinking_delta', thinking: 'the weather.' } }),
        anthropicEvent({ type: 'content_block_delta', index: 0, delta: { type: 'signature_delta', signature: fakeSignature } }),
        anthropicEvent({ type: 'content_block_stop', index: 0 }),
      ] : []),
      anthropicEvent({ type: 'content_block_start', index: first, content_block: { type: 'text', text: '' } }),
      anthropicEvent({ type: 'ping' }),
      anthropicEvent({ type: 'content_block_delta', index: first, delta: { type: 'text_delta', text: 'Let me check.' } }),
      anthropicEvent({ type: 'content_block_stop', index: first }),
      anthropicEvent({ type: 'content_block_start', index: first + 1, content_block: { type: 'tool_use', id: 'toolu_01A09q90qw90lq917835lq9', name: 'get_weather', input: {} } }),
      anthropicEvent({ type: 'content_block_delta', index: first + 1, delta: { type: 'input_json_delta', partial_json: '' } }),
      anthropicEvent({ type: 'content_block_delta', index: first + 1, delta: { type: 'input_json_delta', partial_json: '{"city": ' } }),
      anthropicEvent({ type: 'content_block_delta', index: first + 1, delta: { type: 'input_json_delta', partial_json: '"Oslo"}' } }),
      anthropicEvent({ type: 'content_block_stop', index: first + 1 }),
      anthropicEvent({ type: 'message_delta', delta: { stop_reason: 'tool_use', stop_sequence: null }, usage: { output_tokens: 55 } }),
      anthropicEvent({ type: 'message_stop' }),
    ]);
  });
}

// --- Gemini ----------------------------------------------------------------

// Gemini's `Schema` (functionDeclarations[].parameters,
// generationConfig.responseSchema) is an OpenAPI subset: JSON Schema words
// outside it are refused as the real API refuses them. The *JsonSchema
// fields take JSON Schema whole.
const notInGeminiSchema = ['$schema', 'additionalProperties', '$ref', '$defs', 'definitions', 'const', 'exclusiveMinimum'];

function unknownSchemaName(schema, at) {
  if (!schema || typeof schema !== 'object') return null;
  for (const [key, value] of Object.entries(schema)) {
    if (notInGeminiSchema.includes(key)) return `Invalid JSON payload received. Unknown name "${key}" at '${at}': Cannot find field.`;
    const nested = unknownSchemaName(value, `${at}.${key}`);
    if (nested) return nested;
  }
  return null;
}

export function geminiFake() {
  return listen((request, body, response) => {
    const declarations = (body.tools ?? []).flatMap((tool) => tool.functionDeclarations ?? []);
    const refusal = declarations.map((d, i) => unknownSchemaName(d.parameters, `tools[0].function_declarations[${i}].parameters`)).find(Boolean)
      ?? unknownSchemaName(body.generationConfig?.responseSchema, 'generation_config.response_schema');
    if (refusal) return json(response, 400, { error: { code: 400, message: refusal, status: 'INVALID_ARGUMENT' } });
    if (request.url.endsWith(':countTokens')) {
      if (!body.generateContentRequest?.contents) return json(response, 400, { error: { code: 400, message: 'contents is required', status: 'INVALID_ARGUMENT' } });
      return json(response, 200, { totalTokens: fakeTokenCounts.gemini, promptTokensDetails: [{ modality: 'TEXT', tokenCount: fakeTokenCounts.gemini }] });
    }
    if (request.url.endsWith(':batchEmbedContents')) {
      return json(response, 200, { embeddings: body.requests.map((_, index) => ({ values: fakeVectors[index] })) });
    }
    const lastTurn = body.contents[body.contents.length - 1];
    const firstPart = lastTurn.parts[0];
    if (firstPart.text === 'rate-limit') {
      return json(response, 429, { error: { code: 429, message: 'Resource has been exhausted (e.g. check quota).', status: 'RESOURCE_EXHAUSTED' } });
    }
    const answersTool = 'functionResponse' in firstPart;
    const usageMetadata = { promptTokenCount: 52, candidatesTokenCount: 9, totalTokenCount: 61 };
    const parts = answersTool ? [{ text: 'It is 12C in Oslo.' }] : [{ functionCall: { name: 'get_weather', args: { city: 'Oslo' } } }];
    const answer = { candidates: [{ content: { parts, role: 'model' }, finishReason: 'STOP', index: 0 }], usageMetadata, modelVersion: 'gemini-2.5-flash', responseId: 'mJ8paMnzBJSQ1dkP8oHOkAM' };
    if (request.url.endsWith(':generateContent')) return json(response, 200, answer);
    // alt=sse: events end in \r\n\r\n, there is no [DONE].
    sse(response, [`data: ${JSON.stringify(answer)}\r\n\r\n`]);
  });
}

// --- All three, behind one gateway ------------------------------------------

// A fake of each provider, and the configuration that puts them behind a
// gateway as the models gpt, claude and gemini; `providers` and `models`
// add lines to their sections. The fakes' keys go in `fakeKeys`.
export async function startFakes() {
  return { openai: await openaiFake(), anthropic: await anthropicFake(), gemini: await geminiFake() };
}

export const fakeKeys = { FAKE_OPENAI_KEY: 'sk-fake-openai', FAKE_ANTHROPIC_KEY: 'sk-ant-fake', FAKE_GEMINI_KEY: 'AIza-fake' };

export function fakesConfig(fakes, { providers = [], models = [] } = {}) {
  const port = (name) => fakes[name].address().port;
  return `
providers:
  - { name: openai, kind: openai_compatible, base_url: "http://127.0.0.1:${port('openai')}/v1", api_key_env: FAKE_OPENAI_KEY }
  - { name: anthropic, kind: anthropic, base_url: "http://127.0.0.1:${port('anthropic')}", api_key_env: FAKE_ANTHROPIC_KEY }
  - { name: google, kind: gemini, base_url: "http://127.0.0.1:${port('gemini')}/v1beta", api_key_env: FAKE_GEMINI_KEY }
${providers.map((line) => `  - ${line}\n`).join('')}models:
  - { name: gpt, provider: openai, upstream_model: gpt-4.1-mini }
  - { name: claude, provider: anthropic, upstream_model: claude-sonnet-4-5 }
  - { name: gemini, provider: google, upstream_model: gemini-2.5-flash }
${models.map((line) => `  - ${line}\n`).join('')}`;
}
