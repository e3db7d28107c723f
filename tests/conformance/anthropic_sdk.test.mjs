// Conformance with the official Anthropic SDK (@anthropic-ai/sdk) on the
// gateway's Messages API door: the same client code (Claude Code's, say)
// gets Anthropic's shapes from an OpenAI, an Anthropic and a Gemini
// deployment behind the gateway, streamed and not, with tools and thinking,
// and the SDK's own error classes.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import Anthropic from '@anthropic-ai/sdk';

import { fakeKeys, fakesConfig, fakeSignature, fakeTokenCounts, startFakes } from './fake_providers.mjs';
import { keyedGatewayKey, startGateway, startKeyedGateway } from './gateway.mjs';

const fakes = {};
let gateway;
let client;

const tools = [{
  name: 'get_weather',
  description: 'Current weather',
  input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
}];
const question = [{ role: 'user', content: 'What is the weather in Oslo?' }];
const request = { max_tokens: 1024, system: 'Be brief.', messages: question, tools };

// The Anthropic SDK adds /v1/messages to its base URL itself.
const rootOf = (baseURL) => baseURL.replace(/\/v1$/, '');

before(async () => {
  Object.assign(fakes, await startFakes());
  gateway = await startGateway(fakesConfig(fakes), fakeKeys);
  client = new Anthropic({ baseURL: rootOf(gateway.baseURL), apiKey: 'gateway-key', maxRetries: 0 });
});

after(async () => {
  await gateway?.stop();
  for (const fake of Object.values(fakes)) fake.close();
});

for (const model of ['gpt', 'claude', 'gemini']) {
  describe(`model ${model}`, () => {
    test('answers a tool call in Anthropic\'s shape', async () => {
      const { data: message, response } = await client.messages.create({ model, ...request }).withResponse();
      assert.equal(message.type, 'message');
      assert.equal(message.role, 'assistant');
      assert.equal(message.model, model);
      assert.match(message.id, /^msg_/);
      assert.match(response.headers.get('request-id'), /\S/);
      assert.equal(message.stop_reason, 'tool_use');
      const call = message.content.find((block) => block.type === 'tool_use');
      assert.match(call.id, /^[A-Za-z0-9_-]+$/);
      assert.equal(call.name, 'get_weather');
      assert.deepEqual(call.input, { city: 'Oslo' });
      assert.ok(message.usage.input_tokens > 0);
      assert.ok(message.usage.output_tokens > 0);
    });

    test('streams events that the SDK assembles into the same message', async () => {
      const stream = client.messages.stream({ model, ...request });
      const events = [];
      stream.on('streamEvent', (event) => events.push(event));
      const message = await stream.finalMessage();

      assert.equal(events.filter((event) => event.type === 'message_start').length, 1);
      assert.equal(events.at(-1).type, 'message_stop');
      assert.equal(events.at(-2).type, 'message_delta');
      // Blocks one at a time, numbered in order, each started and stopped once.
      let open = null;
      let next = 0;
      const inputDeltas = new Map();
      for (const event of events) {
        if (event.type === 'content_block_start') {
          assert.equal(open, null, 'a block starts only when the last one stopped');
          assert.equal(event.index, next++);
          open = event.index;
        } else if (event.type === 'content_block_delta') {
          assert.equal(event.index, open);
          if (event.delta.type === 'input_json_delta') inputDeltas.set(event.index, (inputDeltas.get(event.index) ?? 0) + 1);
        } else if (event.type === 'content_block_stop') {
          assert.equal(event.index, open);
          open = null;
        }
      }
      assert.equal(open, null);
      const callIndex = message.content.findIndex((block) => block.type === 'tool_use');
      assert.ok(inputDeltas.get(callIndex) >= 1, 'a tool_use block gets its input as input_json_delta');
      assert.deepEqual(message.content[callIndex].input, { city: 'Oslo' });
      assert.equal(message.content[callIndex].name, 'get_weather');
      assert.equal(message.stop_reason, 'tool_use');
      assert.ok(message.usage.input_tokens > 0, 'usage is never zero');
      assert.ok(message.usage.output_tokens > 0);
    });

    test('carries a tool result back and answers with text', async () => {
      const message = await client.messages.create({ model, ...request, messages: [
        ...question,
        { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_01A09q90qw90lq917835lq9', name: 'get_weather', input: { city: 'Oslo' } }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_01A09q90qw90lq917835lq9', content: '12C, clear' }] },
      ] });
      assert.equal(message.stop_reason, 'end_turn');
      assert.deepEqual(message.content, [{ type: 'text', text: 'It is 12C in Oslo.' }]);
    });

    test('carries a tool result with a screenshot back, where the provider takes images', async () => {
      const screenshot = { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==' } };
      const message = await client.messages.create({ model, ...request, messages: [
        ...question,
        { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_01A09q90qw90lq917835lq9', name: 'get_weather', input: { city: 'Oslo' } }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_01A09q90qw90lq917835lq9', content: [{ type: 'text', text: '12C, clear' }, screenshot] }] },
      ] });
      assert.equal(message.stop_reason, 'end_turn');
      assert.deepEqual(message.content, [{ type: 'text', text: 'It is 12C in Oslo.' }]);
    });

    test('reports the provider\'s rate limit as the SDK\'s RateLimitError', async () => {
      await assert.rejects(
        client.messages.create({ model, max_tokens: 10, messages: [{ role: 'user', content: 'rate-limit' }] }),
        (error) => error instanceof Anthropic.RateLimitError && error.status === 429 && error.error?.error?.type === 'rate_limit_error');
    });
  });
}

