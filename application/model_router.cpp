#include "application/model_router.hpp"

#include <algorithm>

namespace llmgw::application {

ModelRouter::ModelRouter(std::vector<Route> routes) : routes_(std::move(routes)) {}

domain::Result<const Route*> ModelRouter::resolve(std::string_view model) const {
    auto found = std::find_if(routes_.begin(), routes_.end(),
                              [&](const Route& route) { return route.deployment.model == model; });
    if (found == routes_.end()) {
        return domain::make_error(domain::ErrorCode::model_not_found,
                                  "The model `" + std::string(model) + "` does not exist or you do not have access to it.",
                                  "model");
    }
    return &*found;
}

std::vector<ModelRouter::ModelEntry> ModelRouter::models() const {
    std::vector<ModelEntry> entries;
    for (const auto& route : routes_) {
        const auto& model = route.deployment.model;
        bool seen = std::any_of(entries.begin(), entries.end(), [&](const ModelEntry& e) { return e.model == model; });
        if (!seen) entries.push_back({model, route.deployment.provider});
    }
    return entries;
}

}  // namespace llmgw::application
