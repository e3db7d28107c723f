// Conformance with the official openai SDK: the same client code gets the
// same shapes from an OpenAI, an Anthropic and a Gemini deployment behind
// the gateway, streamed and not, with tools, and the SDK's own error classes.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';

import { fakeKeys, fakesConfig, fakeVectors, openaiFake, startFakes } from './fake_providers.mjs';
import { keyedGatewayKey, startGateway, startKeyedGateway } from './gateway.mjs';

const fakes = {};
let gateway;
let client;

const tools = [{
  type: 'function',
  // As zod-to-json-schema writes it (the Vercel AI SDK, LangChain).
  function: {
    name: 'get_weather',
    description: 'Current weather',
    parameters: { $schema: 'http://json-schema.org/draft-07/schema#', type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false },
  },
}];
const question = [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'What is the weather in Oslo?' }];

before(async () => {
  Object.assign(fakes, await startFakes());
  gateway = await startGateway(fakesConfig(fakes, {
    providers: ['{ name: down, kind: openai_compatible, base_url: "http://127.0.0.1:1/v1", retry: { base_ms: 10 } }'],
    models: [
      '{ name: embed-openai, provider: openai, upstream_model: text-embedding-3-small }',
      '{ name: embed-gemini, provider: google, upstream_model: gemini-embedding-001 }',
      '{ name: resilient, provider: down, fallbacks: [claude] }',
    ],
  }), fakeKeys);
  client = new OpenAI({ baseURL: gateway.baseURL, apiKey: 'gateway-key', maxRetries: 0 });
});

after(async () => {
  await gateway?.stop();
  for (const fake of Object.values(fakes)) fake.close();
});

for (const model of ['gpt', 'claude', 'gemini']) {
  describe(`model ${model}`, () => {
    test('answers a tool call in OpenAI\'s shape', async () => {
      const completion = await client.chat.completions.create({ model, messages: question, tools });
      assert.equal(completion.object, 'chat.completion');
      assert.equal(completion.model, model);
      assert.match(completion.id, /\S/);
      const [choice] = completion.choices;
      assert.equal(choice.finish_reason, 'tool_calls');
      assert.equal(choice.message.role, 'assistant');
      const [call] = choice.message.tool_calls;
      assert.equal(call.type, 'function');
      assert.match(call.id, /\S/);
      assert.equal(call.function.name, 'get_weather');
      assert.deepEqual(JSON.parse(call.function.arguments), { city: 'Oslo' });
      assert.ok(completion.usage.prompt_tokens > 0);
      assert.equal(completion.usage.total_tokens, completion.usage.prompt_tokens + completion.usage.completion_tokens);
    });

    test('streams a tool call that the SDK assembles', async () => {
      const stream = client.chat.completions.stream({ model, messages: question, tools, stream_options: { include_usage: true } });
      const chunks = [];
      stream.on('chunk', (chunk) => chunks.push(chunk));
      const completion = await stream.finalChatCompletion();
      for (const chunk of chunks) assert.equal(chunk.object, 'chat.completion.chunk');
      assert.equal(new Set(chunks.map((chunk) => chunk.id)).size, 1, 'one id for the whole stream');
      const [choice] = completion.choices;
      assert.equal(choice.finish_reason, 'tool_calls');
      assert.equal(choice.message.tool_calls.length, 1);
      assert.equal(choice.message.tool_calls[0].function.name, 'get_weather');
      assert.deepEqual(JSON.parse(choice.message.tool_calls[0].function.arguments), { city: 'Oslo' });
      const usage = chunks.at(-1).usage;
      assert.ok(usage && usage.completion_tokens > 0, 'a final usage chunk');
      assert.deepEqual(chunks.at(-1).choices, []);
    });

    test('carries a tool result back and answers with text', async () => {
      const completion = await client.chat.completions.create({
        model,
        tools,
        messages: [...question,
          { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Oslo"}' } }] },
          { role: 'tool', tool_call_id: 'call_1', content: '{"temp_c":12}' }],
      });
      assert.equal(completion.choices[0].finish_reason, 'stop');
      assert.equal(completion.choices[0].message.content, 'It is 12C in Oslo.');
    });

    test('reports the provider\'s rate limit as the SDK\'s RateLimitError', async () => {
      await assert.rejects(
        client.chat.completions.create({ model, messages: [{ role: 'user', content: 'rate-limit' }] }),
        (error) => error instanceof OpenAI.RateLimitError && error.status === 429 && error.error?.type === 'rate_limit_error');
    });
  });
}

// The Responses API (POST /v1/responses), as the SDK's responses.create and
// responses.stream use it, onto the same deployments.
const responseTools = [{ type: 'function', name: 'get_weather', description: 'Current weather', strict: false,
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } }];
const responseInput = [{ role: 'user', content: [{ type: 'input_text', text: 'What is the weather in Oslo?' }] }];

