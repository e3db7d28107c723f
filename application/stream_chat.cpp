#include "application/stream_chat.hpp"

#include "application/model_call.hpp"
#include "domain/stream_replay.hpp"

namespace llmgw::application {

namespace {

// Passes the client's chunks on and keeps the whole answer they make.
class AssemblingSink final : public domain::ChunkSink {
public:
    explicit AssemblingSink(domain::ChunkSink& client) : client_(client) {}

    boost::asio::awaitable<domain::Result<void>> on_chunk(const domain::StreamChunk& chunk) override {
        assembler_.add(chunk);
        return client_.on_chunk(chunk);
    }
    void on_served_by(const domain::Deployment& deployment) override { client_.on_served_by(deployment); }

    domain::StreamAssembler& assembler() noexcept { return assembler_; }

private:
    domain::ChunkSink& client_;
    domain::StreamAssembler assembler_;
};

}  // namespace

boost::asio::awaitable<domain::Result<domain::StreamSummary>> StreamChat::operator()(domain::RequestContext context,
                                                                                    domain::ChatRequest request,
                                                                                    domain::ChunkSink& sink) {
    BOOST_OUTCOME_CO_TRY(policy_.admit(context, request));
    BOOST_OUTCOME_CO_TRY(const Route* primary, resilience_.router().resolve(request.model));

    const auto plan = caching_.plan(context, request);
    if (plan.key) {
        if (const auto hit = co_await caching_.lookup_chat(plan, context, true)) {
            const auto& served = answering_route(resilience_.router(), *primary, hit->model).deployment;
            metering_.book_cache_hit(context, served, hit->usage);
            sink.on_served_by(served);
            co_return co_await ResponseCaching::replay(*hit, sink);
        }
    }
    AssemblingSink assembling(sink);
    auto& client = plan.key ? static_cast<domain::ChunkSink&>(assembling) : sink;
    auto streamed = co_await stream_model(
        resilience_, metering_, context, request.model, Metering::estimated_usage(request), client,
        [&](const Route& route, const domain::Attempt& attempt, domain::ChunkSink& metered) {
            return route.transport->stream(request, attempt, metered);
        });
    // Only an answer that ended normally, as the client got it.
    if (streamed && plan.key && !assembling.assembler().refused()) {
        std::optional<CallCoalescing::Lead> no_followers;
        co_await caching_.store(plan, assembling.assembler().take(streamed.value()), no_followers);
    }
    co_return streamed;
}

}  // namespace llmgw::application
