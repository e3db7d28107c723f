#pragma once

#include <vector>

#include "application/access_policy.hpp"
#include "application/model_router.hpp"
#include "application/model_tiers.hpp"

namespace llmgw::application {

// Use case: the models a caller may use (every configured model on an open
// gateway), then the tiers it may ask for (`tier:<name>`, with a model it
// may use; provider `tier`).
class ListModels {
public:
    explicit ListModels(const ModelRouter& router, AccessPolicy access = {}, const ModelTiers* tiers = nullptr)
        : router_(router), access_(access), tiers_(tiers) {}

    std::vector<ModelRouter::ModelEntry> operator()(const domain::RequestContext& context) const {
        auto models = router_.models();
        std::erase_if(models, [&](const auto& entry) { return !access_.may_use(context, entry.model); });
        if (tiers_) {
            for (auto& tier : tiers_->usable(context, access_)) models.push_back({std::move(tier), "tier"});
        }
        return models;
    }
    // Every configured model, whoever asks (for the start-up log).
    std::vector<ModelRouter::ModelEntry> all() const { return router_.models(); }

private:
    const ModelRouter& router_;
    AccessPolicy access_;
    const ModelTiers* tiers_;
};

}  // namespace llmgw::application
