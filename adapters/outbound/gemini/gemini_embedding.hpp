#pragma once

#include <string>
#include <string_view>

#include <boost/json/object.hpp>

#include "domain/embedding.hpp"
#include "domain/error.hpp"

namespace llmgw::adapters {

// `batchEmbedContents`: one request per input text, `outputDimensionality`
// from `dimensions`. Token-array inputs have no Gemini equivalent.
domain::Result<std::string> write_gemini_embedding_request(const domain::EmbeddingRequest& request,
                                                           std::string_view upstream_model);

// {"embeddings":[{"values":[...]}]} in input order. Gemini reports no token
// counts here, so the usage is left to be estimated.
domain::Result<domain::EmbeddingResponse> parse_gemini_embedding_response(const boost::json::object& body,
                                                                          const domain::EmbeddingRequest& request);

}  // namespace llmgw::adapters
