#pragma once

#include <boost/asio/awaitable.hpp>

#include "application/metering.hpp"
#include "application/model_router.hpp"
#include "domain/embedding.hpp"
#include "domain/request_context.hpp"

namespace llmgw::application {

// Use case: embed inputs with a model.
// Order: resolve the model -> reserve -> call -> settle (or release).
class Embed {
public:
    Embed(const ModelRouter& router, Metering& metering) : router_(router), metering_(metering) {}

    boost::asio::awaitable<domain::Result<domain::EmbeddingResponse>> operator()(domain::RequestContext context,
                                                                                domain::EmbeddingRequest request);

private:
    const ModelRouter& router_;
    Metering& metering_;
};

}  // namespace llmgw::application
