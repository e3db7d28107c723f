#include "adapters/outbound/alerts/budget_webhook.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/beast/http/field.hpp>

#include "adapters/common/budget_fields.hpp"
#include "adapters/common/usd_text.hpp"
#include "adapters/openai_format/json_writer.hpp"
#include "adapters/outbound/common/upstream_error.hpp"
#include "domain/utc_time.hpp"

namespace llmgw::adapters {
namespace asio = boost::asio;
namespace http = boost::beast::http;

namespace {

std::string event_id(const domain::BudgetLine& line, int percent) {
    return line.account + "/" + domain::utc_timestamp(line.period_start) + "/" + std::to_string(percent);
}

}  // namespace

std::string budget_threshold_event(const domain::BudgetLine& line, int percent, domain::NanoDollars spent,
                                   std::chrono::system_clock::time_point now, std::string_view source) {
    const auto& budget = line.budget;
    JsonWriter writer;
    writer.begin_object();
    writer.key("specversion").string("1.0");
    writer.key("id").string(event_id(line, percent));
    writer.key("source").string(source);
    writer.key("type").string("io.llmgw.budget.threshold");
    writer.key("subject").string(line.account);
    writer.key("time").string(domain::utc_timestamp(now));
    writer.key("datacontenttype").string("application/json");
    writer.key("data").begin_object();
    write_budget_name(writer, budget);
    writer.key("threshold_percent").number(std::int64_t{percent});
    writer.key("limit_usd").raw(usd_text(budget.limit));
    writer.key("spent_usd").raw(usd_text(spent));
    writer.key("limit_nanousd").number(budget.limit.value);
    writer.key("spent_nanousd").number(spent.value);
    write_period_bounds(writer, line);
    writer.end_object();
    writer.end_object();
    return writer.take();
}

BudgetWebhook::BudgetWebhook(BudgetWebhookOptions options, const domain::Clock& clock, observability::Logger& logger)
    : options_(std::move(options)), endpoint_(infrastructure::configured_endpoint(options_.url, "alerts.webhook_url")),
      target_(infrastructure::request_target(options_.url)), clock_(clock), logger_(logger), tls_(infrastructure::verifying_tls_client()),
      // Nothing is pooled: alerts are rare, and a pooled socket would
      // outlive the loop it belongs to.
      http_(tls_, {.max_idle_per_upstream = 0}, &clock), jitter_(std::random_device{}()), loop_(options_.drain) {}

BudgetWebhook::~BudgetWebhook() = default;

std::size_t BudgetWebhook::pending() const {
    std::lock_guard lock(mutex_);
    return pending_;
}

void BudgetWebhook::finished() {
    std::lock_guard lock(mutex_);
    --pending_;
}

void BudgetWebhook::threshold_crossed(const domain::BudgetLine& line, int percent, domain::NanoDollars spent) {
    auto id = event_id(line, percent);
    {
        std::lock_guard lock(mutex_);
        if (pending_ >= options_.max_pending) {
            logger_.warn("budget_webhook_dropped", {{"event_id", id}, {"pending", std::to_string(pending_)}});
            return;
        }
        ++pending_;
    }
    auto event = budget_threshold_event(line, percent, spent, clock_.now(), options_.source);
    asio::co_spawn(loop_.executor(), deliver(std::move(id), std::move(event)), asio::detached);
}

asio::awaitable<void> BudgetWebhook::deliver(std::string id, std::string event) {
    // The event's place is given back however the delivery ends.
    struct Finished {
        BudgetWebhook& webhook;
        ~Finished() { webhook.finished(); }
    } const done{*this};
    for (int attempt = 1;; ++attempt) {
        const auto failure = co_await post(event);
        if (!failure) break;
        std::uniform_real_distribution<double> unit(0.0, 1.0);
        const auto delay = domain::retry_delay(options_.retry, attempt, *failure, unit(jitter_));
        if (!delay) {
            logger_.warn("budget_webhook_failed",
                         {{"event_id", id}, {"attempts", std::to_string(attempt)}, {"error", failure->message}});
            break;
        }
        co_await clock_.sleep_for(*delay);
    }
}

asio::awaitable<std::optional<domain::Error>> BudgetWebhook::post(const std::string& event) {
    infrastructure::HttpRequest request{http::verb::post, target_, 11};
    request.set(http::field::host, endpoint_.host_header());
    request.set(http::field::content_type, "application/cloudevents+json; charset=utf-8");
    request.set(http::field::user_agent, "llm-gateway");
    if (!options_.bearer_token.empty()) request.set(http::field::authorization, "Bearer " + options_.bearer_token);
    request.body() = event;
    request.prepare_payload();
    auto response = co_await http_.send(endpoint_, std::move(request), options_.timeouts);
    if (!response) {
        // The receiver is down or slow: worth trying again.
        auto failure = std::move(response).error();
        failure.transient = true;
        co_return failure;
    }
    const unsigned status = response.value().result_int();
    if (status >= 200 && status < 300) co_return std::nullopt;
    // What the receiver said is not logged: it might quote the token.
    auto failure = domain::make_error(domain::ErrorCode::upstream_error,
                                      "the webhook answered HTTP " + std::to_string(status));
    failure.transient = transient_status(status);
    failure.retry_after = parse_retry_after(response.value()[http::field::retry_after], clock_.now());
    co_return failure;
}

}  // namespace llmgw::adapters
