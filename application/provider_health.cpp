#include "application/provider_health.hpp"

#include <boost/asio/this_coro.hpp>

#include "application/attempt_deadline.hpp"
#include "application/metered_call.hpp"

namespace llmgw::application {
namespace asio = boost::asio;

std::vector<ProviderHealth::Report> ProviderHealth::operator()() const {
    const auto now = clock_.monotonic();
    std::vector<Report> reports;
    reports.reserve(router_.deployments().size());
    for (const auto& serving : router_.deployments()) {
        reports.push_back(Report{&serving->route.deployment, serving->health.snapshot(now),
                                 serving->health.cooldown_left(now), serving->route.policy.max_concurrency,
                                 serving->limiter.queued()});
    }
    return reports;
}

bool ProviderHealth::ready() const {
    const auto now = clock_.monotonic();
    for (const auto& serving : router_.deployments()) {
        if (serving->health.balancing_view(now).accepting) return true;
    }
    return false;
}

asio::awaitable<ProviderHealth::ProbeResult> ProviderHealth::probe_one(domain::RequestContext context,
                                                                       const Route& route,
                                                                       std::chrono::milliseconds limit) {
    domain::ChatRequest ping;
    ping.model = route.deployment.model;
    ping.messages.push_back(domain::Message{.role = domain::Role::user, .content = {domain::ContentPart::make_text("ping")}});
    ping.max_tokens = domain::MaxTokens{1, true};
    // A probe is billed like any call, on a row of its own, to the operator
    // who asked; the health endpoint answered it with 200 either way.
    context.caller.tags.push_back("health-probe");
    context.received_at = clock_.monotonic();
    auto record = metering_.open(context, domain::Operation::chat, ping.model, false);

    AttemptDeadline deadline(clock_, {}, limit);
    const domain::Attempt attempt{.upstream_model = route.deployment.upstream_model,
                                  .trace = context.trace.child(domain::random_span_id()),
                                  .time_left = limit};
    const auto started = clock_.monotonic();
    auto answer = co_await deadline.run(
        metered_call<domain::ChatResponse>(metering_, context, route.deployment, Metering::estimated_usage(ping),
                                           [&] { return route.transport->complete(ping, attempt); }),
        route.deployment.provider);
    ProbeResult result{&route.deployment, bool(answer),
                       std::chrono::duration_cast<std::chrono::milliseconds>(clock_.monotonic() - started), {}};
    if (answer) {
        record.answered(200);
    } else {
        record.failed(200, answer.error());
        result.error = answer.error().message;
    }
    co_return result;
}

asio::awaitable<domain::Result<std::vector<ProviderHealth::ProbeResult>>> ProviderHealth::probe(
    const domain::RequestContext& context, std::chrono::milliseconds limit) {
    BOOST_OUTCOME_CO_TRY(access_.require_admin(context));
    // One by one, each within its own limit: a probe is an operator's
    // question, not a hot path.
    std::vector<ProbeResult> results;
    results.reserve(router_.deployments().size());
    for (const auto& serving : router_.deployments()) {
        auto probe_context = context;
        probe_context.request_id += "-probe-";
        probe_context.request_id += std::to_string(results.size() + 1);
        results.push_back(co_await probe_one(std::move(probe_context), serving->route, limit));
    }
    co_return results;
}

}  // namespace llmgw::application
