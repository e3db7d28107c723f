// Conformance with the Vercel AI SDK (`ai`) as applications use it: its
// default OpenAI provider (`openai(model)`, which calls the Responses API)
// and its Anthropic provider (the Messages API), each pointed at the gateway,
// against deployments of every provider kind in their real wire formats.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateText, jsonSchema, streamText, tool } from 'ai';
import { createOpenAI } from '@ai-sdk/openai';
import { createAnthropic } from '@ai-sdk/anthropic';

import { fakeKeys, fakesConfig, startFakes } from './fake_providers.mjs';
import { startGateway } from './gateway.mjs';

const fakes = {};
let gateway;
let providers;

// A tool the model is asked to call, with no execute: the SDK hands the call back.
const tools = {
  get_weather: tool({
    description: 'Current weather',
    inputSchema: jsonSchema({ type: 'object', properties: { city: { type: 'string' } }, required: ['city'] }),
  }),
};
const prompt = 'What is the weather in Oslo?';

before(async () => {
  Object.assign(fakes, await startFakes());
  gateway = await startGateway(fakesConfig(fakes), fakeKeys);
  providers = {
    openai: createOpenAI({ baseURL: gateway.baseURL, apiKey: 'gateway-key' }),
    anthropic: createAnthropic({ baseURL: gateway.baseURL, apiKey: 'gateway-key' }),
  };
});

after(async () => {
  await gateway?.stop();
  for (const fake of Object.values(fakes)) fake.close();
});

for (const sdk of ['openai', 'anthropic']) {
  for (const model of ['gpt', 'claude', 'gemini']) {
    describe(`the ${sdk} provider, model ${model}`, () => {
      test('generateText returns the tool call', async () => {
        const result = await generateText({ model: providers[sdk](model), system: 'Be brief.', prompt, tools, maxRetries: 0 });
        assert.equal(result.finishReason, 'tool-calls');
        assert.equal(result.toolCalls.length, 1);
        assert.equal(result.toolCalls[0].toolName, 'get_weather');
        assert.deepEqual(result.toolCalls[0].input, { city: 'Oslo' });
        assert.ok(result.usage.inputTokens > 0);
        assert.ok(result.usage.outputTokens > 0);
      });

      test('streamText streams the tool call', async () => {
        const result = streamText({ model: providers[sdk](model), prompt, tools, maxRetries: 0, onError: () => {} });
        const parts = [];
        for await (const part of result.fullStream) parts.push(part);
        assert.ok(!parts.some((part) => part.type === 'error'), JSON.stringify(parts.find((part) => part.type === 'error')));
        const calls = await result.toolCalls;
        assert.equal(calls.length, 1);
        assert.deepEqual(calls[0].input, { city: 'Oslo' });
        assert.equal(await result.finishReason, 'tool-calls');
        assert.ok((await result.usage).outputTokens > 0);
      });

      test('a tool result comes back as text', async () => {
        const result = await generateText({
          model: providers[sdk](model),
          maxRetries: 0,
          tools,
          messages: [
            { role: 'user', content: prompt },
            { role: 'assistant', content: [{ type: 'tool-call', toolCallId: 'call_abc123', toolName: 'get_weather', input: { city: 'Oslo' } }] },
            { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'call_abc123', toolName: 'get_weather', output: { type: 'text', value: '12C' } }] },
          ],
        });
        assert.equal(result.text, 'It is 12C in Oslo.');
        assert.equal(result.finishReason, 'stop');
      });
    });
  }
}

test('the openai provider reached the Responses API, the anthropic one the Messages API', () => {
  const log = gateway.log();
  assert.match(log, /"path":"\/v1\/responses"/);
  assert.match(log, /"path":"\/v1\/messages"/);
});
