#include "infrastructure/config/rate_limits_config_reader.hpp"

namespace llmgw::infrastructure::config_reading {
namespace {

// More than a day's worth of anything a gateway could see.
constexpr long long most_per_window = 1'000'000'000'000LL;

void add(std::vector<domain::RateLimit>& into, domain::RateLimit limit) {
    limit.slot = into.size();
    into.push_back(std::move(limit));
}

}  // namespace

void read_rate_limits(Reader& reader, const YAML::Node& node, const std::string& path, domain::PolicyScope scope,
                      const std::string& owner, std::vector<domain::RateLimit>& into) {
    const auto prefix = path.empty() ? std::string() : path + ".";
    if (const auto parallel = node["max_parallel"]) {
        add(into, {.scope = scope,
                   .owner = owner,
                   .measure = domain::RateMeasure::parallel,
                   .period = {},
                   .limit = reader.integer(parallel, prefix + "max_parallel", 1, 1'000'000)});
    }
    const auto list = node["rate_limits"];
    if (!list) return;
    const auto list_path = prefix + "rate_limits";
    if (!list.IsSequence()) reader.fail(list, list_path, "expected a list of windows, e.g. [{ rpm: 600, tpm: 200000 }]");
    for (std::size_t i = 0; i < list.size(); ++i) {
        const auto item_path = list_path + "[" + std::to_string(i) + "]";
        const auto& item = list[i];
        if (!item.IsMap() || item.size() == 0) {
            reader.fail(item, item_path, "expected a map of windows, e.g. { rpm: 600 }");
        }
        for (const auto& entry : item) {
            const auto name = entry.first.as<std::string>();
            const auto window = domain::rate_window_named(name);
            if (!window) {
                reader.fail(entry.first, item_path + "." + name,
                            "unknown window (expected rps, rpm, rph, rpd, tpm, tph, tpd, input_tpm or output_tpm)");
            }
            add(into, {.scope = scope,
                       .owner = owner,
                       .measure = window->measure,
                       .period = window->period,
                       .limit = reader.integer(entry.second, item_path + "." + name, 1, most_per_window)});
        }
    }
}

}  // namespace llmgw::infrastructure::config_reading
