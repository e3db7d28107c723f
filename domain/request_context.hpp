#pragma once

#include <string>

namespace llmgw::domain {

// Who a request is billed to. Empty until gateway API keys exist; the ledger
// already records it.
struct Attribution {
    std::string api_key_id;
    std::string team;
    std::string project;
    std::string user;
};

// What travels with a request through every use case besides the request
// itself, whatever protocol it came in on.
struct RequestContext {
    std::string request_id;
    Attribution caller;
};

}  // namespace llmgw::domain
