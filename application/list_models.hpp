#pragma once

#include <vector>

#include "application/access_policy.hpp"
#include "application/model_router.hpp"

namespace llmgw::application {

// Use case: the models a caller may use (every configured model on an open
// gateway).
class ListModels {
public:
    explicit ListModels(const ModelRouter& router, AccessPolicy access = {}) : router_(router), access_(access) {}

    std::vector<ModelRouter::ModelEntry> operator()(const domain::RequestContext& context) const {
        auto models = router_.models();
        std::erase_if(models, [&](const auto& entry) { return !access_.may_use(context, entry.model); });
        return models;
    }
    // Every configured model, whoever asks (for the start-up log).
    std::vector<ModelRouter::ModelEntry> all() const { return router_.models(); }

private:
    const ModelRouter& router_;
    AccessPolicy access_;
};

}  // namespace llmgw::application