test('a tool result\'s images reach OpenAI in a user message after the results', () => {
  const sent = fakes.openai.received.find((r) => r.body.messages?.some((m) => m.role === 'tool' && Array.isArray(m.content)));
  assert.ok(sent, 'the screenshot call reached OpenAI');
  const [result, images] = sent.body.messages.slice(-2);
  assert.deepEqual(result, { role: 'tool', tool_call_id: 'toolu_01A09q90qw90lq917835lq9', content: [{ type: 'text', text: '12C, clear' }] });
  assert.equal(images.role, 'user');
  assert.equal(images.content[1].type, 'image_url');
  assert.match(images.content[1].image_url.url, /^data:image\/png;base64,/);
});

describe('Anthropic\'s server tools (web search, as Claude Code uses it)', () => {
  const search = { model: 'claude', max_tokens: 1024, messages: [{ role: 'user', content: 'Weather in Oslo?' }],
    tools: [{ type: 'web_search_20250305', name: 'web_search', max_uses: 3 }] };

  test('run on an Anthropic deployment, their calls and results passed back whole', async () => {
    const message = await client.messages.create(search);
    assert.deepEqual(message.content.map((block) => block.type), ['text', 'server_tool_use', 'web_search_tool_result', 'text']);
    assert.deepEqual(message.content[1].input, { query: 'weather Oslo' });
    assert.equal(message.content[2].content[0].url, 'https://www.yr.no/en/forecast/Oslo');
    assert.equal(message.content[3].citations[0].type, 'web_search_result_location', 'citations kept');
    assert.deepEqual(fakes.anthropic.received.at(-1).body.tools, search.tools, 'the tool went as it was');
  });

  test('stream the same blocks', async () => {
    const message = await client.messages.stream(search).finalMessage();
    assert.deepEqual(message.content.map((block) => block.type), ['text', 'server_tool_use', 'web_search_tool_result', 'text']);
    assert.deepEqual(message.content[1].input, { query: 'weather Oslo' });
    assert.equal(message.content[2].tool_use_id, message.content[1].id);
    assert.equal(message.content[3].text, 'It is 12C in Oslo.');
  });

  test('a conversation that goes on after a search sends its blocks back as they came', async () => {
    const searched = await client.messages.create(search);
    const message = await client.messages.create({ ...search, tools: undefined, messages: [
      ...search.messages, { role: 'assistant', content: searched.content }, { role: 'user', content: 'And tomorrow?' }] });
    assert.equal(message.type, 'message');
    const sent = fakes.anthropic.received.at(-1).body.messages[1].content;
    assert.deepEqual(sent.map((block) => block.type), ['text', 'server_tool_use', 'web_search_tool_result', 'text']);
    assert.deepEqual(sent[2], searched.content[2], 'the results went back whole');
    await assert.rejects(client.messages.create({ ...search, model: 'gpt', tools: undefined, messages: [
      ...search.messages, { role: 'assistant', content: searched.content }, { role: 'user', content: 'And tomorrow?' }] }),
    (error) => error instanceof Anthropic.BadRequestError && /only an Anthropic deployment/.test(error.message));
  });

  test('a document (a PDF) goes to an Anthropic deployment whole, and no other', async () => {
    const pdf = { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: 'JVBERi0xLjQK' }, title: 'Forecast' };
    const request = { model: 'claude', max_tokens: 64, messages: [{ role: 'user', content: [pdf, { type: 'text', text: 'Summarise it.' }] }] };
    await client.messages.create(request);
    assert.deepEqual(fakes.anthropic.received.at(-1).body.messages[0].content[0], pdf);
    await assert.rejects(client.messages.create({ ...request, model: 'gpt' }),
      (error) => error instanceof Anthropic.BadRequestError && /only an Anthropic deployment/.test(error.message));
  });

  test('are refused on any other model, naming the tool', async () => {
    for (const model of ['gpt', 'gemini']) {
      await assert.rejects(client.messages.create({ ...search, model }),
        (error) => error instanceof Anthropic.BadRequestError && error.status === 400 && /server tools/.test(error.message));
    }
  });
});

