// The gateway's own CPU cost on the hot path of a proxied chat request:
// parsing the client's JSON, writing the upstream body, parsing the
// upstream's answer or stream, and writing the client's answer.

#include <benchmark/benchmark.h>

#include <boost/json/parse.hpp>

#include "adapters/openai_format/chat_request_json.hpp"
#include "adapters/openai_format/chat_response_json.hpp"
#include "adapters/openai_format/stream_chunk_json.hpp"
#include "adapters/sse/sse_parser.hpp"

namespace {
using namespace llmgw;

// A typical agent turn: system prompt, a few turns, one tool, ~1.5 KB.
const std::string request_body = R"({"model":"gpt-4.1-mini","temperature":0.2,"max_tokens":512,"user":"svc-search",
 "messages":[{"role":"system","content":"You are a careful assistant for an internal search service. Answer briefly and cite the document ids you used."},
  {"role":"user","content":"Which of our services handle invoice reconciliation, and who owns them?"},
  {"role":"assistant","content":null,"tool_calls":[{"id":"call_8f2","type":"function","function":{"name":"search_catalog","arguments":"{\"query\":\"invoice reconciliation\",\"limit\":5}"}}]},
  {"role":"tool","tool_call_id":"call_8f2","content":"[{\"id\":\"svc-142\",\"name\":\"recon-engine\",\"owner\":\"payments-core\"},{\"id\":\"svc-377\",\"name\":\"ledger-sync\",\"owner\":\"finance-platform\"}]"},
  {"role":"user","content":"Summarise that in two sentences."}],
 "tools":[{"type":"function","function":{"name":"search_catalog","description":"Search the service catalog","parameters":{"type":"object","properties":{"query":{"type":"string"},"limit":{"type":"integer"}},"required":["query"]}}}],
 "response_format":{"type":"text"},"seed":42})";

const std::string response_body = R"({"id":"chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT","object":"chat.completion","created":1741569952,
 "model":"gpt-4.1-mini-2025-04-14","choices":[{"index":0,"message":{"role":"assistant","content":"Invoice reconciliation is handled by recon-engine (svc-142, owned by payments-core) and ledger-sync (svc-377, owned by finance-platform). Both read from the shared ledger.","refusal":null,"annotations":[]},
 "logprobs":null,"finish_reason":"stop"}],"usage":{"prompt_tokens":212,"completion_tokens":41,"total_tokens":253,
 "prompt_tokens_details":{"cached_tokens":0,"audio_tokens":0},"completion_tokens_details":{"reasoning_tokens":0,"audio_tokens":0,"accepted_prediction_tokens":0,"rejected_prediction_tokens":0}},
 "service_tier":"default","system_fingerprint":"fp_b376dfbbd5"})";

std::string upstream_stream(int chunks) {
    std::string stream;
    for (int i = 0; i < chunks; ++i) {
        stream += R"(data: {"id":"chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT","object":"chat.completion.chunk","created":1741569952,"model":"gpt-4.1-mini-2025-04-14","service_tier":"default","system_fingerprint":"fp_b376dfbbd5","choices":[{"index":0,"delta":{"content":" token"},"logprobs":null,"finish_reason":null}],"usage":null})";
        stream += "\n\n";
    }
    return stream;
}

void ParseClientRequest(benchmark::State& state) {
    for (auto _ : state) {
        auto json = boost::json::parse(request_body);
        auto request = adapters::parse_chat_request(json.as_object());
        benchmark::DoNotOptimize(request);
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * request_body.size()));
}
BENCHMARK(ParseClientRequest);

void WriteUpstreamRequest(benchmark::State& state) {
    const auto request = adapters::parse_chat_request(boost::json::parse(request_body).as_object()).value();
    for (auto _ : state) benchmark::DoNotOptimize(adapters::write_chat_request(request, "gpt-4.1-mini", false));
}
BENCHMARK(WriteUpstreamRequest);

void ParseUpstreamResponseAndWriteClientResponse(benchmark::State& state) {
    for (auto _ : state) {
        auto response = adapters::parse_chat_response(boost::json::parse(response_body).as_object()).value();
        benchmark::DoNotOptimize(adapters::write_chat_response(response, {"chatcmpl-x", 1741569952, "fast"}));
    }
}
BENCHMARK(ParseUpstreamResponseAndWriteClientResponse);

// Per streamed token: SSE framing, JSON parse, translation, client chunk.
void RelayStreamChunk(benchmark::State& state) {
    const auto stream = upstream_stream(100);
    const adapters::AnswerIdentity identity{"chatcmpl-x", 1741569952, "fast"};
    std::vector<adapters::SseEvent> events;
    for (auto _ : state) {
        adapters::SseParser parser;
        events.clear();
        parser.feed(stream, events);
        for (const auto& event : events) {
            auto chunk = adapters::parse_upstream_chunk(boost::json::parse(event.data).as_object()).value();
            for (const auto& piece : chunk.chunks) benchmark::DoNotOptimize(adapters::write_chunk(identity, piece, false));
        }
    }
    state.SetItemsProcessed(state.iterations() * 100);
}
BENCHMARK(RelayStreamChunk);

}  // namespace

BENCHMARK_MAIN();
