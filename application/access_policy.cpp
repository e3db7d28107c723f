#include "application/access_policy.hpp"

namespace llmgw::application {

domain::Result<void> AccessPolicy::authenticate(std::string_view secret, domain::RequestContext& context) const {
    if (open()) return domain::success();
    if (secret.empty()) {
        return domain::make_error(domain::ErrorCode::unauthorized,
                                  "You didn't provide an API key. Send it as `Authorization: Bearer <key>` "
                                  "(or in an `x-api-key` or `api-key` header).");
    }
    const domain::ApiKey* key = keys_->find(secret);
    if (!key || key->expired(clock_->now())) {
        return domain::make_error(domain::ErrorCode::unauthorized, "Incorrect API key provided.");
    }
    context.key = key;
    context.caller = key->owner;
    context.caller.end_user = key->owner.user;
    return domain::success();
}

domain::Result<void> AccessPolicy::govern(const domain::RequestContext& context, std::string_view model) const {
    if (open()) return domain::success();
    if (!context.key) return domain::make_error(domain::ErrorCode::unauthorized, "The request is not authenticated.");
    if (context.key->may_use(model)) return domain::success();
    events_->governance_violation(context, model);
    return domain::make_error(domain::ErrorCode::model_not_allowed,
                              "Your API key is not allowed to use the model `" + std::string(model) + "`.", "model");
}

domain::Result<void> AccessPolicy::require_admin(const domain::RequestContext& context) const {
    if (open() || (context.key && context.key->admin)) return domain::success();
    return domain::make_error(domain::ErrorCode::forbidden, "Only the admin key may do this.");
}

bool AccessPolicy::may_use(const domain::RequestContext& context, std::string_view model) const noexcept {
    return open() || (context.key && context.key->may_use(model));
}

}  // namespace llmgw::application