for (const model of ['gpt', 'claude', 'gemini']) {
  describe(`the Responses API, model ${model}`, () => {
    test('answers a function call as a response object', async () => {
      const response = await client.responses.create({ model, instructions: 'Be brief.', input: responseInput, tools: responseTools, store: false });
      assert.equal(response.object, 'response');
      assert.match(response.id, /^resp_/);
      assert.equal(response.status, 'completed');
      assert.equal(response.model, model);
      const call = response.output.find((item) => item.type === 'function_call');
      assert.equal(call.name, 'get_weather');
      assert.match(call.call_id, /\S/);
      assert.deepEqual(JSON.parse(call.arguments), { city: 'Oslo' });
      assert.ok(response.usage.input_tokens > 0);
      assert.equal(response.usage.total_tokens, response.usage.input_tokens + response.usage.output_tokens);
    });

    test('streams events that the SDK assembles into the same response', async () => {
      const stream = client.responses.stream({ model, input: responseInput, tools: responseTools });
      const events = [];
      stream.on('event', (event) => events.push(event));
      const response = await stream.finalResponse();
      assert.deepEqual(events.slice(0, 2).map((event) => event.type), ['response.created', 'response.in_progress']);
      assert.equal(events.at(-1).type, 'response.completed');
      assert.deepEqual(events.map((event) => event.sequence_number), events.map((_, index) => index));
      assert.ok(events.some((event) => event.type === 'response.function_call_arguments.delta'));
      const call = response.output.find((item) => item.type === 'function_call');
      assert.deepEqual(JSON.parse(call.arguments), { city: 'Oslo' });
      assert.equal(call.status, 'completed');
      assert.ok(response.usage.output_tokens > 0);
    });

    test('carries a function call output back and answers with text', async () => {
      const response = await client.responses.create({ model, input: [
        ...responseInput,
        { type: 'function_call', call_id: 'call_abc123', name: 'get_weather', arguments: '{"city":"Oslo"}' },
        { type: 'function_call_output', call_id: 'call_abc123', output: '12C, clear' },
      ], tools: responseTools });
      assert.equal(response.output_text, 'It is 12C in Oslo.');
      assert.equal(response.output.at(-1).type, 'message');
    });

    test('a stored response is continued by previous_response_id, read back, listed and deleted', async () => {
      const first = await client.responses.create({ model, instructions: 'Be brief.', input: responseInput, tools: responseTools, store: true });
      assert.equal(first.store, true);
      const call = first.output.find((item) => item.type === 'function_call');
      const second = await client.responses.create({ model, previous_response_id: first.id, tools: responseTools, store: true,
        input: [{ type: 'function_call_output', call_id: call.call_id, output: '12C, clear' }] });
      assert.equal(second.previous_response_id, first.id);
      assert.equal(second.output_text, 'It is 12C in Oslo.', 'the tool call and its result reached the model');

      assert.deepEqual(await client.responses.retrieve(first.id), first);
      const items = [];
      for await (const item of client.responses.inputItems.list(second.id, { order: 'asc' })) items.push(item);
      // The question, the answer (text before the call, from some models), the call and its result.
      assert.equal(items[0].type, 'message');
      assert.deepEqual(items[0].content, responseInput[0].content);
      assert.deepEqual(items.slice(-2).map((item) => item.type), ['function_call', 'function_call_output']);
      assert.ok(items.every((item) => typeof item.id === 'string' && item.id.length > 0));
      assert.equal(items.at(-2).call_id, call.call_id);

      await client.responses.delete(first.id);
      await assert.rejects(client.responses.retrieve(first.id), (error) => error instanceof OpenAI.NotFoundError);
      await assert.rejects(client.responses.create({ model, previous_response_id: first.id, input: 'again' }),
        (error) => error instanceof OpenAI.BadRequestError && error.code === 'previous_response_not_found');
    });
  });
}

test('structured output (text.format) reaches each provider in its own form', async () => {
  const format = { type: 'json_schema', name: 'weather', strict: true,
    schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false } };
  for (const model of ['gpt', 'claude', 'gemini']) {
    await client.responses.create({ model, input: 'Weather as JSON', text: { format } });
  }
  const openai = fakes.openai.received.find((r) => r.body.response_format?.type === 'json_schema');
  assert.deepEqual(openai.body.response_format.json_schema, { name: 'weather', schema: format.schema, strict: true });
  for (const field of ['text', 'input', 'store', 'instructions']) assert.ok(!(field in openai.body), field);
  assert.ok(fakes.anthropic.received.some((r) => r.body.tool_choice?.type === 'tool'));
  assert.ok(fakes.gemini.received.some((r) => r.body.generationConfig?.responseMimeType === 'application/json'));
});

