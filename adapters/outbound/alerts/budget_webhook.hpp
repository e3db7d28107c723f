#pragma once

#include <chrono>
#include <cstddef>
#include <mutex>
#include <random>
#include <string>
#include <vector>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ssl/context.hpp>

#include "application/budget_alerts.hpp"
#include "domain/ports/clock.hpp"
#include "domain/retry_policy.hpp"
#include "infrastructure/background_loop.hpp"
#include "infrastructure/http/endpoint.hpp"
#include "infrastructure/http/http_client.hpp"
#include "observability/logger.hpp"

namespace llmgw::adapters {

// The CloudEvents 1.0 event (JSON format) of a budget threshold crossing:
// type io.llmgw.budget.threshold, subject the budget's account, and an id
// made of the account, the period and the threshold, so that a receiver can
// drop the copies a retried delivery (or a restarted gateway) sends again.
// `data` has the scope, owner, period, threshold, limit and spend (exact
// dollars as decimal strings, and integer nano-dollars), and the period's
// bounds.
std::string budget_threshold_event(const domain::BudgetLine& line, int percent, domain::NanoDollars spent,
                                   std::chrono::system_clock::time_point now, std::string_view source);

struct BudgetWebhookOptions {
    std::string url;  // http:// or https://, with its path and query
    // Sent as `Authorization: Bearer <token>` when set; never logged.
    std::string bearer_token;
    std::string source = "/llmgw";  // the events' CloudEvents source
    // Deliveries that are retried: connection failures, timeouts, 408, 429
    // (after its Retry-After) and 5xx; another 4xx is final.
    domain::RetryPolicy retry{.max_attempts = 8,
                              .base = std::chrono::milliseconds(1'000),
                              .max = std::chrono::milliseconds(60'000),
                              .max_retry_after = std::chrono::milliseconds(300'000)};
    infrastructure::HttpTimeouts timeouts{std::chrono::milliseconds(5'000), std::chrono::milliseconds(10'000)};
    // Events waiting or being delivered at once; beyond it they are dropped
    // (and logged).
    std::size_t max_pending = 1'000;
    // How long shutdown waits for deliveries still under way.
    std::chrono::milliseconds drain{5'000};
};

// Budget alerts as CloudEvents POSTed (structured mode) to a webhook, from a
// thread of its own: `threshold_crossed` only queues, so a slow or dead
// receiver never holds a request up. Failures are logged
// (`budget_webhook_failed` once a delivery gives up, `budget_webhook_dropped`
// when too many wait), never raised.
class BudgetWebhook final : public application::BudgetEvents {
public:
    // Throws std::invalid_argument for a URL that is not http(s).
    BudgetWebhook(BudgetWebhookOptions options, const domain::Clock& clock, observability::Logger& logger);
    ~BudgetWebhook() override;

    void threshold_crossed(const domain::BudgetLine& line, int percent, domain::NanoDollars spent) override;

    // Events queued or under way.
    std::size_t pending() const;

private:
    boost::asio::awaitable<void> deliver(std::string id, std::string event);
    // One attempt: nothing when the receiver took the event.
    boost::asio::awaitable<std::optional<domain::Error>> post(const std::string& event);
    void finished();

    const BudgetWebhookOptions options_;
    const infrastructure::Endpoint endpoint_;
    const std::string target_;
    const domain::Clock& clock_;
    observability::Logger& logger_;
    boost::asio::ssl::context tls_;
    infrastructure::HttpClient http_;
    std::minstd_rand jitter_;  // used on the webhook's loop only
    mutable std::mutex mutex_;
    std::size_t pending_ = 0;
    // Last, so that it stops (and its deliveries end) before the rest goes.
    infrastructure::BackgroundLoop loop_;
};

}  // namespace llmgw::adapters
