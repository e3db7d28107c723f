#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "application/access_policy.hpp"
#include "application/model_router.hpp"
#include "domain/model_tiers.hpp"
#include "domain/ports/clock.hpp"
#include "domain/request_context.hpp"

namespace llmgw::application {

// A named group of models (`tiers: {fast: [...], premium: [...]}`).
struct Tier {
    std::string name;
    std::vector<std::string> models;
};

// Model tiers: a request for `tier:<name>` is served by one of the tier's
// models that the caller may use, picked by the tier strategy from each
// model's price and its deployments' live state (latency, open breakers),
// as the request arrives.
class ModelTiers {
public:
    // Throws std::invalid_argument for a tier that names an unknown model.
    ModelTiers(ModelRouter& router, const domain::Clock& clock, std::vector<Tier> tiers,
               domain::TierStrategy strategy = domain::TierStrategy::balanced);

    domain::TierStrategy strategy() const noexcept { return strategy_; }

    // What the choice weighed, model by model, in the tier's order.
    struct Considered {
        std::string model;
        domain::TierCandidate facts;
    };
    struct Selection {
        std::string model;
        domain::TierStrategy strategy;
        std::vector<Considered> considered;
    };
    // The model for a request of `context` to tier `tier` now, by
    // `strategy` (the configured one when none). ErrorCode::model_not_found
    // for an unknown tier, model_not_allowed when the caller may use none
    // of its models.
    domain::Result<Selection> select(const domain::RequestContext& context, const AccessPolicy& access,
                                     std::string_view tier, std::optional<domain::TierStrategy> strategy = {}) const;

    // The tiers (as `tier:<name>`) with a model the caller may use, in the
    // configuration's order.
    std::vector<std::string> usable(const domain::RequestContext& context, const AccessPolicy& access) const;

    // A request's model, when it names a tier, becomes the model chosen.
    domain::Result<void> resolve(const domain::RequestContext& context, const AccessPolicy& access,
                                 std::string& model) const;

private:
    struct Member {
        std::string model;
        ModelGroup* group;
    };
    struct Entry {
        std::string name;
        std::vector<Member> members;
    };

    const domain::Clock& clock_;
    std::vector<Entry> tiers_;
    domain::TierStrategy strategy_;
};

}  // namespace llmgw::application
