#include "adapters/inbound/http/attribution.hpp"

#include <algorithm>
#include <string_view>

namespace llmgw::adapters {
namespace {

constexpr std::size_t max_value_bytes = 256;
constexpr std::size_t max_tags = 32;
constexpr std::size_t max_tag_bytes = 64;

std::string_view trimmed(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    return text;
}

// Printable ASCII only: these values end up in logs, metrics and SQL rows.
bool printable(std::string_view text) {
    return std::all_of(text.begin(), text.end(), [](char c) { return c >= 0x20 && c < 0x7F; });
}

domain::Error bad_header(std::string_view name, std::string_view rule) {
    return domain::make_error(domain::ErrorCode::invalid_request,
                              "The header " + std::string(name) + " must be " + std::string(rule) + ".");
}

domain::Result<void> read_value(const boost::beast::http::request<boost::beast::http::string_body>& request,
                                std::string_view name, std::string& field) {
    const auto value = trimmed(request[name]);
    if (value.empty()) return domain::success();
    if (value.size() > max_value_bytes || !printable(value)) {
        return bad_header(name, "printable ASCII of at most " + std::to_string(max_value_bytes) + " bytes");
    }
    field = value;
    return domain::success();
}

void take_string(const boost::json::object& object, std::string_view name, std::string& field) {
    if (!field.empty()) return;
    const auto* value = object.if_contains(name);
    if (!value || !value->is_string()) return;
    const auto& text = value->get_string();
    if (text.empty() || text.size() > max_value_bytes || !printable(text)) return;
    field = text;
}

}  // namespace

domain::Result<void> attribute_from_headers(
    const boost::beast::http::request<boost::beast::http::string_body>& request, domain::Attribution& caller) {
    BOOST_OUTCOME_TRY(read_value(request, "x-llmgw-session-id", caller.session_id));
    BOOST_OUTCOME_TRY(read_value(request, "x-llmgw-source-agent", caller.source_agent));
    std::string_view tags = request["x-llmgw-tags"];
    while (!tags.empty()) {
        const auto comma = tags.find(',');
        const auto tag = trimmed(tags.substr(0, comma));
        tags = comma == std::string_view::npos ? std::string_view() : tags.substr(comma + 1);
        if (tag.empty()) continue;
        if (tag.size() > max_tag_bytes || !printable(tag) || caller.tags.size() == max_tags) {
            return bad_header("x-llmgw-tags", "at most " + std::to_string(max_tags) + " comma-separated tags of at most " +
                                                  std::to_string(max_tag_bytes) + " printable bytes");
        }
        caller.tags.emplace_back(tag);
    }
    return domain::success();
}

void attribute_from_body(const boost::json::object& body, domain::Attribution& caller) {
    take_string(body, "user", caller.end_user);
    const auto* metadata = body.if_contains("metadata");
    if (metadata && metadata->is_object()) attribute_from_agent_context(metadata->get_object(), caller);
}

void attribute_from_messages_body(const boost::json::object& body, domain::Attribution& caller) {
    const auto* metadata = body.if_contains("metadata");
    if (!metadata || !metadata->is_object()) return;
    take_string(metadata->get_object(), "user_id", caller.end_user);
    attribute_from_agent_context(metadata->get_object(), caller);
}

void attribute_from_agent_context(const boost::json::object& context, domain::Attribution& caller) {
    take_string(context, "session_id", caller.session_id);
    take_string(context, "source_agent", caller.source_agent);
}

}  // namespace llmgw::adapters
