#include "adapters/inbound/http/json_rpc_messages.hpp"

#include <boost/json/object.hpp>

#include "adapters/inbound/http/front_door.hpp"
#include "adapters/inbound/http/openai_error.hpp"
#include "adapters/openai_format/json_writer.hpp"

namespace llmgw::adapters {
namespace json = boost::json;
namespace {

int code_of(domain::ErrorCode code) noexcept {
    using domain::ErrorCode;
    switch (code) {
    case ErrorCode::invalid_request:
    case ErrorCode::model_not_found:
    case ErrorCode::content_policy_violation:
    case ErrorCode::payload_too_large: return rpc_code::invalid_params;
    case ErrorCode::model_not_allowed:
    case ErrorCode::forbidden: return rpc_code::model_not_allowed;
    case ErrorCode::unauthorized: return rpc_code::unauthorized;
    case ErrorCode::upstream_timeout: return rpc_code::timeout;
    case ErrorCode::budget_exceeded: return rpc_code::budget_exceeded;
    case ErrorCode::rate_limited:
    case ErrorCode::rate_limit_exceeded: return rpc_code::rate_limited;
    case ErrorCode::upstream_unavailable:
    case ErrorCode::upstream_error:
    case ErrorCode::ledger_unavailable:
    case ErrorCode::shared_state_unavailable: return rpc_code::upstream_unavailable;
    case ErrorCode::client_closed:
    case ErrorCode::internal: return rpc_code::internal_error;
    }
    return rpc_code::internal_error;
}

// An id may be a string, a number or null (JSON-RPC 2.0 §4).
bool usable_id(const json::value& id) noexcept { return id.is_string() || id.is_number() || id.is_null(); }

RpcCall read_call(const json::value& element) {
    RpcCall call;
    const auto invalid = [&](std::string why) {
        call.invalid = RpcError{rpc_code::invalid_request, "Invalid Request: " + std::move(why), nullptr};
        return call;
    };
    if (!element.is_object()) return invalid("a call is an object");
    const auto& object = element.get_object();
    if (const auto* id = object.if_contains("id")) {
        // An id that is not usable is answered with a null one.
        call.id = usable_id(*id) ? *id : json::value(nullptr);
        if (!usable_id(*id)) return invalid("`id` must be a string, a number or null");
    }
    const auto* version = object.if_contains("jsonrpc");
    if (!version || !version->is_string() || version->get_string() != "2.0") return invalid("`jsonrpc` must be \"2.0\"");
    const auto* method = object.if_contains("method");
    if (!method || !method->is_string()) return invalid("`method` must be a string");
    call.method = method->get_string();
    if (const auto* params = object.if_contains("params")) {
        if (!params->is_object() && !params->is_array()) return invalid("`params` must be an object or an array");
        call.params = *params;
    }
    return call;
}

}  // namespace

RpcError rpc_error_of(const domain::Error& error, std::string message) {
    const auto openai = to_openai_error(error);
    json::object data;
    data["type"] = openai.type;
    data["code"] = openai.code.empty() ? json::value(nullptr) : json::value(openai.code);
    data["param"] = error.param.empty() ? json::value(nullptr) : json::value(error.param);
    data["status"] = static_cast<int>(openai.status);
    if (error.retry_after) data["retry_after_s"] = error.retry_after->count();
    return {code_of(error.code), std::move(message), std::move(data)};
}

RpcBody parse_rpc_body(std::string_view text, std::size_t max_batch) {
    RpcBody body;
    const auto parsed = parse_json_body(text);
    if (!parsed) {
        body.invalid = RpcError{rpc_code::parse_error, "Parse error: the body is not JSON", nullptr};
        return body;
    }
    if (!parsed->is_array()) {
        body.calls.push_back(read_call(*parsed));
        return body;
    }
    body.batch = true;
    const auto& elements = parsed->get_array();
    if (elements.empty()) {
        body.invalid = RpcError{rpc_code::invalid_request, "Invalid Request: an empty batch", nullptr};
    } else if (elements.size() > max_batch) {
        body.invalid = RpcError{rpc_code::invalid_request,
                                "Invalid Request: a batch holds at most " + std::to_string(max_batch) + " calls",
                                nullptr};
    } else {
        for (const auto& element : elements) body.calls.push_back(read_call(element));
    }
    return body;
}

std::string write_rpc_result(const json::value& id, std::string_view result) {
    JsonWriter writer;
    writer.begin_object().key("jsonrpc").string("2.0").key("id").value(id).key("result").raw(result).end_object();
    return writer.take();
}

std::string write_rpc_error(const std::optional<json::value>& id, const RpcError& error) {
    JsonWriter writer;
    writer.begin_object().key("jsonrpc").string("2.0").key("id");
    if (id) {
        writer.value(*id);
    } else {
        writer.null();
    }
    writer.key("error").begin_object().key("code").number(std::int64_t{error.code}).key("message").string(error.message);
    if (!error.data.is_null()) writer.key("data").value(error.data);
    writer.end_object().end_object();
    return writer.take();
}

std::string write_rpc_notification(std::string_view method, std::string_view params) {
    JsonWriter writer;
    writer.begin_object().key("jsonrpc").string("2.0").key("method").string(method).key("params").raw(params);
    writer.end_object();
    return writer.take();
}

}  // namespace llmgw::adapters
