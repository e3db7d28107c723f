#pragma once

#include <vector>

#include <boost/asio/awaitable.hpp>

#include "domain/error.hpp"
#include "domain/spend_report.hpp"

namespace llmgw::domain {

// Totals of the ledger's rows, aggregated by the database, never on an event
// loop: the awaiting coroutine resumes on its own executor when the query is
// done. At most max_spend_groups groups, costliest first. A database that
// cannot answer is ErrorCode::ledger_unavailable.
class SpendReports {
public:
    virtual ~SpendReports() = default;
    virtual boost::asio::awaitable<Result<std::vector<SpendGroup>>> spend(const SpendQuery& query) = 0;
};

}  // namespace llmgw::domain
