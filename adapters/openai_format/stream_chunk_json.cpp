#include "adapters/openai_format/stream_chunk_json.hpp"

#include "adapters/common/json_access.hpp"
#include "adapters/openai_format/json_writer.hpp"
#include "adapters/openai_format/message_json.hpp"
#include "adapters/openai_format/reasoning_json.hpp"

namespace llmgw::adapters {
namespace json = boost::json;

namespace {

void write_identity(JsonWriter& writer, const AnswerIdentity& identity) {
    writer.key("id").string(identity.id).key("object").string("chat.completion.chunk");
    writer.key("created").number(identity.created).key("model").string(identity.model);
}

void write_tool_call_deltas(JsonWriter& writer, const std::vector<domain::ToolCallDelta>& calls) {
    writer.begin_array();
    for (const auto& call : calls) {
        writer.begin_object().key("index").number(std::int64_t{call.index});
        if (!call.id.empty()) writer.key("id").string(call.id).key("type").string("function");
        writer.key("function").begin_object();
        if (!call.name.empty()) writer.key("name").string(call.name);
        writer.key("arguments").string(call.arguments);
        writer.end_object().end_object();
    }
    writer.end_array();
}

std::vector<domain::ToolCallDelta> parse_tool_call_deltas(const json::array& calls) {
    std::vector<domain::ToolCallDelta> deltas;
    for (const auto& item : calls) {
        if (!item.is_object()) continue;
        const auto& fields = item.get_object();
        domain::ToolCallDelta delta;
        delta.index = index_at(fields, "index");
        delta.id = optional_string_at(fields, "id").value_or("");
        if (const auto* function = fields.if_contains("function"); function && function->is_object()) {
            delta.name = optional_string_at(function->get_object(), "name").value_or("");
            delta.arguments = optional_string_at(function->get_object(), "arguments").value_or("");
        }
        deltas.push_back(std::move(delta));
    }
    return deltas;
}

}  // namespace

std::string write_chunk(const AnswerIdentity& identity, const domain::StreamChunk& chunk, bool usage_field) {
    JsonWriter writer;
    writer.begin_object();
    write_identity(writer, identity);
    writer.key("choices").begin_array().begin_object();
    writer.key("index").number(std::int64_t{chunk.choice_index});
    writer.key("delta").begin_object();
    if (chunk.role) writer.key("role").string(role_name(*chunk.role));
    if (chunk.content) writer.key("content").string(*chunk.content);
    if (chunk.refusal) writer.key("refusal").string(*chunk.refusal);
    if (chunk.reasoning) writer.key("reasoning_content").string(*chunk.reasoning);
    if (!chunk.reasoning_blocks.empty()) {
        writer.key("thinking_blocks");
        write_reasoning_blocks(writer, chunk.reasoning_blocks);
    }
    if (!chunk.tool_calls.empty()) {
        writer.key("tool_calls");
        write_tool_call_deltas(writer, chunk.tool_calls);
    }
    writer.end_object();
    writer.key("logprobs").null().key("finish_reason");
    if (chunk.finish_reason) {
        writer.string(domain::to_string(*chunk.finish_reason));
    } else {
        writer.null();
    }
    writer.end_object().end_array();
    if (usage_field) writer.key("usage").null();
    writer.end_object();
    return writer.take();
}

std::string write_usage_chunk(const AnswerIdentity& identity, const domain::Usage& usage) {
    JsonWriter writer;
    writer.begin_object();
    write_identity(writer, identity);
    writer.key("choices").begin_array().end_array();
    writer.key("usage");
    write_usage(writer, usage);
    writer.end_object();
    return writer.take();
}

domain::Result<UpstreamChunk> parse_upstream_chunk(const json::object& payload) {
    if (const auto* error = payload.if_contains("error"); error && error->is_object()) {
        auto message = optional_string_at(error->get_object(), "message").value_or("unknown error");
        // OpenAI reports server faults this way (`server_error`); a request
        // fault would have been a status code before the stream began.
        return domain::make_transient_error(domain::ErrorCode::upstream_error,
                                            "The upstream failed mid-stream: " + message);
    }
    UpstreamChunk parsed;
    parsed.id = optional_string_at(payload, "id").value_or("");
    parsed.model = optional_string_at(payload, "model").value_or("");
    if (const auto* usage = payload.if_contains("usage"); usage && usage->is_object()) {
        parsed.usage = parse_usage(usage->get_object());
    }
    const auto* choices = payload.if_contains("choices");
    if (!choices || !choices->is_array()) return parsed;
    for (const auto& item : choices->get_array()) {
        if (!item.is_object()) continue;
        const auto& fields = item.get_object();
        domain::StreamChunk chunk;
        chunk.choice_index = index_at(fields, "index");
        if (const auto* delta = fields.if_contains("delta"); delta && delta->is_object()) {
            const auto& d = delta->get_object();
            if (optional_string_at(d, "role")) chunk.role = domain::Role::assistant;
            chunk.content = optional_string_at(d, "content");
            chunk.refusal = optional_string_at(d, "refusal");
            // DeepSeek, vLLM and LiteLLM call it reasoning_content, OpenRouter reasoning.
            chunk.reasoning = optional_string_at(d, "reasoning_content");
            if (!chunk.reasoning) chunk.reasoning = optional_string_at(d, "reasoning");
            if (const auto* calls = d.if_contains("tool_calls"); calls && calls->is_array()) {
                chunk.tool_calls = parse_tool_call_deltas(calls->get_array());
            }
        }
        if (auto text = optional_string_at(fields, "text")) chunk.content = std::move(text);
        if (const auto* finish = fields.if_contains("finish_reason")) chunk.finish_reason = parse_finish_reason(*finish);
        parsed.chunks.push_back(std::move(chunk));
    }
    return parsed;
}

}  // namespace llmgw::adapters
