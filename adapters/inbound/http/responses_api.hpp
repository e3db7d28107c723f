#pragma once

#include <boost/asio/awaitable.hpp>

#include "adapters/inbound/http/front_door.hpp"
#include "adapters/inbound/http/http_api.hpp"
#include "application/stored_responses.hpp"

namespace llmgw::adapters {

// OpenAI's Responses API on `POST /v1/responses`, a thin translator onto the
// chat use cases (and so the same policy, ledger, cache, limits, traces and
// metrics as every door), to any configured model: the request as the chat
// request it asks for (responses_request_json.hpp), the answer as a
// `response` object, or with `stream: true` as the Responses event stream.
// Errors are OpenAI's, as on every OpenAI route; once a stream has begun,
// an `error` event and `response.failed`.
//
// With `store: true` the response is kept (StoredResponses) before its last
// byte goes out, so that `previous_response_id` continues it at once; and
// `GET /v1/responses/{id}`, `DELETE /v1/responses/{id}` and
// `GET /v1/responses/{id}/input_items` read and delete it, for its key only.
class ResponsesApi final : public HttpApi {
public:
    ResponsesApi(ChatDoorUseCases use_cases, const application::StoredResponses& stored, const domain::Clock& clock)
        : use_cases_(use_cases), stored_(stored), clock_(clock), contexts_(use_cases.access, clock) {}

    boost::asio::awaitable<void> handle(const Request& request, Exchange& exchange) override;

private:
    // `path` is what follows /responses/: an id, or an id and /input_items.
    boost::asio::awaitable<void> handle_stored(const Request& request, Exchange& exchange, std::string_view path);

    ChatDoorUseCases use_cases_;
    const application::StoredResponses& stored_;
    const domain::Clock& clock_;
    const RequestContexts contexts_;
};

}  // namespace llmgw::adapters
