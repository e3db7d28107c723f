#include "adapters/outbound/gemini/gemini_embedding.hpp"

#include "adapters/openai_format/embedding_json.hpp"
#include "adapters/openai_format/json_writer.hpp"

namespace llmgw::adapters {
namespace json = boost::json;

domain::Result<std::string> write_gemini_embedding_request(const domain::EmbeddingRequest& request,
                                                           std::string_view upstream_model) {
    if (request.texts.empty()) {
        return domain::make_error(domain::ErrorCode::invalid_request,
                                  "Gemini models embed text only, not token arrays.", "input");
    }
    if (upstream_model.starts_with("models/")) upstream_model.remove_prefix(7);
    const std::string model = "models/" + std::string(upstream_model);
    JsonWriter writer;
    writer.begin_object().key("requests").begin_array();
    for (const auto& text : request.texts) {
        writer.begin_object().key("model").string(model);
        writer.key("content").begin_object().key("parts").begin_array();
        writer.begin_object().key("text").string(text).end_object();
        writer.end_array().end_object();
        if (request.dimensions) writer.key("outputDimensionality").number(*request.dimensions);
        writer.end_object();
    }
    writer.end_array().end_object();
    return writer.take();
}

domain::Result<domain::EmbeddingResponse> parse_gemini_embedding_response(const json::object& body,
                                                                          const domain::EmbeddingRequest& request) {
    const auto* embeddings = body.if_contains("embeddings");
    if (!embeddings || !embeddings->is_array() || embeddings->get_array().size() != request.texts.size()) {
        return domain::make_error(domain::ErrorCode::upstream_error,
                                  "The upstream sent a different number of embeddings than inputs.");
    }
    domain::EmbeddingResponse response;
    for (const auto& item : embeddings->get_array()) {
        const auto* values = item.is_object() ? item.get_object().if_contains("values") : nullptr;
        if (!values || !values->is_array()) {
            return domain::make_error(domain::ErrorCode::upstream_error, "The upstream sent an embedding without values.");
        }
        BOOST_OUTCOME_TRY(auto vector, parse_embedding_vector(*values));
        response.embeddings.push_back(std::move(vector));
    }
    response.usage_reported = false;
    return response;
}

}  // namespace llmgw::adapters
