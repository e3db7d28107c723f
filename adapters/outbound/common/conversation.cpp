#include "adapters/outbound/common/conversation.hpp"

namespace llmgw::adapters {
namespace {

void append_turn(std::vector<Turn>& turns, std::string_view role, std::vector<std::string> parts) {
    if (parts.empty()) return;
    if (turns.empty() || turns.back().role != role) turns.push_back({role, {}});
    auto& target = turns.back().parts;
    target.insert(target.end(), std::make_move_iterator(parts.begin()), std::make_move_iterator(parts.end()));
}

}  // namespace

domain::Result<Conversation> build_conversation(const domain::ChatRequest& request, const ConversationDialect& dialect) {
    using domain::Role;
    Conversation conversation;
    for (std::size_t i = 0; i < request.messages.size(); ++i) {
        const auto& message = request.messages[i];
        const auto param = "messages[" + std::to_string(i) + "]";
        switch (message.role) {
        case Role::system:
        case Role::developer: {
            BOOST_OUTCOME_TRY(auto parts, dialect.content(message, param + ".content"));
            conversation.system.insert(conversation.system.end(), parts.begin(), parts.end());
            break;
        }
        case Role::user: {
            BOOST_OUTCOME_TRY(auto parts, dialect.content(message, param + ".content"));
            append_turn(conversation.turns, dialect.user_role, std::move(parts));
            break;
        }
        case Role::assistant: {
            BOOST_OUTCOME_TRY(auto parts, dialect.content(message, param + ".content"));
            for (std::size_t j = 0; j < message.tool_calls.size(); ++j) {
                BOOST_OUTCOME_TRY(auto call, dialect.tool_call(message.tool_calls[j], param + ".tool_calls[" +
                                                                                       std::to_string(j) +
                                                                                       "].function.arguments"));
                parts.push_back(std::move(call));
            }
            append_turn(conversation.turns, dialect.assistant_role, std::move(parts));
            break;
        }
        case Role::tool: {
            BOOST_OUTCOME_TRY(auto result, dialect.tool_result(request, i, param));
            append_turn(conversation.turns, dialect.user_role, {std::move(result)});
            break;
        }
        }
    }
    return conversation;
}

void write_turns(JsonWriter& writer, const std::vector<Turn>& turns, std::string_view parts_key) {
    writer.begin_array();
    for (const auto& turn : turns) {
        writer.begin_object().key("role").string(turn.role).key(parts_key).begin_array();
        for (const auto& part : turn.parts) writer.raw(part);
        writer.end_array().end_object();
    }
    writer.end_array();
}

}  // namespace llmgw::adapters
