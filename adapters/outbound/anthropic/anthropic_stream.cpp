#include "adapters/outbound/anthropic/anthropic_stream.hpp"

#include <boost/json/parse.hpp>

#include "adapters/common/json_access.hpp"
#include "adapters/openai_format/json_writer.hpp"
#include "adapters/openai_format/reasoning_json.hpp"
#include "adapters/outbound/anthropic/anthropic_request.hpp"
#include "adapters/outbound/anthropic/anthropic_response.hpp"

namespace llmgw::adapters {
namespace json = boost::json;

namespace {

std::int64_t block_index(const json::object& data) {
    const auto* index = data.if_contains("index");
    return index && index->is_int64() ? index->get_int64() : -1;
}

domain::Error stream_error(const json::object& data) {
    const auto* error = object_at(data, "error");
    const auto type = error ? string_at(*error, "type") : std::string();
    const auto message = error ? string_at(*error, "message") : std::string("unknown error");
    auto code = domain::ErrorCode::upstream_error;
    if (type == "overloaded_error") code = domain::ErrorCode::upstream_unavailable;
    if (type == "rate_limit_error") code = domain::ErrorCode::rate_limited;
    auto failure = domain::make_error(code, "The upstream provider failed mid-stream (" + type + "): " + message);
    failure.transient = type == "overloaded_error" || type == "rate_limit_error" || type == "api_error";
    return failure;
}

}  // namespace

domain::Result<std::vector<domain::StreamChunk>> AnthropicStreamTranslator::on_event(std::string_view type,
                                                                                     const json::object& data) {
    std::vector<domain::StreamChunk> chunks;
    if (type == "message_start") {
        if (const auto* message = object_at(data, "message")) {
            summary_.id = string_at(*message, "id");
            if (const auto* usage = object_at(*message, "usage")) {
                summary_.usage = anthropic_usage(*usage);
                summary_.usage_reported = true;
            }
        }
        domain::StreamChunk first;
        first.role = domain::Role::assistant;
        first.content = std::string();
        chunks.push_back(std::move(first));
    } else if (type == "content_block_start") {
        const auto* block = object_at(data, "content_block");
        if (block && json_answer_ && string_at(*block, "type") == "tool_use" &&
            string_at(*block, "name") == json_answer_tool) {
            json_answer_block_ = block_index(data);
        } else if (block && string_at(*block, "type") == "thinking") {
            thinking_block_ = block_index(data);
            thinking_ = domain::ReasoningBlock{};
        } else if (block && string_at(*block, "type") == "redacted_thinking") {
            domain::StreamChunk chunk;
            chunk.reasoning_blocks.push_back(*reasoning_block_of(*block));
            chunks.push_back(std::move(chunk));
        } else if (block && is_provider_block(string_at(*block, "type"))) {
            provider_block_ = block_index(data);
            provider_content_ = *block;
            provider_input_.clear();
        } else if (block && string_at(*block, "type") == "tool_use") {
            const int call = next_tool_call_++;
            tool_call_of_block_[block_index(data)] = call;
            domain::StreamChunk chunk;
            chunk.tool_calls.push_back({call, string_at(*block, "id"), string_at(*block, "name"), ""});
            chunks.push_back(std::move(chunk));
        }
    } else if (type == "content_block_delta") {
        const auto* delta = object_at(data, "delta");
        const auto delta_type = delta ? string_at(*delta, "type") : std::string();
        if (delta_type == "text_delta") {
            domain::StreamChunk chunk;
            chunk.content = string_at(*delta, "text");
            chunks.push_back(std::move(chunk));
        } else if (delta_type == "thinking_delta" && block_index(data) == thinking_block_) {
            domain::StreamChunk chunk;
            chunk.reasoning = string_at(*delta, "thinking");
            thinking_.text += *chunk.reasoning;
            if (!chunk.reasoning->empty()) chunks.push_back(std::move(chunk));
        } else if (delta_type == "signature_delta" && block_index(data) == thinking_block_) {
            thinking_.signature += string_at(*delta, "signature");
        } else if (delta_type == "input_json_delta" && block_index(data) == provider_block_) {
            provider_input_ += string_at(*delta, "partial_json");
        } else if (delta_type == "input_json_delta" && block_index(data) == json_answer_block_) {
            domain::StreamChunk chunk;
            chunk.content = string_at(*delta, "partial_json");
            if (!chunk.content->empty()) chunks.push_back(std::move(chunk));
        } else if (delta_type == "input_json_delta") {
            auto call = tool_call_of_block_.find(block_index(data));
            auto arguments = string_at(*delta, "partial_json");
            if (call != tool_call_of_block_.end() && !arguments.empty()) {
                domain::StreamChunk chunk;
                chunk.tool_calls.push_back({call->second, "", "", std::move(arguments)});
                chunks.push_back(std::move(chunk));
            }
        }
    } else if (type == "content_block_stop") {
        if (block_index(data) == provider_block_) {
            if (!provider_input_.empty()) {
                std::error_code failed;
                auto input = json::parse(provider_input_, failed);
                if (!failed) provider_content_["input"] = std::move(input);
            }
            domain::StreamChunk chunk;
            chunk.provider_blocks.push_back(json_text(provider_content_));
            chunks.push_back(std::move(chunk));
            provider_block_ = -1;
        } else if (block_index(data) == thinking_block_) {
            domain::StreamChunk chunk;
            chunk.reasoning_blocks.push_back(std::move(thinking_));
            chunks.push_back(std::move(chunk));
            thinking_block_ = -1;
            thinking_ = domain::ReasoningBlock{};
        }
    } else if (type == "message_delta") {
        if (const auto* usage = object_at(data, "usage")) {
            // Cumulative: the latest count replaces the earlier one.
            if (usage->contains("output_tokens")) {
                summary_.usage.completion_tokens = count_at(*usage, "output_tokens");
                summary_.usage_reported = true;
            }
        }
        const auto* delta = object_at(data, "delta");
        const auto* reason = delta ? delta->if_contains("stop_reason") : nullptr;
        if (reason && !reason->is_null()) {
            domain::StreamChunk last;
            last.finish_reason = anthropic_finish_reason(*reason);
            last.stop_sequence = string_at(*delta, "stop_sequence");
            if (json_answer_ && last.finish_reason == domain::FinishReason::tool_calls) {
                last.finish_reason = domain::FinishReason::stop;
            }
            chunks.push_back(std::move(last));
        }
    } else if (type == "message_stop") {
        finished_ = true;
    } else if (type == "error") {
        return stream_error(data);
    }
    return chunks;
}

}  // namespace llmgw::adapters
