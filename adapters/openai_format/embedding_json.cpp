#include "adapters/openai_format/embedding_json.hpp"

#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstring>


#include "adapters/common/base64.hpp"
#include "adapters/common/json_access.hpp"
#include "adapters/openai_format/json_errors.hpp"
#include "adapters/openai_format/json_fields.hpp"
#include "adapters/openai_format/json_integer.hpp"
#include "adapters/openai_format/json_writer.hpp"

namespace llmgw::adapters {
namespace json = boost::json;

namespace {

static_assert(std::endian::native == std::endian::little, "embeddings are sent as little-endian float32");

bool token_array(const json::value& value) {
    return value.is_array() && !value.get_array().empty() &&
           std::all_of(value.get_array().begin(), value.get_array().end(),
                       [](const json::value& item) { return item.is_int64() || item.is_uint64(); });
}

domain::Result<void> read_input(const json::value& input, domain::EmbeddingRequest& request) {
    request.raw_input = json_text(input);
    if (input.is_string()) {
        if (input.get_string().empty()) return invalid_value("input", "expected a non-empty string.");
        request.texts.emplace_back(input.get_string());
        request.input_count = 1;
        return domain::success();
    }
    if (!input.is_array() || input.get_array().empty()) {
        return invalid_type("input", "one of a string, an array of strings or an array of token arrays", input);
    }
    const auto& items = input.get_array();
    if (token_array(input)) {  // one token array
        request.input_count = 1;
        return domain::success();
    }
    request.input_count = items.size();
    const bool all_strings = std::all_of(items.begin(), items.end(), [](const json::value& v) { return v.is_string(); });
    if (all_strings) {
        for (const auto& item : items) {
            if (item.get_string().empty()) return invalid_value("input", "expected non-empty strings.");
            request.texts.emplace_back(item.get_string());
        }
        return domain::success();
    }
    if (std::all_of(items.begin(), items.end(), token_array)) return domain::success();
    return invalid_type("input", "one of a string, an array of strings or an array of token arrays", input);
}

std::string float32_bytes(const std::vector<float>& vector) {
    std::string bytes(vector.size() * sizeof(float), '\0');
    std::memcpy(bytes.data(), vector.data(), bytes.size());
    return bytes;
}

}  // namespace

domain::Result<ParsedEmbeddingRequest> parse_embedding_request(const json::object& body) {
    ParsedEmbeddingRequest parsed;
    auto& request = parsed.request;
    const auto* model = body.if_contains("model");
    if (!model) return missing_parameter("model");
    if (!model->is_string()) return invalid_type("model", "a string", *model);
    request.model = model->get_string();
    const auto* input = body.if_contains("input");
    if (!input) return missing_parameter("input");
    BOOST_OUTCOME_TRY(read_input(*input, request));
    if (const auto* format = body.if_contains("encoding_format"); format && !format->is_null()) {
        if (*format != "float" && *format != "base64") {
            return invalid_value("encoding_format", "expected 'float' or 'base64'.");
        }
        parsed.base64 = *format == "base64";
    }
    BOOST_OUTCOME_TRY(request.dimensions, optional_integer(body, "dimensions", 1));
    request.extra = unknown_fields(body, {"model", "input", "encoding_format", "dimensions"});
    return parsed;
}

EmbeddingResponseWriter::EmbeddingResponseWriter(const domain::EmbeddingResponse& response, bool base64)
    : response_(response), base64_(base64) {
    // At most 16 characters a number as text (a float's shortest form and a
    // comma), 5.4 in base64, and the framing of each vector: growing a 200 MB
    // body by doubling would copy it in one long step on the loop, and pages
    // reserved but never written cost nothing.
    std::size_t values = 0;
    for (const auto& vector : response.embeddings) values += vector.size();
    writer_.reserve(values * (base64 ? 6 : 16) + response.embeddings.size() * 64 + 256);
    writer_.begin_object().key("object").string("list").key("data").begin_array();
}

bool EmbeddingResponseWriter::write_some(std::size_t values) {
    if (done_) return false;
    std::size_t written = 0;
    for (; next_ < response_.embeddings.size() && written < values; ++next_) {
        const auto& vector = response_.embeddings[next_];
        writer_.begin_object().key("object").string("embedding");
        writer_.key("index").number(static_cast<std::int64_t>(next_)).key("embedding");
        if (base64_) {
            writer_.string(base64_encode(float32_bytes(vector)));
        } else {
            writer_.begin_array();
            for (float value : vector) writer_.number(value);
            writer_.end_array();
        }
        writer_.end_object();
        // An empty vector still counts, so that every call makes progress.
        written += std::max<std::size_t>(vector.size(), 1);
    }
    if (next_ < response_.embeddings.size()) return true;
    writer_.end_array().key("model").string(response_.model);
    writer_.key("usage").begin_object().key("prompt_tokens").number(response_.usage.prompt_tokens);
    writer_.key("total_tokens").number(response_.usage.prompt_tokens).end_object();
    writer_.end_object();
    done_ = true;
    return false;
}

std::string write_embedding_response(const domain::EmbeddingResponse& response, bool base64) {
    EmbeddingResponseWriter writer(response, base64);
    while (writer.write_some(SIZE_MAX)) {
    }
    return writer.take();
}

domain::Result<std::vector<float>> parse_embedding_vector(const json::value& embedding) {
    std::vector<float> vector;
    if (embedding.is_string()) {  // a server that answered in base64 anyway
        auto bytes = base64_decode(embedding.get_string());
        if (!bytes || bytes->size() % sizeof(float) != 0) {
            return domain::make_error(domain::ErrorCode::upstream_error, "The upstream sent an unreadable embedding.");
        }
        vector.resize(bytes->size() / sizeof(float));
        std::memcpy(vector.data(), bytes->data(), bytes->size());
        return vector;
    }
    if (!embedding.is_array()) {
        return domain::make_error(domain::ErrorCode::upstream_error, "The upstream sent an embedding that is not a vector.");
    }
    vector.reserve(embedding.get_array().size());
    for (const auto& value : embedding.get_array()) {
        if (!value.is_number()) {
            return domain::make_error(domain::ErrorCode::upstream_error, "The upstream sent a non-numeric embedding.");
        }
        vector.push_back(static_cast<float>(number_of(value)));
    }
    return vector;
}

std::string write_upstream_embedding_request(const domain::EmbeddingRequest& request, std::string_view upstream_model) {
    JsonWriter writer;
    writer.begin_object().key("model").string(upstream_model).key("input");
    // The texts as policy left them (a guardrail may have redacted them);
    // token arrays as the client sent them.
    if (request.texts.empty()) {
        writer.raw(request.raw_input);
    } else if (request.texts.size() == 1 && request.raw_input.starts_with('"')) {
        writer.string(request.texts.front());
    } else {
        writer.begin_array();
        for (const auto& text : request.texts) writer.string(text);
        writer.end_array();
    }
    writer.key("encoding_format").string("float");
    if (request.dimensions) writer.key("dimensions").number(*request.dimensions);
    write_raw_fields(writer, request.extra);
    writer.end_object();
    return writer.take();
}

domain::Result<domain::EmbeddingResponse> parse_upstream_embedding_response(const json::object& body) {
    const auto* data = body.if_contains("data");
    if (!data || !data->is_array()) {
        return domain::make_error(domain::ErrorCode::upstream_error, "The upstream sent no embeddings.");
    }
    domain::EmbeddingResponse response;
    response.embeddings.resize(data->get_array().size());
    for (const auto& item : data->get_array()) {
        const auto* index = item.is_object() ? item.get_object().if_contains("index") : nullptr;
        const auto* embedding = item.is_object() ? item.get_object().if_contains("embedding") : nullptr;
        if (!index || !index->is_int64() || !embedding) {
            return domain::make_error(domain::ErrorCode::upstream_error, "The upstream sent a malformed embedding.");
        }
        const auto position = index->get_int64();
        if (position < 0 || static_cast<std::size_t>(position) >= response.embeddings.size()) {
            return domain::make_error(domain::ErrorCode::upstream_error, "The upstream sent an embedding out of order.");
        }
        BOOST_OUTCOME_TRY(response.embeddings[static_cast<std::size_t>(position)], parse_embedding_vector(*embedding));
    }
    const auto* usage = body.if_contains("usage");
    const auto* usage_object = usage && usage->is_object() ? &usage->get_object() : nullptr;
    response.usage_reported = usage_object && usage_object->contains("prompt_tokens");
    if (response.usage_reported) response.usage.prompt_tokens = count_at(*usage_object, "prompt_tokens");
    return response;
}

}  // namespace llmgw::adapters
