#include "application/report_spend.hpp"

namespace llmgw::application {

boost::asio::awaitable<domain::Result<std::vector<domain::SpendGroup>>> ReportSpend::operator()(
    const domain::RequestContext& context, domain::SpendQuery query) const {
    if (query.to <= query.from) {
        co_return domain::make_error(domain::ErrorCode::invalid_request, "`to` must be later than `from`.", "to");
    }
    if (!access_.require_admin(context)) {
        // Only the caller's own rows: a question about another key's has an
        // empty answer.
        if (query.key_id && *query.key_id != context.caller.api_key_id) co_return std::vector<domain::SpendGroup>{};
        query.key_id = context.caller.api_key_id;
    }
    if (!reports_) {
        co_return domain::make_error(domain::ErrorCode::ledger_unavailable,
                                     "Spend reports need a database ledger (ledger.kind sqlite or postgres).");
    }
    co_return co_await reports_->spend(query);
}

}  // namespace llmgw::application
