#pragma once

#include <cstdint>
#include <string>

#include <boost/asio/awaitable.hpp>
#include <boost/json/value.hpp>

#include "adapters/inbound/http/front_door.hpp"
#include "adapters/inbound/http/http_api.hpp"
#include "adapters/inbound/http/json_rpc_messages.hpp"
#include "application/complete_chat.hpp"
#include "application/list_models.hpp"
#include "application/metering.hpp"
#include "application/model_tiers.hpp"
#include "application/provider_health.hpp"
#include "application/stream_chat.hpp"
#include "observability/metrics/metrics.hpp"

namespace llmgw::adapters {

struct JsonRpcUseCases {
    const application::AccessPolicy& access;
    application::CompleteChat& complete_chat;
    application::StreamChat& stream_chat;
    application::ListModels& list_models;
    application::ProviderHealth& provider_health;
    application::Metering& metering;  // opens each model call's ledger row
    // llm.metrics: the gateway's metrics, to the admin key only; none: no
    // such method.
    const observability::MetricsRegistry* metrics = nullptr;
    // llm.select_model: the model tiers.
    const application::ModelTiers* tiers = nullptr;
};

// JSON-RPC 2.0 on `POST /v1/jsonrpc`, a thin translator onto the same use
// cases (and so the same policy, ledger, cache, limits, traces and metrics)
// as the OpenAI door:
//
//   llm.complete   params: a chat request as /v1/chat/completions takes it,
//                  plus `a2a_context` {trace_id, source_agent, session_id};
//                  result: the chat completion
//   llm.stream     the same params; the answer is an event stream of
//                  `llm.chunk` notifications (params: each chat completion
//                  chunk), then the response with the whole completion
//   llm.models     result: the models the caller may use
//   llm.select_model  params: {tier (or model "tier:<name>"), strategy?};
//                  result: the model a request to the tier would get now,
//                  and what the choice weighed
//   llm.health     result: each deployment's state
//   llm.metrics    result: {"format":"prometheus","text": the exposition
//                  of GET /metrics}; the admin key only
//
// Batches (up to 100 calls, run at once, answered in order; not llm.stream) and
// notifications (no answer; a body of notifications only is a 204) as the
// specification says. Errors carry the specification's codes and the
// gateway's (json_rpc_messages.hpp), with the OpenAI-style type, code and
// HTTP status in `data`. Each call of a batch is a request of its own in
// the ledger (the batch's request id with `-1`, `-2`, ... after it).
class JsonRpcApi final : public HttpApi {
public:
    static constexpr std::size_t max_batch = 100;

    JsonRpcApi(JsonRpcUseCases use_cases, const domain::Clock& clock);

    boost::asio::awaitable<void> handle(const Request& request, Exchange& exchange) override;

private:
    // The answer to one call: its result as JSON text, or its error.
    struct Answer {
        std::string result;
        std::optional<RpcError> error;
    };
    // Runs every call of `body` that can run, each answer into its place.
    boost::asio::awaitable<bool> run_calls(RpcBody& body, const domain::RequestContext& context,
                                           std::vector<Answer>& answers, Exchange& exchange);
    boost::asio::awaitable<void> answer_into(Answer& into, RpcCall& call, domain::RequestContext context,
                                             Exchange& exchange);
    boost::asio::awaitable<Answer> call(RpcCall& call, domain::RequestContext context, Exchange& exchange);
    boost::asio::awaitable<Answer> complete(boost::json::object& params, domain::RequestContext context,
                                            const Exchange& exchange);
    boost::asio::awaitable<void> stream(RpcCall& call, domain::RequestContext context, Exchange& exchange);
    Answer models(const domain::RequestContext& context) const;
    Answer select_model(const boost::json::value& params, const domain::RequestContext& context,
                        const Exchange& exchange) const;
    Answer metrics(const domain::RequestContext& context, const Exchange& exchange) const;
    RpcError error_of(const domain::Error& error, const Exchange& exchange) const;

    JsonRpcUseCases use_cases_;
    const domain::Clock& clock_;
    const RequestContexts contexts_;
};

}  // namespace llmgw::adapters
