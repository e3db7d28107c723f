#pragma once

#include <boost/asio/awaitable.hpp>

#include "adapters/inbound/http/front_door.hpp"
#include "adapters/inbound/http/http_api.hpp"
#include "application/count_tokens.hpp"

namespace llmgw::adapters {

// Anthropic's Messages API, a thin translator onto the same use cases (and
// so the same policy, ledger, cache, limits, traces and metrics) as the
// OpenAI door, to any configured model:
//
//   POST /v1/messages                the answer as Anthropic gives it, whole
//                                    or (`stream: true`) as its event stream
//   POST /v1/messages/count_tokens   {"input_tokens": the gateway's estimate}
//
// The key may come as `x-api-key` (as Anthropic's clients send it) or any
// way the OpenAI door takes it; `anthropic-version` is accepted and not
// needed. Errors are Anthropic's: {"type":"error","error":{"type","message"}}
// with the status the OpenAI door would give, also as an `error` event
// once a stream has begun. Every response names its request in `request-id`.
class AnthropicMessagesApi final : public HttpApi {
public:
    AnthropicMessagesApi(ChatDoorUseCases use_cases, const application::CountTokens& count_tokens,
                         const domain::Clock& clock)
        : use_cases_(use_cases), count_tokens_(count_tokens), contexts_(use_cases.access, clock) {}

    boost::asio::awaitable<void> handle(const Request& request, Exchange& exchange) override;

private:
    boost::asio::awaitable<void> messages(domain::ChatRequest chat, domain::RequestContext context, Exchange& exchange);
    boost::asio::awaitable<void> stream(domain::ChatRequest chat, domain::RequestContext context,
                                        application::RequestRecord& record, Exchange& exchange);

    boost::asio::awaitable<void> count(domain::ChatRequest chat, const domain::RequestContext& context,
                                       Exchange& exchange);

    ChatDoorUseCases use_cases_;
    const application::CountTokens& count_tokens_;
    const RequestContexts contexts_;
};

}  // namespace llmgw::adapters
