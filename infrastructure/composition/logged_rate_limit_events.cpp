#include "infrastructure/composition/logged_rate_limit_events.hpp"

namespace llmgw::infrastructure {

void LoggedRateLimitEvents::refused(const domain::RequestContext& context, const domain::RateLimit& limit) {
    metrics_.rate_limit_refused(limit);
    logger_.log(observability::LogLevel::debug, "rate_limit_exceeded",
                {{"request_id", context.request_id},
                 {"key", context.caller.api_key_id},
                 {"scope", domain::to_string(limit.scope)},
                 {"owner", limit.owner},
                 {"limit", domain::describe(limit)}});
}

}  // namespace llmgw::infrastructure
