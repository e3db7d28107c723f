#pragma once

#include <utility>

#include <boost/asio/awaitable.hpp>

#include "application/guarded_call.hpp"
#include "application/metering.hpp"

namespace llmgw::application {

// One upstream call under metering: reserve the most `estimate` may cost on
// `deployment` (Metering::worst_case), make
// the call (`call()` returns the port's awaitable), then settle with the
// usage the answer reports. A failed call costs nothing: its reservation is
// released on the way out, whichever way that is (cancellation included).
// An answer whose `usage_reported` is false, or whose usage is not
// plausible (an upstream reporting nonsense), is settled at that worst case
// and flagged as estimated: never billed as sent.
template <class Answer, class Call>
boost::asio::awaitable<domain::Result<Answer>> metered_call(Metering& metering, const domain::RequestContext& context,
                                                            const domain::Deployment& deployment,
                                                            UsageEstimate estimate, Call call) {
    const auto worst = Metering::worst_case(estimate, deployment);
    BOOST_OUTCOME_CO_TRY(auto reservation, co_await metering.reserve(context, worst, deployment));
    auto answer = co_await guarded_call(call());
    if (!answer) co_return std::move(answer).error();
    auto& value = answer.value();
    bool reported = domain::plausible(value.usage);
    if constexpr (requires { value.usage_reported; }) reported = reported && value.usage_reported;
    const bool estimated = !reported;
    if (estimated) value.usage = worst;
    value.model = deployment.model;
    metering.settle(reservation, context, deployment, Metering::Outcome{value.usage, estimated});
    co_return std::move(answer);
}

}  // namespace llmgw::application