test('each provider received its own wire format', () => {
  const openai = fakes.openai.received.find((r) => r.body.messages?.some((m) => m.role === 'tool'));
  assert.equal(openai.url, '/v1/chat/completions');
  assert.deepEqual(openai.body.messages.at(-1), { role: 'tool', tool_call_id: 'toolu_01A09q90qw90lq917835lq9', content: '12C, clear' });
  assert.equal(openai.body.max_completion_tokens, 1024);
  const anthropic = fakes.anthropic.received.find((r) => r.body.messages.at(-1).content[0].type === 'tool_result');
  assert.equal(anthropic.url, '/v1/messages');
  assert.equal(anthropic.body.model, 'claude-sonnet-4-5');
  assert.ok(fakes.gemini.received.some((r) => 'functionResponse' in r.body.contents.at(-1).parts[0]));
});

test('counts tokens as the provider counts them, else estimates', async () => {
  const counted = await client.messages.countTokens({ model: 'claude', system: 'Be brief.', messages: question, tools });
  assert.equal(counted.input_tokens, fakeTokenCounts.anthropic, 'Anthropic counted');
  const sent = fakes.anthropic.received.at(-1);
  assert.equal(sent.url, '/v1/messages/count_tokens');
  assert.equal(sent.body.model, 'claude-sonnet-4-5');
  assert.ok(sent.body.system && sent.body.tools, 'what counts is sent');
  assert.ok(!('max_tokens' in sent.body), 'what the endpoint refuses is not');

  const gemini = await client.messages.countTokens({ model: 'gemini', messages: question, tools });
  assert.equal(gemini.input_tokens, fakeTokenCounts.gemini, 'Gemini counted');
  const { data, response } = await client.messages.countTokens({ model: 'gpt', messages: question }).withResponse();
  assert.ok(data.input_tokens > 0);
  assert.equal(response.headers.get('x-llmgw-token-count'), 'estimated', 'OpenAI has no count: the gateway estimates');
});

