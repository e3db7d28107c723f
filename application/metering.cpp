#include "application/metering.hpp"

#include <optional>

#include "application/trace_recording.hpp"

#include "domain/ledger_row.hpp"
#include "domain/money.hpp"

namespace llmgw::application {

namespace {

domain::Usage& operator+=(domain::Usage& sum, const domain::Usage& more) {
    sum.prompt_tokens += more.prompt_tokens;
    sum.completion_tokens += more.completion_tokens;
    sum.cached_prompt_tokens += more.cached_prompt_tokens;
    sum.cache_write_prompt_tokens += more.cache_write_prompt_tokens;
    sum.reasoning_tokens += more.reasoning_tokens;
    return sum;
}

domain::LedgerRow& served_by(domain::LedgerRow& row, const domain::Deployment& deployment) {
    row.served_model = deployment.model;
    row.provider = deployment.provider;
    row.upstream_model = deployment.upstream_model;
    return row;
}

}  // namespace

UsageEstimate Metering::estimated_usage(const domain::ChatRequest& request) {
    UsageEstimate estimate;
    for (const auto& message : request.messages) {
        // Reasoning and tool calls sent back in a tool loop are input too.
        estimate.prompt_tokens += domain::estimate_tokens(message.text()) + domain::estimate_tokens(message.reasoning_text());
        for (const auto& call : message.tool_calls) {
            estimate.prompt_tokens += domain::estimate_tokens(call.name) + domain::estimate_tokens(call.arguments);
        }
    }
    // So are the tools offered: an agent's definitions may outweigh its turns.
    for (const auto& tool : request.tools) {
        estimate.prompt_tokens += domain::estimate_tokens(tool.name) + domain::estimate_tokens(tool.description) +
                                  domain::estimate_tokens(tool.parameters) + domain::estimate_tokens(tool.builtin);
    }
    if (request.max_tokens) estimate.max_completion_tokens = request.max_tokens->value;
    estimate.answers = request.n.value_or(1);
    return estimate;
}

UsageEstimate Metering::estimated_usage(const domain::TextCompletionRequest& request) {
    return UsageEstimate{.prompt_tokens = domain::estimate_tokens(request.prompt),
                         .max_completion_tokens = request.max_tokens,
                         .answers = request.n.value_or(1)};
}

domain::Usage Metering::worst_case(const UsageEstimate& estimate, const domain::Deployment& deployment) {
    const auto longest = deployment.max_output_tokens;
    const auto each = std::min(estimate.max_completion_tokens.value_or(longest), longest);
    // Both are bounded (limits.max_choices, max_output_tokens): no overflow.
    return domain::Usage{.prompt_tokens = estimate.prompt_tokens,
                         .completion_tokens = each * std::max<std::int64_t>(estimate.answers, 1)};
}

boost::asio::awaitable<domain::Result<Reservation>> Metering::reserve(const domain::RequestContext& context,
                                                                      const domain::Usage& estimate,
                                                                      const domain::Deployment& deployment) {
    if (!ledger_.accepting()) {
        auto refused = domain::make_error(
            domain::ErrorCode::ledger_unavailable,
            "The gateway cannot record spend right now (its cost ledger is behind); try again shortly.");
        refused.retry_after = std::chrono::seconds(1);
        co_return refused;
    }
    const auto now = clock_.now();
    domain::Hold hold{.request_id = context.request_id,
                      .caller = &context.caller,
                      .model = deployment.model,
                      .provider = deployment.provider,
                      .amount = domain::cost_of(estimate, deployment.pricing),
                      .budgets = policy_.lines_for(context.caller, now),
                      .expires_at = now + hold_lifetime};
    // A step of the trace only where there are budgets to fit in.
    std::optional<TracedStepScope> step;
    if (!hold.budgets.empty()) {
        step.emplace(context, clock_, "reserve budget");
        step->reserved(hold.amount);
    }
    auto id = co_await budgets_.reserve(hold);
    if (!id) {
        if (step) step->failed(id.error());
        co_return std::move(id).error();
    }
    if (context.row) ++context.row->attempts;
    co_return Reservation(budgets_, id.value(), std::move(hold.budgets));
}

void Metering::settle(Reservation& reservation, const domain::RequestContext& context,
                      const domain::Deployment& deployment, const Outcome& outcome) noexcept {
    const auto cost = domain::cost_of(outcome.usage, deployment.pricing);
    reservation.settle(cost);
    if (alerts_ && cost.value > 0) {
        // An alert that cannot be raised must not take the answer with it.
        try {
            for (const auto& line : reservation.lines()) alerts_->check(line, budgets_.standing(line).spent);
        } catch (const std::exception&) {
        }
    }
    if (!context.row) return;
    auto& row = served_by(*context.row, deployment);
    row.usage += outcome.usage;
    row.usage_estimated = row.usage_estimated || outcome.usage_estimated;
    row.cost += cost;
}

void Metering::book_cache_hit(const domain::RequestContext& context, const domain::Deployment& deployment,
                              const domain::Usage& usage) noexcept {
    if (!context.row) return;
    // The tokens are recorded so that reports can show what the cache saved.
    auto& row = served_by(*context.row, deployment);
    row.usage += usage;
    row.cache_hit = true;
    row.saved += domain::cost_of(usage, deployment.pricing);
}

}  // namespace llmgw::application
