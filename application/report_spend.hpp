#pragma once

#include <vector>

#include <boost/asio/awaitable.hpp>

#include "application/access_policy.hpp"
#include "domain/ports/spend_reports.hpp"
#include "domain/request_context.hpp"

namespace llmgw::application {

// Use case: spend totals from the ledger. The admin key (or anyone, on an
// open gateway) asks about everyone; any other key only about its own rows,
// whatever it filters on. Without a database ledger there is nothing to ask
// (ledger_unavailable).
class ReportSpend {
public:
    explicit ReportSpend(domain::SpendReports* reports, AccessPolicy access = {}) : reports_(reports), access_(access) {}

    boost::asio::awaitable<domain::Result<std::vector<domain::SpendGroup>>> operator()(
        const domain::RequestContext& context, domain::SpendQuery query) const;

private:
    domain::SpendReports* reports_;
    AccessPolicy access_;
};

}  // namespace llmgw::application
