// The content guardrails' CPU cost: every built-in detector over a 4 KB
// prompt (the target is at most 20 µs), and the screening of a request's
// texts with redaction, against nothing at all with guardrails off.

#include <benchmark/benchmark.h>

#include "application/content_guarding.hpp"
#include "domain/guardrails/detectors.hpp"

namespace {
using namespace llmgw;

// About 4 KB of an agent's prompt: prose, code, numbers and dates, with an
// e-mail address, a phone number, an IP address and a key in each KB.
std::string four_kilobyte_prompt() {
    const std::string kilobyte =
        "You are a support assistant for the payments team. The customer wrote on 2024-03-18 at 10:42 about "
        "invoice 88231-A, which was charged twice (order numbers 4415 and 4416, version 2.14.1 of the app). "
        "Reply to jane.doe@example.com or call +1 415 555 0100; the request came from 10.20.30.40 via the "
        "gateway. Do not repeat the customer's api_key=Zx9fQ2LmN8vR4tY7 in the answer. Summarise the "
        "ticket, list what was tried (a refund of $129.99 on 03/19, a retry of the webhook with "
        "std::vector<Event> events; a timeout of 30 s), and say what the next step is for the on-call "
        "engineer. Keep it under 120 words, in plain English, without tables, and end with a polite close. "
        "Context: the service runs in three regions, each with two replicas behind a load balancer.\n";
    std::string prompt;
    while (prompt.size() < 4096) prompt += kilobyte;
    prompt.resize(4096);
    return prompt;
}

void ScanFourKilobytesWithEveryDetector(benchmark::State& state) {
    const auto prompt = four_kilobyte_prompt();
    std::vector<domain::Finding> findings;
    for (auto _ : state) {
        findings.clear();
        domain::find_entities(prompt, domain::EntitySet{}.set(), findings);
        domain::keep_disjoint(findings);
        benchmark::DoNotOptimize(findings.data());
    }
    state.counters["findings"] = static_cast<double>(findings.size());
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * prompt.size()));
}
BENCHMARK(ScanFourKilobytesWithEveryDetector);

// A request's screening: 0, no guardrails (what every request pays when
// none are configured); 1, the gateway's redact policy, which rewrites
// the prompt's findings into placeholders (timed with the copy of the
// 4 KB request it rewrites).
void ScreenFourKilobyteRequest(benchmark::State& state) {
    std::vector<std::string> kinds;
    for (std::size_t i = 0; i < domain::builtin_entity_count; ++i) {
        kinds.emplace_back(domain::to_string(static_cast<domain::Entity>(i)));
    }
    std::vector<domain::GuardrailPolicy> policies;
    if (state.range(0)) policies.push_back({.scope = domain::PolicyScope::global});
    const application::ContentGuarding guarding(std::move(policies), kinds);
    auto request = domain::ChatRequest{};
    request.model = "gpt";
    request.messages.push_back({.content = {domain::ContentPart::make_text(four_kilobyte_prompt())}});
    domain::LedgerRow row;
    const domain::RequestContext context{.row = &row};
    if (!state.range(0)) {
        for (auto _ : state) {
            auto screen = guarding.screen(context, request.model);
            benchmark::DoNotOptimize(screen.looks_at_input());
        }
        return;
    }
    for (auto _ : state) {
        auto copy = request;
        auto screen = guarding.screen(context, copy.model);
        benchmark::DoNotOptimize(screen.screen_request(copy));
        row.pii_findings.clear();
    }
}
BENCHMARK(ScreenFourKilobyteRequest)->Arg(0)->Arg(1);

}  // namespace