describe('Anthropic\'s own fields', () => {
  const thinking = { type: 'enabled', budget_tokens: 2048 };
  const fields = { thinking, top_k: 5, metadata: { user_id: 'user-7' }, system: [{ type: 'text', text: 'Be brief.', cache_control: { type: 'ephemeral' } }] };

  test('reach an Anthropic deployment verbatim, and no other', async () => {
    const message = await client.messages.create({ model: 'claude', ...request, ...fields });
    const sent = fakes.anthropic.received.at(-1).body;
    assert.deepEqual(sent.thinking, thinking);
    assert.equal(sent.top_k, 5);
    assert.deepEqual(sent.metadata, { user_id: 'user-7' });
    assert.deepEqual(sent.system, fields.system);
    assert.deepEqual(message.content[0], { type: 'thinking', thinking: 'The user wants the weather.', signature: fakeSignature });

    await client.messages.create({ model: 'gpt', ...request, ...fields });
    const other = fakes.openai.received.at(-1).body;
    for (const field of ['thinking', 'top_k', 'metadata']) assert.ok(!(field in other), field);
    assert.equal(JSON.stringify(other).includes('cache_control'), false);
  });

  test('the client\'s betas reach an Anthropic deployment, and no other', async () => {
    const betas = ['interleaved-thinking-2025-05-14', 'fine-grained-tool-streaming-2025-05-14'];
    await client.beta.messages.create({ model: 'claude', ...request, betas });
    const sent = fakes.anthropic.received.at(-1);
    assert.match(sent.url, /^\/v1\/messages/);
    assert.equal(sent.headers['anthropic-beta'], betas.join(','));
    await client.beta.messages.create({ model: 'gemini', ...request, betas });
    assert.equal(fakes.gemini.received.at(-1).headers['anthropic-beta'], undefined);
  });

  test('a streamed thinking block keeps its signature, and goes back in the next turn unchanged', async () => {
    const stream = client.messages.stream({ model: 'claude', ...request, thinking });
    const first = await stream.finalMessage();
    assert.deepEqual(first.content[0], { type: 'thinking', thinking: 'The user wants the weather.', signature: fakeSignature });
    const call = first.content.find((block) => block.type === 'tool_use');
    await client.messages.create({ model: 'claude', ...request, thinking, messages: [
      ...question,
      { role: 'assistant', content: first.content },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: call.id, content: '12C' }] },
    ] });
    const sent = fakes.anthropic.received.at(-1).body;
    assert.deepEqual(sent.messages[1].content[0], first.content[0]);
  });
});

test('an unknown model is the SDK\'s NotFoundError', async () => {
  await assert.rejects(
    client.messages.create({ model: 'no-such-model', max_tokens: 10, messages: question }),
    (error) => error instanceof Anthropic.NotFoundError && error.error?.error?.type === 'not_found_error');
});

test('no provider key reaches the gateway log', () => {
  for (const secret of Object.values(fakeKeys)) assert.ok(!gateway.log().includes(secret));
});

describe('gateway API keys', () => {
  let keyed;
  before(async () => {
    keyed = await startKeyedGateway();
  });
  after(async () => { await keyed?.stop(); });
  const sdk = (apiKey) => new Anthropic({ baseURL: rootOf(keyed.baseURL), apiKey, maxRetries: 0 });

  test('the SDK\'s x-api-key is the gateway key', async () => {
    const message = await sdk(keyedGatewayKey).messages.create({ model: 'mock-echo', max_tokens: 10, messages: [{ role: 'user', content: 'hi there' }] });
    assert.deepEqual(message.content, [{ type: 'text', text: 'hi there' }]);
  });

  test('a wrong key is the SDK\'s AuthenticationError', async () => {
    await assert.rejects(
      sdk('gw-wrong').messages.create({ model: 'mock-echo', max_tokens: 10, messages: question }),
      (error) => error instanceof Anthropic.AuthenticationError && error.error?.error?.type === 'authentication_error');
  });

  test('a model outside the key\'s list is the SDK\'s PermissionDeniedError', async () => {
    await assert.rejects(
      sdk(keyedGatewayKey).messages.create({ model: 'mock-other', max_tokens: 10, messages: question }),
      (error) => error instanceof Anthropic.PermissionDeniedError && error.error?.error?.type === 'permission_error');
  });
});
