#include "adapters/openai_format/response_conversation.hpp"

#include <algorithm>
#include <charconv>

#include <boost/json/parse.hpp>
#include <boost/url/parse.hpp>

#include "adapters/common/identifiers.hpp"
#include "adapters/common/json_access.hpp"
#include "adapters/openai_format/json_writer.hpp"

namespace llmgw::adapters {
namespace json = boost::json;

namespace {

std::string_view id_prefix(std::string_view type) {
    if (type == "function_call") return "fc_";
    if (type == "function_call_output") return "fco_";
    if (type == "reasoning") return "rs_";
    return "msg_";
}

// A text message's one part.
json::object text_part(std::string_view role, std::string_view text) {
    return {{"type", role == "assistant" ? "output_text" : "input_text"}, {"text", text}};
}

// `item` as listed input items are: with its type, an id, and a message's
// content as parts.
json::value listed_form(const json::value& item) {
    json::value copy = item;
    auto* object = copy.if_object();
    if (!object) return copy;
    if (!object->contains("type")) (*object)["type"] = "message";
    const auto type = string_at(*object, "type");
    if (!object->contains("id")) (*object)["id"] = random_id(id_prefix(type), 32);
    if (type == "message") {
        if (const auto* content = object->if_contains("content"); content && content->is_string()) {
            const auto role = string_at(*object, "role");
            json::array parts{text_part(role, content->get_string())};
            (*object)["content"] = std::move(parts);
        }
    }
    return copy;
}

domain::Error unreadable_conversation() {
    return domain::make_error(domain::ErrorCode::internal, "The stored response cannot be read.");
}

domain::Result<json::value> parse_stored(std::string_view text) {
    std::error_code failed;
    auto parsed = json::parse(text, failed);
    if (failed) return unreadable_conversation();
    return parsed;
}

std::string id_of(const json::value& item) {
    const auto* object = item.if_object();
    return object ? string_at(*object, "id") : std::string();
}

domain::Error bad_parameter(std::string_view name, std::string message) {
    return domain::make_error(domain::ErrorCode::invalid_request, std::move(message), std::string(name));
}

}  // namespace

std::string conversation_input(const json::array& history, const json::object& body) {
    json::array items = history;
    const auto* input = body.if_contains("input");
    if (input && input->is_string()) {
        json::object message{{"role", "user"}, {"content", input->get_string()}};
        items.push_back(listed_form(message));
    } else if (input && input->is_array()) {
        for (const auto& item : input->get_array()) items.push_back(listed_form(item));
    }
    return json_text(items);
}

domain::Result<json::array> conversation_of(const domain::StoredResponse& stored) {
    BOOST_OUTCOME_TRY(auto input, parse_stored(stored.input_items));
    BOOST_OUTCOME_TRY(auto response, parse_stored(stored.response));
    if (!input.is_array() || !response.is_object()) return unreadable_conversation();
    auto items = std::move(input.get_array());
    if (const auto* output = array_at(response.get_object(), "output")) {
        for (const auto& item : *output) items.push_back(item);
    }
    return items;
}

domain::Result<std::string> write_input_items(const domain::StoredResponse& stored, std::string_view target) {
    std::size_t limit = 20;
    bool ascending = false;
    std::string after;
    const auto url = boost::urls::parse_origin_form(target);
    if (!url) return bad_parameter("", "The query string cannot be read.");
    for (const auto& param : url->params()) {
        const std::string_view name = param.key;
        const std::string& value = param.value;
        if (name == "limit") {
            const auto [end, failed] = std::from_chars(value.data(), value.data() + value.size(), limit);
            if (failed != std::errc() || end != value.data() + value.size() || limit < 1 || limit > 100) {
                return bad_parameter(name, "`limit` must be a whole number from 1 to 100.");
            }
        } else if (name == "order") {
            if (value != "asc" && value != "desc") return bad_parameter(name, "`order` must be asc or desc.");
            ascending = value == "asc";
        } else if (name == "after") {
            after = value;
        }
    }
    BOOST_OUTCOME_TRY(auto input, parse_stored(stored.input_items));
    if (!input.is_array()) return unreadable_conversation();
    auto& items = input.get_array();
    if (!ascending) std::reverse(items.begin(), items.end());
    auto from = items.begin();
    if (!after.empty()) {
        from = std::find_if(items.begin(), items.end(), [&](const json::value& item) { return id_of(item) == after; });
        if (from != items.end()) ++from;
    }
    const auto left = static_cast<std::size_t>(items.end() - from);
    const auto to = from + static_cast<std::ptrdiff_t>(std::min(limit, left));

    JsonWriter writer;
    writer.begin_object().key("object").string("list").key("data").begin_array();
    for (auto at = from; at != to; ++at) writer.value(*at);
    writer.end_array().key("first_id");
    from == to ? writer.null() : writer.string(id_of(*from));
    writer.key("last_id");
    from == to ? writer.null() : writer.string(id_of(*(to - 1)));
    writer.key("has_more").boolean(left > limit).end_object();
    return writer.take();
}

std::string write_deleted(std::string_view id) {
    JsonWriter writer;
    writer.begin_object().key("id").string(id).key("object").string("response").key("deleted").boolean(true);
    writer.end_object();
    return writer.take();
}

}  // namespace llmgw::adapters
