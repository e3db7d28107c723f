#include "application/stream_chat.hpp"

#include "application/guarded_chunk_sink.hpp"
#include "application/model_call.hpp"
#include "domain/stream_replay.hpp"

namespace llmgw::application {

namespace {

// Passes the client's chunks on and keeps the whole answer they make; for
// the lead of a flight, also hands each one to the followers, and goes on
// for them when its own client has left.
class AssemblingSink final : public domain::ChunkSink {
public:
    AssemblingSink(domain::ChunkSink& client, std::optional<CallCoalescing::Lead>& lead)
        : client_(client), lead_(lead) {}

    boost::asio::awaitable<domain::Result<void>> on_chunk(const domain::StreamChunk& chunk) override {
        assembler_.add(chunk);
        if (lead_) lead_->publish(chunk);
        if (!client_left_) {
            auto sent = co_await client_.on_chunk(chunk);
            if (sent || !lead_ || !lead_->followed()) co_return sent;
            client_left_ = true;
        }
        // Nobody is left to stream for: the stream stops.
        if (!lead_->followed()) {
            co_return domain::make_error(domain::ErrorCode::client_closed, "The client closed the connection.");
        }
        co_return domain::success();
    }
    void on_served_by(const domain::Deployment& deployment) override {
        if (lead_) lead_->served_by(deployment.model);
        client_.on_served_by(deployment);
    }

    domain::StreamAssembler& assembler() noexcept { return assembler_; }

private:
    domain::ChunkSink& client_;
    std::optional<CallCoalescing::Lead>& lead_;
    domain::StreamAssembler assembler_;
    bool client_left_ = false;
};

}  // namespace

boost::asio::awaitable<domain::Result<domain::StreamSummary>> StreamChat::operator()(domain::RequestContext context,
                                                                                    domain::ChatRequest request,
                                                                                    domain::ChunkSink& sink) {
    BOOST_OUTCOME_CO_TRY(policy_.admit(context, request));
    BOOST_OUTCOME_CO_TRY(const Route* primary, resilience_.router().resolve(request.model));
    const auto estimate = Metering::estimated_usage(request);
    BOOST_OUTCOME_CO_TRY(auto rates, co_await policy_.limit_rate(context, request.model, rate_demand(*primary, estimate)));
    BOOST_OUTCOME_CO_TRY(auto screen, policy_.guard_content(context, request));
    GuardedChunkSink guarded(sink, screen);

    const auto plan = caching_.plan(context, request);
    std::optional<CallCoalescing::Lead> lead;
    if (plan.key) {
        const auto& router = resilience_.router();
        const ResponseCaching::DeploymentOf deployment_of = [&](std::string_view model) -> const domain::Deployment& {
            return answering_route(router, *primary, model).deployment;
        };
        BOOST_OUTCOME_CO_TRY(auto found, co_await caching_.find_stream(plan, context, guarded, deployment_of));
        if (const auto& told = found.told) {
            metering_.book_cache_hit(context, deployment_of(told->model), told->usage);
            domain::Result<domain::StreamSummary> replayed(*told);
            co_return co_await finish_guarded(guarded, replayed);
        }
        lead = std::move(found.lead);
    }
    AssemblingSink assembling(guarded, lead);
    auto& client = plan.key ? static_cast<domain::ChunkSink&>(assembling) : guarded;
    auto stream = stream_model(
        resilience_, metering_, context, request.model, estimate, client,
        [&](const Route& route, const domain::Attempt& attempt, domain::ChunkSink& metered) {
            return route.transport->stream(request, attempt, metered);
        });
    if (lead) stream = lead->carry(std::move(stream));
    auto streamed = co_await std::move(stream);
    // Only an answer that ended normally, as the client got it.
    if (streamed && plan.key) co_await caching_.store_stream(plan, assembling.assembler(), streamed.value(), lead);
    co_return co_await finish_guarded(guarded, streamed);
}

}  // namespace llmgw::application