test('the Responses API refuses what it cannot serve, as the SDK\'s BadRequestError', async () => {
  await assert.rejects(client.responses.create({ model: 'gpt', input: 'x', previous_response_id: 'resp_123' }),
    (error) => error instanceof OpenAI.BadRequestError && error.param === 'previous_response_id'
      && error.code === 'previous_response_not_found');
  await assert.rejects(client.responses.create({ model: 'gpt', input: 'x', tools: [{ type: 'web_search' }] }),
    (error) => error instanceof OpenAI.BadRequestError && error.param === 'tools[0].type');
});

test('each provider received its own wire format', () => {
  const openai = fakes.openai.received.find((r) => r.body.messages?.some((m) => m.role === 'tool'));
  assert.equal(openai.headers.authorization, 'Bearer sk-fake-openai');
  assert.equal(openai.body.model, 'gpt-4.1-mini');

  const anthropic = fakes.anthropic.received.find((r) => r.body.messages.at(-1).content[0].type === 'tool_result');
  assert.equal(anthropic.url, '/v1/messages');
  assert.equal(anthropic.headers['x-api-key'], 'sk-ant-fake');
  assert.equal(anthropic.headers['anthropic-version'], '2023-06-01');
  assert.equal(anthropic.body.system[0].text, 'Be brief.');
  assert.equal(anthropic.body.messages.at(-1).content[0].tool_use_id, 'call_1');
  assert.equal(anthropic.body.tools[0].input_schema.type, 'object');

  const gemini = fakes.gemini.received.find((r) => 'functionResponse' in r.body.contents.at(-1).parts[0]);
  assert.equal(gemini.url, '/v1beta/models/gemini-2.5-flash:generateContent');
  assert.equal(gemini.headers['x-goog-api-key'], 'AIza-fake');
  assert.deepEqual(gemini.body.contents.at(-1).parts[0].functionResponse, { name: 'get_weather', response: { temp_c: 12 } });
  assert.deepEqual(gemini.body.tools[0].functionDeclarations[0].parametersJsonSchema, tools[0].function.parameters);
  assert.ok(fakes.gemini.received.some((r) => r.url.endsWith(':streamGenerateContent?alt=sse')));
});

test('lists every model', async () => {
  const ids = [];
  for await (const model of client.models.list()) ids.push(model.id);
  assert.deepEqual(ids, ['gpt', 'claude', 'gemini', 'embed-openai', 'embed-gemini', 'resilient']);
  const retrieved = await client.models.retrieve('claude');
  assert.equal(retrieved.owned_by, 'anthropic');
});

for (const model of ['embed-openai', 'embed-gemini']) {
  test(`embeds with ${model}, as base64 (the SDK's default) and as floats`, async () => {
    const viaBase64 = await client.embeddings.create({ model, input: ['first', 'second'], dimensions: 3 });
    assert.equal(viaBase64.object, 'list');
    assert.equal(viaBase64.model, model);
    assert.deepEqual(viaBase64.data.map((item) => item.embedding), fakeVectors);
    assert.deepEqual(viaBase64.data.map((item) => item.index), [0, 1]);
    assert.ok(viaBase64.usage.prompt_tokens > 0);
    const viaFloats = await client.embeddings.create({ model, input: 'first', encoding_format: 'float' });
    assert.deepEqual(viaFloats.data[0].embedding, fakeVectors[0]);
  });
}

test('embedding requests reach each provider in its format', () => {
  const openai = fakes.openai.received.find((r) => r.url === '/v1/embeddings');
  assert.equal(openai.body.encoding_format, 'float');
  assert.equal(openai.body.dimensions, 3);
  const gemini = fakes.gemini.received.find((r) => r.url.endsWith(':batchEmbedContents'));
  assert.equal(gemini.url, '/v1beta/models/gemini-embedding-001:batchEmbedContents');
  assert.deepEqual(gemini.body.requests[1], { model: 'models/gemini-embedding-001', content: { parts: [{ text: 'second' }] }, outputDimensionality: 3 });
});

test('embeddings from a model without them are the SDK\'s BadRequestError', async () => {
  await assert.rejects(client.embeddings.create({ model: 'claude', input: 'x' }),
    (error) => error instanceof OpenAI.BadRequestError && error.status === 400);
});

test('passes legacy completions to an OpenAI-compatible deployment', async () => {
  const completion = await client.completions.create({ model: 'gpt', prompt: 'hello', max_tokens: 5 });
  assert.equal(completion.object, 'text_completion');
  assert.equal(completion.choices[0].text, ' world');
  assert.equal(completion.usage.total_tokens, 3);
  await assert.rejects(client.completions.create({ model: 'claude', prompt: 'x' }), (error) => error instanceof OpenAI.BadRequestError);
});

