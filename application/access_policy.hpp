#pragma once

#include <string_view>

#include "domain/api_key.hpp"
#include "domain/error.hpp"
#include "domain/ports/clock.hpp"
#include "domain/ports/key_store.hpp"
#include "domain/request_context.hpp"

namespace llmgw::application {

// What access policy refuses, told to whoever logs and counts it.
class AccessEvents {
public:
    virtual ~AccessEvents() = default;
    // A caller asked for a model its key may not use.
    virtual void governance_violation(const domain::RequestContext& context, std::string_view model) = 0;
};

// Who may call, and which models: the first two stages of every request's
// policy, in this order.
//   authenticate: the presented secret names a key that has not expired;
//     the request is then attributed to the key's owner (key id, team,
//     project, user);
//   govern: the key may use the model (its own allow-list, else its
//     team's, else every configured model).
// Without a key store the gateway is open: nobody is asked for a key and
// every model may be used.
class AccessPolicy {
public:
    // The open gateway.
    AccessPolicy() = default;
    AccessPolicy(const domain::KeyStore& keys, const domain::Clock& clock, AccessEvents& events)
        : keys_(&keys), clock_(&clock), events_(&events) {}

    bool open() const noexcept { return keys_ == nullptr; }

    // Fills `context.key` and `context.caller` from `secret` (empty: none
    // was sent). Missing, unknown and expired keys are all `unauthorized`,
    // worded alike for unknown and expired: no hint whether a key exists.
    domain::Result<void> authenticate(std::string_view secret, domain::RequestContext& context) const;

    // `model_not_allowed` for a model the caller may not use; `unauthorized`
    // for a context that never passed `authenticate` (a front door that
    // forgot it serves nobody).
    domain::Result<void> govern(const domain::RequestContext& context, std::string_view model) const;

    // `forbidden` unless the caller holds the admin key (or the gateway is
    // open): for what only operators may do.
    domain::Result<void> require_admin(const domain::RequestContext& context) const;

    // Whether the caller may use `model`, for listing models: no event.
    bool may_use(const domain::RequestContext& context, std::string_view model) const noexcept;

private:
    const domain::KeyStore* keys_ = nullptr;
    const domain::Clock* clock_ = nullptr;
    AccessEvents* events_ = nullptr;
};

}  // namespace llmgw::application
