#pragma once

#include <boost/asio/awaitable.hpp>

#include "adapters/inbound/http/front_door.hpp"
#include "adapters/inbound/http/http_api.hpp"

namespace llmgw::adapters {

// OpenAI's Responses API on `POST /v1/responses`, a thin translator onto the
// chat use cases (and so the same policy, ledger, cache, limits, traces and
// metrics as every door), to any configured model: the request as the chat
// request it asks for (responses_request_json.hpp), the answer as a
// `response` object, or with `stream: true` as the Responses event stream.
// Errors are OpenAI's, as on every OpenAI route; once a stream has begun,
// an `error` event and `response.failed`. Nothing is stored: `store` is
// answered false and `previous_response_id` is refused.
class ResponsesApi final : public HttpApi {
public:
    ResponsesApi(ChatDoorUseCases use_cases, const domain::Clock& clock)
        : use_cases_(use_cases), clock_(clock), contexts_(use_cases.access, clock) {}

    boost::asio::awaitable<void> handle(const Request& request, Exchange& exchange) override;

private:
    ChatDoorUseCases use_cases_;
    const domain::Clock& clock_;
    const RequestContexts contexts_;
};

}  // namespace llmgw::adapters