test('a model whose provider is down is answered by its fallback, which the response names', async () => {
  const { data: completion, response } = await client.chat.completions.create({ model: 'resilient', messages: question, tools }).withResponse();
  assert.equal(completion.model, 'claude');
  assert.equal(response.headers.get('x-llmgw-served-by'), 'claude');
  assert.equal(completion.choices[0].message.tool_calls[0].function.name, 'get_weather');

  const stream = client.chat.completions.stream({ model: 'resilient', messages: question, tools });
  const streamed = await stream.finalChatCompletion();
  assert.equal(streamed.model, 'claude');
  assert.deepEqual(JSON.parse(streamed.choices[0].message.tool_calls[0].function.arguments), { city: 'Oslo' });
});

test('an unknown model is the SDK\'s NotFoundError', async () => {
  await assert.rejects(
    client.chat.completions.create({ model: 'no-such-model', messages: question }),
    (error) => error instanceof OpenAI.NotFoundError && error.code === 'model_not_found');
});

test('no provider key reaches the gateway log', () => {
  for (const secret of Object.values(fakeKeys)) assert.ok(!gateway.log().includes(secret));
});

describe('the response cache', () => {
  let cached;
  let openai;
  before(async () => {
    openai = await openaiFake();
    cached = await startGateway(`
providers:
  - { name: openai, kind: openai_compatible, base_url: "http://127.0.0.1:${openai.address().port}/v1" }
models:
  - { name: gpt, provider: openai, upstream_model: gpt-4.1-mini }
cache: { enabled: true }
`);
  });
  after(async () => { await cached?.stop(); openai?.close(); });

  // What a message says, without the fields one form has and the other not
  // (annotations, a null refusal, the helper's parsed fields).
  const said = (message) => ({
    role: message.role,
    content: message.content,
    tool_calls: message.tool_calls.map((call) => ({ id: call.id, type: call.type, function: { name: call.function.name, arguments: call.function.arguments } })),
  });

  test('a stream replayed from a cached answer is the same message in the SDK\'s stream helper', async () => {
    const client = new OpenAI({ baseURL: cached.baseURL, apiKey: 'unused', maxRetries: 0 });
    const request = { model: 'gpt', temperature: 0, tools, messages: [{ role: 'user', content: 'Weather in two cities?' }] };
    const { data: first, response } = await client.chat.completions.create(request).withResponse();
    assert.equal(response.headers.get('x-llmgw-cache'), 'miss');
    assert.equal(first.choices[0].message.tool_calls.length, 2);

    const stream = client.chat.completions.stream({ ...request, stream_options: { include_usage: true } });
    const chunks = [];
    stream.on('chunk', (chunk) => chunks.push(chunk));
    const replayed = await stream.finalChatCompletion();
    assert.equal(openai.received.length, 1, 'answered from the cache, not upstream');
    assert.deepEqual(said(replayed.choices[0].message), said(first.choices[0].message));
    assert.equal(replayed.choices[0].finish_reason, 'tool_calls');
    assert.ok(chunks.length > 6, 'the text and arguments come in pieces');
    const usage = chunks.at(-1).usage;
    assert.equal(usage.prompt_tokens, first.usage.prompt_tokens);
    assert.equal(usage.completion_tokens, first.usage.completion_tokens);

    const { response: again } = await client.chat.completions.create(request).withResponse();
    assert.equal(again.headers.get('x-llmgw-cache'), 'hit');
    assert.match(again.headers.get('age'), /^\d+$/);
  });
});

describe('gateway API keys', () => {
  let keyed;
  before(async () => {
    keyed = await startKeyedGateway();
  });
  after(async () => { await keyed?.stop(); });
  const sdk = (apiKey) => new OpenAI({ baseURL: keyed.baseURL, apiKey, maxRetries: 0 });

  test('the SDK\'s own key header is accepted', async () => {
    const completion = await sdk(keyedGatewayKey).chat.completions.create({ model: 'mock-echo', messages: [{ role: 'user', content: 'hi there' }] });
    assert.equal(completion.choices[0].message.content, 'hi there');
  });

  test('a wrong key is the SDK\'s AuthenticationError', async () => {
    await assert.rejects(
      sdk('gw-wrong').chat.completions.create({ model: 'mock-echo', messages: question }),
      (error) => error instanceof OpenAI.AuthenticationError && error.code === 'invalid_api_key');
  });

  test('a model outside the key\'s list is the SDK\'s PermissionDeniedError, and not listed', async () => {
    const client = sdk(keyedGatewayKey);
    await assert.rejects(
      client.chat.completions.create({ model: 'mock-other', messages: question }),
      (error) => error instanceof OpenAI.PermissionDeniedError && error.code === 'model_not_allowed');
    const ids = [];
    for await (const model of client.models.list()) ids.push(model.id);
    assert.deepEqual(ids, ['mock-echo']);
  });
});
