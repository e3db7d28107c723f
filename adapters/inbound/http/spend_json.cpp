#include "adapters/inbound/http/spend_json.hpp"

#include <array>
#include <cstdio>
#include <utility>

#include <boost/url/parse.hpp>

#include "adapters/common/usd_text.hpp"
#include "adapters/openai_format/json_writer.hpp"
#include "domain/utc_time.hpp"

namespace llmgw::adapters {

namespace {

constexpr std::array<std::pair<std::string_view, domain::SpendGrouping>, 7> groupings{{
    {"team", domain::SpendGrouping::team},
    {"project", domain::SpendGrouping::project},
    {"key", domain::SpendGrouping::key},
    {"user", domain::SpendGrouping::user},
    {"model", domain::SpendGrouping::model},
    {"provider", domain::SpendGrouping::provider},
    {"day", domain::SpendGrouping::day},
}};

std::string_view grouping_name(domain::SpendGrouping grouping) {
    for (const auto& [name, value] : groupings) {
        if (value == grouping) return name;
    }
    return "team";
}

domain::Error bad_parameter(std::string_view name, std::string message) {
    return domain::make_error(domain::ErrorCode::invalid_request, std::move(message), std::string(name));
}

}  // namespace

domain::Result<domain::SpendQuery> parse_spend_query(std::string_view target, std::chrono::system_clock::time_point now) {
    domain::SpendQuery query;
    const auto day = std::chrono::floor<std::chrono::days>(now);
    const std::chrono::year_month_day today{day};
    query.from = std::chrono::sys_days(today.year() / today.month() / 1);
    query.to = now + std::chrono::seconds(1);

    const auto url = boost::urls::parse_origin_form(target);
    if (!url) return bad_parameter("", "The query string cannot be read.");
    for (const auto& param : url->params()) {
        const std::string_view name = param.key;
        const std::string& value = param.value;
        if (name == "from" || name == "to") {
            const auto time = domain::parse_utc_timestamp(value);
            if (!time) {
                return bad_parameter(name, "`" + std::string(name) +
                                               "` must be an RFC 3339 time or a date, e.g. 2026-12-01T00:00:00Z.");
            }
            (name == "from" ? query.from : query.to) = *time;
        } else if (name == "group_by") {
            bool known = false;
            for (const auto& [grouping, value_of] : groupings) {
                if (grouping == value) {
                    query.group_by = value_of;
                    known = true;
                }
            }
            if (!known) {
                return bad_parameter(name, "`group_by` must be one of team, project, key, user, model, provider, day.");
            }
        } else if (name == "key") {
            query.key_id = value;
        } else if (name == "team") {
            query.team = value;
        } else if (name == "project") {
            query.project = value;
        } else if (name == "user") {
            query.end_user = value;
        } else if (name == "model") {
            query.model = value;
        } else if (name == "provider") {
            query.provider = value;
        } else {
            return bad_parameter(name, "Unknown parameter `" + std::string(name).substr(0, 64) +
                                           "` (expected from, to, group_by, key, team, project, user, model, "
                                           "provider).");
        }
    }
    return query;
}

std::string write_spend(const domain::SpendQuery& query, const std::vector<domain::SpendGroup>& groups) {
    JsonWriter writer;
    writer.begin_object().key("object").string("list");
    writer.key("from").string(domain::utc_timestamp(query.from));
    writer.key("to").string(domain::utc_timestamp(query.to));
    writer.key("group_by").string(grouping_name(query.group_by));
    writer.key("data").begin_array();
    for (const auto& group : groups) {
        writer.begin_object().key("group");
        if (group.group.empty()) {
            writer.null();
        } else {
            writer.string(group.group);
        }
        writer.key("requests").number(group.requests);
        writer.key("errors").number(group.errors);
        writer.key("prompt_tokens").number(group.prompt_tokens);
        writer.key("completion_tokens").number(group.completion_tokens);
        writer.key("cached_prompt_tokens").number(group.cached_prompt_tokens);
        writer.key("cache_hits").number(group.cache_hits);
        // Four decimals: a rate, not money.
        char rate[32];
        const auto per_ten_thousand = group.requests > 0 ? group.cache_hits * 10'000 / group.requests : 0;
        std::snprintf(rate, sizeof rate, "%lld.%04lld", static_cast<long long>(per_ten_thousand / 10'000),
                      static_cast<long long>(per_ten_thousand % 10'000));
        writer.key("cache_hit_rate").raw(rate);
        writer.key("cost_usd").raw(usd_text(group.cost));
        writer.key("cost_nanousd").number(group.cost.value);
        writer.key("saved_usd").raw(usd_text(group.saved));
        writer.key("saved_nanousd").number(group.saved.value);
        writer.end_object();
    }
    writer.end_array().end_object();
    return writer.take();
}

}  // namespace llmgw::adapters
