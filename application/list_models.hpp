#pragma once

#include <vector>

#include "application/model_router.hpp"

namespace llmgw::application {

// Use case: the models a caller may use.
class ListModels {
public:
    explicit ListModels(const ModelRouter& router) : router_(router) {}
    std::vector<ModelRouter::ModelEntry> operator()() const { return router_.models(); }

private:
    const ModelRouter& router_;
};

}  // namespace llmgw::application
