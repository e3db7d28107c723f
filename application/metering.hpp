#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include <boost/asio/awaitable.hpp>

#include "application/budget_alerts.hpp"
#include "application/budget_policy.hpp"
#include "application/request_record.hpp"
#include "application/reservation.hpp"
#include "domain/chat_request.hpp"
#include "domain/deployment.hpp"
#include "domain/error.hpp"
#include "domain/ports/budget_store.hpp"
#include "domain/ports/clock.hpp"
#include "domain/ports/cost_ledger.hpp"
#include "domain/request_context.hpp"
#include "domain/text_completion.hpp"
#include "domain/usage.hpp"

namespace llmgw::application {

// What a call may use, known before a deployment is chosen: the prompt's
// estimated tokens, the longest answer the request allows (none when it
// sets no max_tokens), and how many answers it asks for (n).
struct UsageEstimate {
    std::int64_t prompt_tokens = 0;
    std::optional<std::int64_t> max_completion_tokens;
    std::int64_t answers = 1;
};

// The money side of every use case that calls a model: reserve the call's
// worst-case cost on the budgets before each attempt, then settle with its
// real usage or release, and add what each attempt cost to the request's
// ledger row.
class Metering {
public:
    // How long a hold may outlive its request before it lapses by itself
    // (longer than any call may take).
    static constexpr std::chrono::hours hold_lifetime{1};

    // Calls must fit in the budgets `policy` names for their caller; each
    // settled call's budgets are checked against their thresholds by
    // `alerts` when given.
    Metering(domain::BudgetStore& budgets, domain::CostLedger& ledger, const domain::Clock& clock,
             BudgetPolicy policy = {}, BudgetAlerts* alerts = nullptr)
        : budgets_(budgets), ledger_(ledger), clock_(clock), policy_(std::move(policy)), alerts_(alerts) {}

    // The estimate: the prompt's rough token count (its messages, the tool
    // calls and reasoning in them, and the tools offered) and the
    // request's max_tokens.
    static UsageEstimate estimated_usage(const domain::ChatRequest& request);
    static UsageEstimate estimated_usage(const domain::TextCompletionRequest& request);
    // The most a call estimated as `estimate` may use on `deployment`: each
    // answer as long as the request allows, and never longer than the
    // deployment's max_output_tokens.
    static domain::Usage worst_case(const UsageEstimate& estimate, const domain::Deployment& deployment);

    // Opens the ledger row of a request for `model` (see RequestRecord).
    RequestRecord open(domain::RequestContext& context, domain::Operation operation, std::string model,
                       bool stream) {
        return RequestRecord(ledger_, clock_, context, operation, std::move(model), stream);
    }

    // Reserves what `estimate` would cost on `deployment` on every budget
    // of the caller at once (ErrorCode::budget_exceeded when one has no
    // room). Refused while the ledger cannot take more rows
    // (ErrorCode::ledger_unavailable): nothing is spent that could not be
    // recorded.
    boost::asio::awaitable<domain::Result<Reservation>> reserve(const domain::RequestContext& context,
                                                                const domain::Usage& estimate,
                                                                const domain::Deployment& deployment);

    struct Outcome {
        domain::Usage usage;
        bool usage_estimated = false;
    };
    // Books `outcome` on `deployment` and ends `reservation`. Never waits.
    void settle(Reservation& reservation, const domain::RequestContext& context, const domain::Deployment& deployment,
                const Outcome& outcome) noexcept;
    // Books an answer the gateway's cache gave for `deployment`: it cost
    // nothing, and saved what `usage` would have cost.
    void book_cache_hit(const domain::RequestContext& context, const domain::Deployment& deployment,
                        const domain::Usage& usage) noexcept;

private:
    domain::BudgetStore& budgets_;
    domain::CostLedger& ledger_;
    const domain::Clock& clock_;
    BudgetPolicy policy_;
    BudgetAlerts* alerts_;
};

}  // namespace llmgw::application
