#include "adapters/outbound/gemini/gemini_response.hpp"

#include "adapters/common/identifiers.hpp"
#include "adapters/common/json_access.hpp"
#include "adapters/openai_format/json_writer.hpp"

namespace llmgw::adapters {
namespace json = boost::json;

namespace {

// What one candidate of one response carries.
struct CandidateContent {
    int index = 0;
    std::string text;
    std::vector<domain::ToolCall> calls;
    const json::value* finish_reason = nullptr;
};

CandidateContent read_candidate(const json::object& candidate) {
    CandidateContent read;
    read.index = static_cast<int>(integer_at(candidate, "index"));
    read.finish_reason = candidate.if_contains("finishReason");
    const auto* content = object_at(candidate, "content");
    const auto* parts = content ? array_at(*content, "parts") : nullptr;
    if (!parts) return read;
    for (const auto& item : *parts) {
        if (!item.is_object()) continue;
        const auto& part = item.get_object();
        if (const auto* thought = part.if_contains("thought"); thought && thought->is_bool() && thought->get_bool()) {
            continue;
        }
        if (const auto* text = part.if_contains("text"); text && text->is_string()) read.text += text->get_string();
        if (const auto* call = object_at(part, "functionCall")) {
            const auto* name = call->if_contains("name");
            const auto* args = call->if_contains("args");
            const auto* id = call->if_contains("id");
            read.calls.push_back({id && id->is_string() ? std::string(id->get_string()) : random_id("call_", 24),
                                  name && name->is_string() ? std::string(name->get_string()) : std::string(),
                                  args ? json_text(*args) : std::string("{}")});
        }
    }
    return read;
}

// A response without candidates: the prompt itself was blocked.
bool prompt_blocked(const json::object& body) {
    const auto* feedback = object_at(body, "promptFeedback");
    return feedback && feedback->contains("blockReason");
}

}  // namespace

std::optional<domain::FinishReason> gemini_finish_reason(const json::value& reason, bool called_functions) {
    if (!reason.is_string()) return std::nullopt;
    const auto& text = reason.get_string();
    if (text == "MAX_TOKENS") return domain::FinishReason::length;
    if (text == "SAFETY" || text == "RECITATION" || text == "BLOCKLIST" || text == "PROHIBITED_CONTENT" ||
        text == "SPII" || text == "IMAGE_SAFETY") {
        return domain::FinishReason::content_filter;
    }
    return called_functions ? domain::FinishReason::tool_calls : domain::FinishReason::stop;
}

domain::Usage gemini_usage(const json::object& usage_metadata) {
    domain::Usage usage;
    usage.prompt_tokens = count_at(usage_metadata, "promptTokenCount");
    usage.cached_prompt_tokens = count_at(usage_metadata, "cachedContentTokenCount");
    usage.reasoning_tokens = count_at(usage_metadata, "thoughtsTokenCount");
    usage.completion_tokens = count_at(usage_metadata, "candidatesTokenCount") + usage.reasoning_tokens;
    return usage;
}

domain::Result<domain::ChatResponse> parse_gemini_response(const json::object& body) {
    domain::ChatResponse response;
    if (const auto* id = body.if_contains("responseId"); id && id->is_string()) response.id = id->get_string();
    if (const auto* usage = object_at(body, "usageMetadata")) response.usage = gemini_usage(*usage);
    const auto* candidates = array_at(body, "candidates");
    if (!candidates || candidates->empty()) {
        if (!prompt_blocked(body)) {
            return domain::make_error(domain::ErrorCode::upstream_error,
                                      "The upstream sent a malformed response: no candidates.");
        }
        domain::Choice blocked;
        blocked.message.role = domain::Role::assistant;
        blocked.finish_reason = domain::FinishReason::content_filter;
        response.choices.push_back(std::move(blocked));
        return response;
    }
    for (const auto& item : *candidates) {
        if (!item.is_object()) continue;
        auto read = read_candidate(item.get_object());
        domain::Choice choice;
        choice.index = read.index;
        choice.message.role = domain::Role::assistant;
        if (!read.text.empty() || read.calls.empty()) {
            choice.message.content.push_back(domain::ContentPart::make_text(std::move(read.text)));
        }
        if (read.finish_reason) choice.finish_reason = gemini_finish_reason(*read.finish_reason, !read.calls.empty());
        choice.message.tool_calls = std::move(read.calls);
        response.choices.push_back(std::move(choice));
    }
    return response;
}

domain::Result<std::vector<domain::StreamChunk>> GeminiStreamTranslator::on_chunk(const json::object& body) {
    std::vector<domain::StreamChunk> chunks;
    if (const auto* usage = object_at(body, "usageMetadata")) {
        summary_.usage = gemini_usage(*usage);  // cumulative: the latest replaces the rest
        summary_.usage_reported = true;
    }
    if (summary_.id.empty()) {
        if (const auto* id = body.if_contains("responseId"); id && id->is_string()) summary_.id = id->get_string();
    }
    const auto* candidates = array_at(body, "candidates");
    if ((!candidates || candidates->empty()) && prompt_blocked(body)) {
        domain::StreamChunk blocked;
        blocked.role = domain::Role::assistant;
        blocked.finish_reason = domain::FinishReason::content_filter;
        candidates_[0].finished = true;
        chunks.push_back(std::move(blocked));
        return chunks;
    }
    if (!candidates) return chunks;
    for (const auto& item : *candidates) {
        if (!item.is_object()) continue;
        auto read = read_candidate(item.get_object());
        auto [entry, is_new] = candidates_.try_emplace(read.index);
        auto& candidate = entry->second;
        if (candidate.finished) continue;
        if (is_new) {
            ++open_candidates_;
            domain::StreamChunk first;
            first.choice_index = read.index;
            first.role = domain::Role::assistant;
            first.content = std::string();
            chunks.push_back(std::move(first));
        }
        if (!read.text.empty()) {
            domain::StreamChunk text;
            text.choice_index = read.index;
            text.content = std::move(read.text);
            chunks.push_back(std::move(text));
        }
        for (auto& call : read.calls) {
            domain::StreamChunk chunk;
            chunk.choice_index = read.index;
            chunk.tool_calls.push_back({candidate.tool_calls++, std::move(call.id), std::move(call.name),
                                        std::move(call.arguments)});
            chunks.push_back(std::move(chunk));
        }
        if (read.finish_reason && !read.finish_reason->is_null()) {
            domain::StreamChunk last;
            last.choice_index = read.index;
            last.finish_reason = gemini_finish_reason(*read.finish_reason, candidate.tool_calls > 0);
            chunks.push_back(std::move(last));
            candidate.finished = true;
            --open_candidates_;
        }
    }
    return chunks;
}

}  // namespace llmgw::adapters
