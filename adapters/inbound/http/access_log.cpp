#include "adapters/inbound/http/access_log.hpp"

#include <array>
#include <charconv>
#include <cstdio>
#include <string>

#include "adapters/common/traceparent.hpp"
#include "adapters/common/usd_text.hpp"

namespace llmgw::adapters {
namespace {

// Small numbers as text, without an allocation each.
class Number {
public:
    explicit Number(std::int64_t value) {
        const auto [end, error] = std::to_chars(text_.data(), text_.data() + text_.size(), value);
        size_ = static_cast<std::size_t>(end - text_.data());
    }
    std::string_view view() const noexcept { return {text_.data(), size_}; }

private:
    std::array<char, 24> text_{};
    std::size_t size_ = 0;
};

// Milliseconds with three decimals: "12.345".
class Milliseconds {
public:
    explicit Milliseconds(std::chrono::steady_clock::duration took) {
        const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(took).count();
        size_ = static_cast<std::size_t>(std::snprintf(text_.data(), text_.size(), "%lld.%03lld",
                                                       static_cast<long long>(micros / 1000),
                                                       static_cast<long long>(micros % 1000)));
    }
    std::string_view view() const noexcept { return {text_.data(), size_}; }

private:
    std::array<char, 32> text_{};
    std::size_t size_ = 0;
};

}  // namespace

void log_access(observability::Logger& logger, const AccessEntry& entry) {
    if (!logger.enabled(observability::LogLevel::info)) return;
    using Field = observability::Logger::Field;
    const auto trace_id = trace_id_hex(*entry.trace);
    const auto span_id = span_id_hex(*entry.trace);
    const Number status(entry.status);
    const Milliseconds latency(entry.took);
    std::array<Field, 25> fields;
    std::size_t count = 0;
    const auto add = [&](std::string_view name, std::string_view value) { fields[count++] = {name, value}; };
    add("request_id", entry.request_id);
    if (!entry.client_request_id.empty()) add("client_request_id", entry.client_request_id);
    add("trace_id", trace_id);
    add("span_id", span_id);
    add("method", entry.method);
    add("path", entry.path);
    add("status", status.view());
    add("latency_ms", latency.view());
    add("duration_ms", latency.view());  // the name of the first releases
    add("client_address", entry.client_address);
    const auto* outcome = entry.outcome && entry.outcome->known ? entry.outcome : nullptr;
    if (!outcome) return logger.log(observability::LogLevel::info, "request", std::span(fields.data(), count));

    const Number prompt_tokens(outcome->usage.prompt_tokens);
    const Number completion_tokens(outcome->usage.completion_tokens);
    const Number attempts(outcome->attempts);
    const auto cost = usd_text(outcome->cost);
    const std::optional<Number> ttft = outcome->ttft_ms ? std::optional<Number>(Number(*outcome->ttft_ms)) : std::nullopt;
    add("model", outcome->model);
    if (!outcome->served_model.empty()) add("served_model", outcome->served_model);
    if (!outcome->provider.empty()) add("provider", outcome->provider);
    add("stream", outcome->stream ? "true" : "false");
    add("prompt_tokens", prompt_tokens.view());
    add("completion_tokens", completion_tokens.view());
    add("cost_usd", cost);
    // hit, miss, bypass or coalesced; with the cache off, miss.
    const auto cache = outcome->cache != domain::CacheOutcome::none ? domain::to_string(outcome->cache)
                                                                   : std::string_view(outcome->cache_hit ? "hit" : "miss");
    add("cache", cache);
    add("attempts", attempts.view());
    if (ttft) add("ttft_ms", ttft->view());
    if (!outcome->api_key_id.empty()) add("key_id", outcome->api_key_id);
    if (!outcome->team.empty()) add("team", outcome->team);
    if (!outcome->error_code.empty()) add("error", outcome->error_code);
    logger.log(observability::LogLevel::info, "request", std::span(fields.data(), count));
}

}  // namespace llmgw::adapters
