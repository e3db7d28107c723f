#pragma once

#include <string>

#include "domain/error.hpp"
#include "domain/ledger_row.hpp"
#include "domain/ports/clock.hpp"
#include "domain/ports/cost_ledger.hpp"
#include "domain/request_context.hpp"

namespace llmgw::application {

// The ledger row of one request, from the moment its front door knows what
// it asks for until the client has its answer. The front door opens it
// (Metering::open), points the request's context at its row so that every
// attempt adds what it cost, and closes it with what the client got. It is
// recorded exactly once: by `answered`, `failed` or `abandoned`, or by the
// destructor, as abandoned, when the request ends any other way (its
// coroutine cancelled or destroyed). Nothing here awaits.
class RequestRecord {
public:
    RequestRecord(domain::CostLedger& ledger, const domain::Clock& clock, domain::RequestContext& context,
                  domain::Operation operation, std::string model, bool stream);
    RequestRecord(const RequestRecord&) = delete;
    RequestRecord& operator=(const RequestRecord&) = delete;
    ~RequestRecord() { abandoned(status_client_left); }

    // The client got an answer with `status`.
    void answered(int status) noexcept { close(status, nullptr, false); }
    // The client got `error` with `status` (a stream that failed after its
    // first event keeps the 200 it started with).
    void failed(int status, const domain::Error& error) noexcept {
        close(status, &error, error.code == domain::ErrorCode::client_closed);
    }
    // The client left before its answer was complete, after being sent
    // `status` (499 when nothing had been sent).
    void abandoned(int status) noexcept { close(status, nullptr, true); }

    static constexpr int status_client_left = 499;

private:
    void close(int status, const domain::Error* error, bool aborted) noexcept;

    domain::CostLedger& ledger_;
    const domain::Clock& clock_;
    domain::RequestContext& context_;
    domain::LedgerRow row_;
    bool open_ = true;
};

}  // namespace llmgw::application
