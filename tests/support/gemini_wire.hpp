#pragma once

#include <string>
#include <vector>

namespace llmgw::testing {

// Gemini's wire format as the real API sends it: `alt=sse` events separated
// by "\r\n\r\n", no end marker, cumulative usageMetadata in every chunk, the
// finish reason in the last one, a function call whole in one chunk (and
// still finishReason STOP).

inline std::string gemini_event(const std::string& data) { return "data: " + data + "\r\n\r\n"; }

inline std::vector<std::string> gemini_text_stream() {
    return {
        gemini_event(R"({"candidates": [{"content": {"parts": [{"text": "Oslo is"}],"role": "model"},"index": 0}],"usageMetadata": {"promptTokenCount": 9,"candidatesTokenCount": 2,"totalTokenCount": 11},"modelVersion": "gemini-2.5-flash","responseId": "mJ8paMnzBJSQ1dkP8oHOkAM"})"),
        gemini_event(R"({"candidates": [{"content": {"parts": [{"text": " cold today."}],"role": "model"},"index": 0}],"usageMetadata": {"promptTokenCount": 9,"candidatesTokenCount": 5,"totalTokenCount": 14},"modelVersion": "gemini-2.5-flash","responseId": "mJ8paMnzBJSQ1dkP8oHOkAM"})"),
        gemini_event(R"({"candidates": [{"content": {"parts": [{"text": ""}],"role": "model"},"finishReason": "STOP","index": 0}],"usageMetadata": {"promptTokenCount": 9,"candidatesTokenCount": 5,"totalTokenCount": 30,"thoughtsTokenCount": 16},"modelVersion": "gemini-2.5-flash","responseId": "mJ8paMnzBJSQ1dkP8oHOkAM"})"),
    };
}

inline std::vector<std::string> gemini_function_call_stream() {
    return {
        gemini_event(R"({"candidates": [{"content": {"parts": [{"functionCall": {"name": "get_weather","args": {"city": "Oslo"}}},{"functionCall": {"name": "get_time","args": {"tz": "CET"}}}],"role": "model"},"finishReason": "STOP","index": 0}],"usageMetadata": {"promptTokenCount": 40,"candidatesTokenCount": 12,"totalTokenCount": 52},"modelVersion": "gemini-2.5-flash","responseId": "fc1"})"),
    };
}

inline const char* gemini_function_call_response() {
    return R"({"candidates": [{"content": {"parts": [{"text": "Checking."},{"functionCall": {"name": "get_weather","args": {"city": "Oslo"}}}],"role": "model"},"finishReason": "STOP","index": 0}],
        "usageMetadata": {"promptTokenCount": 40,"candidatesTokenCount": 12,"totalTokenCount": 60,"cachedContentTokenCount": 8,"thoughtsTokenCount": 8},
        "modelVersion": "gemini-2.5-flash","responseId": "resp-1"})";
}

inline std::string gemini_error(int code, const std::string& status, const std::string& message) {
    return R"({"error": {"code": )" + std::to_string(code) + R"(,"message": ")" + message + R"(","status": ")" + status +
           R"("}})";
}

}  // namespace llmgw::testing
