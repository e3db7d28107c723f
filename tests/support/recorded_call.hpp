#pragma once

#include <string>
#include <utility>

#include "application/metering.hpp"
#include "run_awaitable.hpp"

namespace llmgw::testing {

// Runs one use case call as a front door does: under the request's ledger
// row, closed with 200 or the failure (500 stands for any status here).
// `call(context)` returns the use case's awaitable.
template <class Call>
auto run_recorded(application::Metering& metering, domain::RequestContext context, domain::Operation operation,
                  std::string model, bool stream, Call call) {
    auto record = metering.open(context, operation, std::move(model), stream);
    auto result = run_awaitable(call(context));
    if (result) {
        record.answered(200);
    } else {
        record.failed(500, result.error());
    }
    return result;
}

}  // namespace llmgw::testing
