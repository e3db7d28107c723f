#pragma once

#include "adapters/inbound/http/exchange.hpp"
#include "domain/cache.hpp"
#include "domain/rate_limit.hpp"
#include "domain/request_context.hpp"

namespace llmgw::adapters {

// What a use case tells of a request for its answer's headers, owned by the
// front door's handler for as long as the request runs: how the response
// cache took part, and what is left of the caller's rate limits.
struct AnswerStatus {
    domain::CacheStatus cache;
    domain::RateLimitStatus rate_limits;

    // Points `context` here, for the use case to fill.
    void attach(domain::RequestContext& context) noexcept {
        context.cache_status = &cache;
        context.rate_limit_status = &rate_limits;
    }
};

// Tells the client (before its answer's first byte): x-llmgw-cache and
// `age` (cache_headers.hpp), and OpenAI's x-ratelimit-{limit,remaining,
// reset}-{requests,tokens} for the tightest windows that apply to it.
void tell_answer_status(Exchange& exchange, const AnswerStatus& status);

}  // namespace llmgw::adapters
