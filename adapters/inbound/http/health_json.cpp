#include "adapters/inbound/http/health_json.hpp"

#include <algorithm>

#include "adapters/openai_format/json_writer.hpp"

namespace llmgw::adapters {
namespace {

void write_probe(JsonWriter& writer, const application::ProviderHealth::ProbeResult& probe) {
    writer.key("probe").begin_object().key("ok").boolean(probe.ok);
    writer.key("latency_ms").number(static_cast<std::int64_t>(probe.latency.count()));
    writer.key("error");
    if (probe.ok) {
        writer.null();
    } else {
        writer.string(probe.error);
    }
    writer.end_object();
}

}  // namespace

std::string write_provider_health(const std::vector<application::ProviderHealth::Report>& reports,
                                  const std::vector<application::ProviderHealth::ProbeResult>& probes) {
    JsonWriter writer;
    writer.begin_object().key("object").string("list").key("data").begin_array();
    for (const auto& report : reports) {
        const auto& deployment = *report.deployment;
        const auto& health = report.health;
        writer.begin_object();
        writer.key("model").string(deployment.model);
        writer.key("provider").string(deployment.provider);
        writer.key("upstream_model").string(deployment.upstream_model);
        writer.key("circuit_breaker").begin_object();
        writer.key("state").string(domain::to_string(health.breaker));
        writer.key("accepting").boolean(health.accepting);
        writer.key("consecutive_failures").number(static_cast<std::int64_t>(health.consecutive_failures));
        writer.key("cooldown_left_ms").number(static_cast<std::int64_t>(report.cooldown_left.count()));
        writer.key("transitions").number(health.breaker_transitions);
        writer.end_object();
        writer.key("recent").begin_object();
        writer.key("requests").number(health.recent.total());
        writer.key("failures").number(health.recent.failures);
        writer.key("error_rate").number(health.recent.failure_rate());
        writer.end_object();
        writer.key("latency_ms");
        if (health.latency_ms) {
            writer.number(*health.latency_ms);
        } else {
            writer.null();
        }
        writer.key("in_flight").number(static_cast<std::int64_t>(health.in_flight));
        writer.key("queued").number(static_cast<std::int64_t>(report.queued));
        writer.key("max_concurrency").number(static_cast<std::int64_t>(report.max_concurrency));
        const auto probe = std::find_if(probes.begin(), probes.end(),
                                        [&](const auto& result) { return result.deployment == report.deployment; });
        if (probe != probes.end()) write_probe(writer, *probe);
        writer.end_object();
    }
    writer.end_array().end_object();
    return writer.take();
}

}  // namespace llmgw::adapters
