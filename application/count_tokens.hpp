#pragma once

#include <cstdint>

#include <boost/asio/awaitable.hpp>

#include "application/access_policy.hpp"
#include "application/model_router.hpp"
#include "application/model_tiers.hpp"
#include "domain/chat_request.hpp"
#include "domain/ports/clock.hpp"
#include "domain/request_context.hpp"

namespace llmgw::application {

// Use case: how many input tokens a chat request would take, for a model
// the caller may use. The model's provider counts them where it can
// (Anthropic, Gemini), on the deployment a call would go to now; else, or
// when the provider cannot answer, the gateway estimates them as it does
// for budgets. Nothing is generated, nothing is spent or booked. A request
// the provider refuses is its error.
class CountTokens {
public:
    CountTokens(ModelRouter& router, const domain::Clock& clock, AccessPolicy access = {},
                const ModelTiers* tiers = nullptr)
        : router_(router), clock_(clock), access_(access), tiers_(tiers) {}

    struct Count {
        std::int64_t input_tokens = 0;
        bool exact = false;  // the provider's own count
    };
    boost::asio::awaitable<domain::Result<Count>> operator()(const domain::RequestContext& context,
                                                             domain::ChatRequest request) const;

private:
    ModelRouter& router_;
    const domain::Clock& clock_;
    AccessPolicy access_;
    const ModelTiers* tiers_;
};

}  // namespace llmgw::application
