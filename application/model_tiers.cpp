#include "application/model_tiers.hpp"

#include <algorithm>
#include <stdexcept>

namespace llmgw::application {

ModelTiers::ModelTiers(ModelRouter& router, const domain::Clock& clock, std::vector<Tier> tiers,
                       domain::TierStrategy strategy)
    : clock_(clock), strategy_(strategy) {
    for (auto& tier : tiers) {
        Entry entry{std::move(tier.name), {}};
        for (auto& model : tier.models) {
            auto group = router.group(model);
            if (!group) throw std::invalid_argument("tier `" + entry.name + "` names an unknown model `" + model + "`");
            entry.members.push_back({std::move(model), group.value()});
        }
        tiers_.push_back(std::move(entry));
    }
}

std::vector<std::string> ModelTiers::usable(const domain::RequestContext& context, const AccessPolicy& access) const {
    std::vector<std::string> names;
    for (const auto& entry : tiers_) {
        const bool any = std::any_of(entry.members.begin(), entry.members.end(),
                                     [&](const Member& member) { return access.may_use(context, member.model); });
        if (any) names.push_back("tier:" + entry.name);
    }
    return names;
}

domain::Result<ModelTiers::Selection> ModelTiers::select(const domain::RequestContext& context,
                                                         const AccessPolicy& access, std::string_view tier,
                                                         std::optional<domain::TierStrategy> strategy) const {
    const auto entry = std::find_if(tiers_.begin(), tiers_.end(), [&](const Entry& e) { return e.name == tier; });
    if (entry == tiers_.end()) {
        return domain::make_error(domain::ErrorCode::model_not_found,
                                  "The tier `" + std::string(tier) + "` does not exist.", "model");
    }
    Selection selection{{}, strategy.value_or(strategy_), {}};
    std::vector<domain::TierCandidate> candidates;
    const auto now = clock_.monotonic();
    for (const auto& member : entry->members) {
        domain::TierCandidate facts;
        const auto& deployments = member.group->deployments();
        const auto& pricing = deployments.front()->route.deployment.pricing;
        facts.price = pricing.input_per_mtok + pricing.output_per_mtok;
        facts.available = false;
        // The model is as fast as its fastest deployment that takes calls.
        for (const auto* deployment : deployments) {
            const auto view = deployment->health.balancing_view(now);
            if (!view.accepting) continue;
            facts.available = true;
            if (view.latency_ms) facts.latency_ms = std::min(facts.latency_ms.value_or(*view.latency_ms), *view.latency_ms);
        }
        facts.allowed = access.may_use(context, member.model);
        candidates.push_back(facts);
        selection.considered.push_back({member.model, facts});
    }
    const auto chosen = domain::choose_tier_model(candidates, selection.strategy);
    if (!chosen) {
        return domain::make_error(domain::ErrorCode::model_not_allowed,
                                  "Your API key may use none of the models of the tier `" + std::string(tier) + "`.",
                                  "model");
    }
    selection.model = entry->members[*chosen].model;
    return selection;
}

domain::Result<void> ModelTiers::resolve(const domain::RequestContext& context, const AccessPolicy& access,
                                         std::string& model) const {
    const auto tier = domain::tier_named(model);
    if (!tier) return domain::success();
    BOOST_OUTCOME_TRY(auto selection, select(context, access, *tier));
    model = std::move(selection.model);
    return domain::success();
}

}  // namespace llmgw::application
