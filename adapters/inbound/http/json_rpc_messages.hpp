#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/value.hpp>

#include "domain/error.hpp"

namespace llmgw::adapters {

// JSON-RPC 2.0 (https://www.jsonrpc.org/specification) without I/O: the
// calls a body holds, and the answers to them.

// The specification's error codes, and the gateway's own (-32000 to -32099,
// the range it leaves to servers).
namespace rpc_code {
constexpr int parse_error = -32700;
constexpr int invalid_request = -32600;
constexpr int method_not_found = -32601;
constexpr int invalid_params = -32602;
constexpr int internal_error = -32603;
constexpr int model_not_allowed = -32001;
constexpr int timeout = -32002;
constexpr int budget_exceeded = -32003;
constexpr int rate_limited = -32004;
constexpr int upstream_unavailable = -32005;
constexpr int unauthorized = -32006;
}  // namespace rpc_code

struct RpcError {
    int code = rpc_code::internal_error;
    std::string message;
    // What the gateway knows beyond the code: the OpenAI-style `type`,
    // `code`, `param` and the HTTP status the same error has on the REST
    // door. Null for the specification's own errors.
    boost::json::value data;
};

// The error `error` is on this door; its message is `message` (the
// error's, scrubbed of secrets by the caller).
RpcError rpc_error_of(const domain::Error& error, std::string message);

// One element of a body: a call, or what makes it no call (answered with
// that error). `id` is absent for a notification, which gets no answer.
struct RpcCall {
    std::optional<boost::json::value> id;
    std::string method;
    boost::json::value params;  // an object or an array; null when absent
    std::optional<RpcError> invalid;
};

// What a request body holds: its calls (one, or a batch of up to
// `max_batch`), or the error that answers it whole (it is not JSON, or an
// empty or oversized batch).
struct RpcBody {
    bool batch = false;
    std::vector<RpcCall> calls;
    std::optional<RpcError> invalid;
};
RpcBody parse_rpc_body(std::string_view text, std::size_t max_batch);

// A response: `result` is JSON text already.
std::string write_rpc_result(const boost::json::value& id, std::string_view result);
// An error response; a null id when the call's could not be read.
std::string write_rpc_error(const std::optional<boost::json::value>& id, const RpcError& error);
// A notification from the server (`params` is JSON text already).
std::string write_rpc_notification(std::string_view method, std::string_view params);

}  // namespace llmgw::adapters
