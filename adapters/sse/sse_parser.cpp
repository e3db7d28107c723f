#include "adapters/sse/sse_parser.hpp"

namespace llmgw::adapters {

void SseParser::feed(std::string_view bytes, std::vector<SseEvent>& out) {
    for (char c : bytes) {
        if (after_cr_) {
            after_cr_ = false;
            if (c == '\n') continue;  // the second half of "\r\n"
        }
        if (c == '\r' || c == '\n') {
            after_cr_ = c == '\r';
            end_line(out);
        } else {
            line_ += c;
        }
    }
}

void SseParser::end_line(std::vector<SseEvent>& out) {
    if (line_.empty()) {
        if (has_data_) out.push_back(std::move(current_));
        current_ = SseEvent{};
        has_data_ = false;
        return;
    }
    if (line_.front() != ':') {
        const auto colon = line_.find(':');
        std::string_view field(line_.data(), colon == std::string::npos ? line_.size() : colon);
        std::string_view value;
        if (colon != std::string::npos) {
            value = std::string_view(line_).substr(colon + 1);
            if (!value.empty() && value.front() == ' ') value.remove_prefix(1);
        }
        if (field == "data") {
            if (has_data_) current_.data += '\n';
            current_.data += value;
            has_data_ = true;
        } else if (field == "event") {
            current_.event = value;
        }
    }
    line_.clear();
}

}  // namespace llmgw::adapters
