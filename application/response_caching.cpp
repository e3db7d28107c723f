#include "application/response_caching.hpp"

#include <algorithm>

#include "application/cache_key.hpp"
#include "application/trace_recording.hpp"
#include "domain/api_key.hpp"
#include "domain/stream_replay.hpp"

namespace llmgw::application {
namespace {

bool has_value(const domain::RawJsonFields& fields, std::string_view name) {
    return std::any_of(fields.begin(), fields.end(),
                       [&](const auto& field) { return field.first == name && field.second != "null"; });
}

// A model that declined to answer (a refusal, a content filter) may answer
// the next caller; its refusal is not kept.
bool refused(const domain::ChatResponse& answer) {
    return std::any_of(answer.choices.begin(), answer.choices.end(), [](const domain::Choice& choice) {
        return choice.finish_reason == domain::FinishReason::content_filter ||
               has_value(choice.message.extra, "refusal");
    });
}

}  // namespace

std::string ResponseCaching::scope_of(const domain::RequestContext& context) const {
    const auto& caller = context.caller;
    auto scope = context.key && context.key->cache_scope ? *context.key->cache_scope : policy_.scope;
    // A scope its caller has no name in narrows to the next one that it has.
    if (scope == domain::CacheScope::project && caller.project.empty()) scope = domain::CacheScope::team;
    if (scope == domain::CacheScope::team && caller.team.empty()) scope = domain::CacheScope::key;
    std::string name(domain::to_string(scope));
    name += ':';
    switch (scope) {
    case domain::CacheScope::key: name += caller.api_key_id; break;
    case domain::CacheScope::team: name += caller.team; break;
    case domain::CacheScope::project: name += caller.project; break;
    case domain::CacheScope::global: break;
    }
    return name;
}

ModelCaching ResponseCaching::model_rule(std::string_view model) const {
    const auto found = policy_.models.find(model);
    return found == policy_.models.end() ? ModelCaching::by_mode : found->second;
}

void ResponseCaching::tell(const domain::RequestContext& context, domain::CacheOutcome outcome,
                           std::chrono::seconds age) const {
    if (context.cache_status) *context.cache_status = {outcome, age};
}

ResponseCaching::Plan ResponseCaching::cacheable(const domain::RequestContext& context,
                                                 const domain::CacheKey& key) const {
    Plan plan{.key = key,
              .look_up = policy_.enabled,
              .keep = policy_.enabled,
              .coalesce = policy_.coalesce,
              .ttl = policy_.ttl};
    const bool controls = !context.key || context.key->cache_controls;
    if (!controls) return plan;
    const auto& control = context.cache_control;
    if (control.no_store) {
        tell(context, domain::CacheOutcome::bypass);
        return {};
    }
    // A caller that wants a fresh answer does not take another's either.
    if (control.no_cache || (control.max_age && control.max_age->count() == 0)) {
        plan.look_up = false;
        plan.coalesce = false;
    }
    plan.max_age = control.max_age;
    if (control.ttl) plan.ttl = std::min(*control.ttl, policy_.max_ttl);
    return plan;
}

ResponseCaching::Plan ResponseCaching::plan(const domain::RequestContext& context,
                                            const domain::ChatRequest& request) const {
    if (!(policy_.enabled || policy_.coalesce) || !store_) return {};
    const auto rule = model_rule(request.model);
    const bool deterministic = (request.temperature && *request.temperature == 0.0) || has_value(request.extra, "seed");
    const bool wanted =
        rule == ModelCaching::always ||
        (rule == ModelCaching::by_mode && (policy_.mode == CachePolicy::Mode::always || deterministic));
    // Several answers to one request are meant to differ.
    if (!wanted || request.n.value_or(1) > 1) {
        tell(context, domain::CacheOutcome::bypass);
        return {};
    }
    return cacheable(context, cache_key(request, scope_of(context)));
}

ResponseCaching::Plan ResponseCaching::plan(const domain::RequestContext& context,
                                            const domain::EmbeddingRequest& request) const {
    if (!(policy_.enabled || policy_.coalesce) || !store_) return {};
    // An embedding does not sample: the same input has the same vectors.
    if (model_rule(request.model) == ModelCaching::never) {
        tell(context, domain::CacheOutcome::bypass);
        return {};
    }
    return cacheable(context, cache_key(request, scope_of(context)));
}

boost::asio::awaitable<std::shared_ptr<const domain::CacheEntry>> ResponseCaching::fresh_entry(
    const Plan& plan, const domain::RequestContext& context) const {
    if (!plan.key) co_return nullptr;
    if (!plan.look_up) {
        if (policy_.enabled) tell(context, domain::CacheOutcome::miss);
        co_return nullptr;
    }
    std::shared_ptr<const domain::CacheEntry> entry;
    {
        TracedStepScope step(context, *clock_, "cache lookup");
        entry = co_await store_->lookup(*plan.key);
    }
    tell(context, domain::CacheOutcome::miss);
    if (!entry) co_return nullptr;
    const auto age = std::chrono::duration_cast<std::chrono::seconds>(clock_->now() - entry->stored_at);
    if (plan.max_age && age > *plan.max_age) co_return nullptr;
    tell(context, domain::CacheOutcome::hit, std::max(age, std::chrono::seconds(0)));
    co_return entry;
}

template <class Answer>
boost::asio::awaitable<domain::Result<ResponseCaching::Found<Answer>>> ResponseCaching::find(
    const Plan& plan, const domain::RequestContext& context) const {
    auto entry = co_await fresh_entry(plan, context);
    for (;;) {
        if (const auto* answer = entry ? std::get_if<Answer>(&entry->answer) : nullptr) {
            co_return Found<Answer>{std::shared_ptr<const Answer>(std::move(entry), answer), std::nullopt};
        }
        if (!plan.coalesce) co_return Found<Answer>{};
        auto turn = coalescing_->take(*plan.key);
        if (turn.lead) co_return Found<Answer>{nullptr, std::move(turn.lead)};
        BOOST_OUTCOME_CO_TRY(entry, co_await coalescing_->follow(std::move(turn.flight), *clock_, context.deadline));
        // Null: the leader had nothing to share; this request goes on as if
        // it had never been, leading the next flight or following it.
        if (entry) tell(context, domain::CacheOutcome::coalesced);
    }
}

template boost::asio::awaitable<domain::Result<ResponseCaching::Found<domain::ChatResponse>>>
ResponseCaching::find(const Plan&, const domain::RequestContext&) const;
template boost::asio::awaitable<domain::Result<ResponseCaching::Found<domain::EmbeddingResponse>>>
ResponseCaching::find(const Plan&, const domain::RequestContext&) const;

boost::asio::awaitable<domain::Result<ResponseCaching::FoundStream>> ResponseCaching::find_stream(
    const Plan& plan, const domain::RequestContext& context, domain::ChunkSink& sink,
    const DeploymentOf& deployment_of) const {
    auto entry = co_await fresh_entry(plan, context);
    for (;;) {
        const auto* answer = entry ? std::get_if<domain::ChatResponse>(&entry->answer) : nullptr;
        if (answer && domain::replayable(*answer)) {
            sink.on_served_by(deployment_of(answer->model));
            BOOST_OUTCOME_CO_TRY(auto told, co_await replay(*answer, sink));
            co_return FoundStream{std::move(told), std::nullopt};
        }
        // An answer that a stream cannot tell again is no answer for it.
        tell(context, policy_.enabled ? domain::CacheOutcome::miss : domain::CacheOutcome::none);
        if (!plan.coalesce) co_return FoundStream{};
        auto turn = coalescing_->take(*plan.key);
        if (turn.lead) co_return FoundStream{std::nullopt, std::move(turn.lead)};
        BOOST_OUTCOME_CO_TRY(auto followed, co_await follow_stream(std::move(turn.flight), context, sink, deployment_of));
        if (followed.told) co_return FoundStream{std::move(followed.told), std::nullopt};
        // A whole answer to replay, or none: this request goes on by itself.
        entry = std::move(followed.answer);
        if (entry) tell(context, domain::CacheOutcome::coalesced);
    }
}

boost::asio::awaitable<domain::Result<ResponseCaching::Followed>> ResponseCaching::follow_stream(
    std::shared_ptr<CallCoalescing::Flight> flight, const domain::RequestContext& context, domain::ChunkSink& sink,
    const DeploymentOf& deployment_of) const {
    CallCoalescing::Follower follower(std::move(flight), co_await boost::asio::this_coro::executor, true);
    std::size_t seen = 0;
    for (;;) {
        BOOST_OUTCOME_CO_TRY(auto news, co_await follower.next(seen, *clock_, context.deadline));
        if (!news.chunks.empty() && seen == 0) {
            tell(context, domain::CacheOutcome::coalesced);
            sink.on_served_by(deployment_of(news.served_by));
        }
        for (const auto& chunk : news.chunks) {
            BOOST_OUTCOME_CO_TRY(co_await sink.on_chunk(chunk));
        }
        seen += news.chunks.size();
        if (!news.over) continue;
        if (seen == 0) co_return Followed{std::nullopt, std::move(news.answer)};
        if (news.summary) co_return Followed{std::move(news.summary), nullptr};
        // Its client has part of a stream that nobody will finish.
        co_return domain::make_error(domain::ErrorCode::upstream_error,
                                     "The identical request whose stream this one shared failed before it ended.");
    }
}

boost::asio::awaitable<std::shared_ptr<const domain::CacheEntry>> ResponseCaching::keep(
    const Plan& plan, domain::CacheEntry entry) const {
    entry.stored_at = clock_->now();
    auto shared = std::make_shared<const domain::CacheEntry>(std::move(entry));
    if (plan.keep) co_await store_->store(*plan.key, shared, plan.ttl);
    co_return shared;
}

boost::asio::awaitable<void> ResponseCaching::store(const Plan& plan, domain::ChatResponse answer,
                                                    std::optional<CallCoalescing::Lead>& lead) const {
    if (!plan.key || refused(answer)) co_return;
    // (A named entry: GCC 12 mishandles temporaries within a co_await.)
    domain::CacheEntry entry{std::move(answer), {}};
    auto kept = co_await keep(plan, std::move(entry));
    if (lead) lead->finish(std::move(kept));
}

boost::asio::awaitable<void> ResponseCaching::store(const Plan& plan, domain::EmbeddingResponse answer,
                                                    std::optional<CallCoalescing::Lead>& lead) const {
    if (!plan.key) co_return;
    domain::CacheEntry entry{std::move(answer), {}};
    auto kept = co_await keep(plan, std::move(entry));
    if (lead) lead->finish(std::move(kept));
}

boost::asio::awaitable<void> ResponseCaching::store_stream(const Plan& plan, domain::StreamAssembler& assembled,
                                                           const domain::StreamSummary& summary,
                                                           std::optional<CallCoalescing::Lead>& lead) const {
    if (!plan.key) co_return;
    std::shared_ptr<const domain::CacheEntry> kept;
    if (!assembled.refused()) {
        domain::CacheEntry entry{assembled.take(summary), {}};
        kept = co_await keep(plan, std::move(entry));
    }
    // The streamed followers had the refusal as it came; the others ask anew.
    if (lead) lead->finish_stream(summary, std::move(kept));
}

boost::asio::awaitable<domain::Result<domain::StreamSummary>> ResponseCaching::replay(
    const domain::ChatResponse& answer, domain::ChunkSink& sink) {
    for (const auto& chunk : domain::replay_chunks(answer)) {
        BOOST_OUTCOME_CO_TRY(co_await sink.on_chunk(chunk));
    }
    co_return domain::StreamSummary{
        .id = answer.id, .model = answer.model, .usage = answer.usage, .usage_reported = true};
}

}  // namespace llmgw::application
