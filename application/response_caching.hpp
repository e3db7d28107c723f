#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include <boost/asio/awaitable.hpp>

#include "application/cache_policy.hpp"
#include "application/call_coalescing.hpp"
#include "domain/chat_request.hpp"
#include "domain/embedding.hpp"
#include "domain/error.hpp"
#include "domain/ports/chunk_sink.hpp"
#include "domain/ports/clock.hpp"
#include "domain/ports/response_cache.hpp"
#include "domain/request_context.hpp"
#include "domain/stream_chunk.hpp"
#include "domain/stream_replay.hpp"

namespace llmgw::application {

// The response cache's policy, once for every use case that may be
// answered from it (chat, streamed or not, and embeddings): which requests
// are cacheable, in whose scope, what the caller's controls change, and what
// the request is told (context.cache_status: hit, miss, bypass or
// coalesced), and single flight: identical requests in flight at once share
// one upstream call (CallCoalescing).
//
// Never fails a request: the store swallows its own failures, and an entry
// that cannot answer a request (expired, too old for max-age, of another
// kind) is a miss.
class ResponseCaching {
public:
    // A cache that is off: every request is answered upstream, untold.
    // (User-provided, so that a const one may be default-initialised.)
    ResponseCaching() noexcept {}
    ResponseCaching(domain::ResponseCache& store, const domain::Clock& clock, CachePolicy policy)
        : store_(&store),
          clock_(&clock),
          policy_(std::move(policy)),
          coalescing_(std::make_unique<CallCoalescing>()) {}

    // What the cache does for one request.
    struct Plan {
        std::optional<domain::CacheKey> key;  // none: the cache stays out of it
        bool look_up = false;                 // false with no-cache or max-age=0
        bool keep = false;                    // the answer is stored
        bool coalesce = false;                // may share an identical request's call
        std::chrono::seconds ttl{0};
        std::optional<std::chrono::seconds> max_age;
    };
    // Decides, and tells the request `bypass` when the cache is on but the
    // request is not cacheable.
    Plan plan(const domain::RequestContext& context, const domain::ChatRequest& request) const;
    Plan plan(const domain::RequestContext& context, const domain::EmbeddingRequest& request) const;

    // The answer to a request from the cache (told `hit`) or from the
    // identical request in flight (told `coalesced`); else the lead of its
    // flight, for the request to call upstream and `store` what it got. A
    // follower whose leader had no answer to share tries again; one whose
    // deadline passes gets ErrorCode::upstream_timeout.
    template <class Answer>
    struct Found {
        std::shared_ptr<const Answer> answer;
        std::optional<CallCoalescing::Lead> lead;
    };
    // (Answer: domain::ChatResponse or domain::EmbeddingResponse.)
    template <class Answer>
    boost::asio::awaitable<domain::Result<Found<Answer>>> find(const Plan& plan,
                                                               const domain::RequestContext& context) const;

    // What a streamed request found before it calls upstream: the stream it
    // was told (told `hit`, from a stored answer replayed as chunks, or
    // `coalesced`, from an identical request's call: the chunks so far,
    // then the rest as they come), or the lead of its flight, for the
    // request to stream upstream (publishing each chunk its client gets)
    // and `store_stream` what it got. `deployment_of(model)` names the
    // deployment the told stream came from, for `sink.on_served_by`.
    struct FoundStream {
        std::optional<domain::StreamSummary> told;
        std::optional<CallCoalescing::Lead> lead;
    };
    using DeploymentOf = std::function<const domain::Deployment&(std::string_view model)>;
    boost::asio::awaitable<domain::Result<FoundStream>> find_stream(const Plan& plan,
                                                                    const domain::RequestContext& context,
                                                                    domain::ChunkSink& sink,
                                                                    const DeploymentOf& deployment_of) const;

    // Keeps an answer for later requests (never a model's refusal) and
    // gives it to the followers of `lead`, if any.
    boost::asio::awaitable<void> store(const Plan& plan, domain::ChatResponse answer,
                                       std::optional<CallCoalescing::Lead>& lead) const;
    boost::asio::awaitable<void> store(const Plan& plan, domain::EmbeddingResponse answer,
                                       std::optional<CallCoalescing::Lead>& lead) const;
    // The same for a stream that ended normally with `summary`, its whole
    // answer rebuilt by `assembled` from the chunks its client got.
    boost::asio::awaitable<void> store_stream(const Plan& plan, domain::StreamAssembler& assembled,
                                              const domain::StreamSummary& summary,
                                              std::optional<CallCoalescing::Lead>& lead) const;

    // Tells a stored answer to `sink` as a stream (after `on_served_by`):
    // the chunks a streaming upstream would have sent, with backpressure.
    static boost::asio::awaitable<domain::Result<domain::StreamSummary>> replay(const domain::ChatResponse& answer,
                                                                              domain::ChunkSink& sink);

private:
    // The name of the callers who share entries with this one.
    std::string scope_of(const domain::RequestContext& context) const;
    ModelCaching model_rule(std::string_view model) const;
    // The plan once the request is cacheable: its key and the caller's controls.
    Plan cacheable(const domain::RequestContext& context, const domain::CacheKey& key) const;
    void tell(const domain::RequestContext& context, domain::CacheOutcome outcome,
              std::chrono::seconds age = {}) const;
    boost::asio::awaitable<std::shared_ptr<const domain::CacheEntry>> fresh_entry(
        const Plan& plan, const domain::RequestContext& context) const;
    boost::asio::awaitable<std::shared_ptr<const domain::CacheEntry>> keep(const Plan& plan,
                                                                            domain::CacheEntry entry) const;
    // Tells `sink` what the flight it follows streams, as it comes: the
    // stream told, or the flight's whole answer (null: none) when it
    // streamed nothing.
    struct Followed {
        std::optional<domain::StreamSummary> told;
        std::shared_ptr<const domain::CacheEntry> answer;
    };
    boost::asio::awaitable<domain::Result<Followed>> follow_stream(
        std::shared_ptr<CallCoalescing::Flight> flight, const domain::RequestContext& context,
        domain::ChunkSink& sink, const DeploymentOf& deployment_of) const;

    domain::ResponseCache* store_ = nullptr;
    const domain::Clock* clock_ = nullptr;
    CachePolicy policy_;
    // Shared state behind the const interface: the flights under way.
    std::unique_ptr<CallCoalescing> coalescing_;
};

}  // namespace llmgw::application
