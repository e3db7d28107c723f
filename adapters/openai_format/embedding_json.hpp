#pragma once

#include <string>
#include <string_view>

#include <boost/json/object.hpp>

#include "adapters/openai_format/json_writer.hpp"
#include "domain/embedding.hpp"
#include "domain/error.hpp"

namespace llmgw::adapters {

// An OpenAI `POST /embeddings` body. `input` is a string, an array of
// strings, or token arrays; `encoding_format` is how the client wants the
// vectors back (a delivery choice, so it stays out of the domain).
struct ParsedEmbeddingRequest {
    domain::EmbeddingRequest request;
    bool base64 = false;
};
domain::Result<ParsedEmbeddingRequest> parse_embedding_request(const boost::json::object& body);

// The OpenAI `list` of embeddings; with `base64` each vector is the base64
// of its little-endian float32s, as the official SDKs expect by default.
// Written a slice at a time: a batch of 2048 inputs of 8192 dimensions is
// 16M numbers, about a second of formatting, and the event loop writing it
// must serve its other requests in between.
class EmbeddingResponseWriter {
public:
    EmbeddingResponseWriter(const domain::EmbeddingResponse& response, bool base64);

    // Writes whole vectors until at least `values` numbers are written (or
    // the answer is complete); false once it is.
    bool write_some(std::size_t values);
    std::string take() noexcept { return writer_.take(); }

private:
    const domain::EmbeddingResponse& response_;
    bool base64_;
    std::size_t next_ = 0;
    bool done_ = false;
    JsonWriter writer_;
};

std::string write_embedding_response(const domain::EmbeddingResponse& response, bool base64);

// The body for an OpenAI-compatible upstream (vectors asked for as floats,
// which every compatible server supports).
std::string write_upstream_embedding_request(const domain::EmbeddingRequest& request, std::string_view upstream_model);
domain::Result<domain::EmbeddingResponse> parse_upstream_embedding_response(const boost::json::object& body);

// One vector: a JSON array of numbers, or the base64 of little-endian
// float32s (what a server sends when asked for base64).
domain::Result<std::vector<float>> parse_embedding_vector(const boost::json::value& embedding);

}  // namespace llmgw::adapters
