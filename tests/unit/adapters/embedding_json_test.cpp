#include <gtest/gtest.h>

#include <cstring>

#include <boost/json/parse.hpp>

#include "adapters/common/base64.hpp"
#include "adapters/openai_format/embedding_json.hpp"
#include "adapters/outbound/gemini/gemini_embedding.hpp"

namespace llmgw::adapters {
namespace {
namespace json = boost::json;

domain::Result<ParsedEmbeddingRequest> parse(std::string_view body) {
    return parse_embedding_request(json::parse(body).as_object());
}

TEST(Base64, MatchesTheRfc4648TestVectors) {
    const std::pair<const char*, const char*> vectors[] = {{"", ""},         {"f", "Zg=="},         {"fo", "Zm8="},
                                                           {"foo", "Zm9v"},  {"foob", "Zm9vYg=="},  {"fooba", "Zm9vYmE="},
                                                           {"foobar", "Zm9vYmFy"}};
    for (const auto& [plain, encoded] : vectors) {
        EXPECT_EQ(base64_encode(plain), encoded);
        EXPECT_EQ(base64_decode(encoded), std::string(plain));
    }
    EXPECT_FALSE(base64_decode("Zm9").has_value());
    EXPECT_FALSE(base64_decode("Zm=v").has_value());
    EXPECT_FALSE(base64_decode("Zm9*").has_value());
}

TEST(ParseEmbeddingRequest, AcceptsEveryInputShape) {
    auto one = parse(R"({"model":"e","input":"hello","encoding_format":"base64","dimensions":256,"user":"u"})");
    ASSERT_TRUE(one);
    EXPECT_EQ(one.value().request.texts, std::vector<std::string>{"hello"});
    EXPECT_TRUE(one.value().base64);
    EXPECT_EQ(one.value().request.dimensions, 256);
    EXPECT_EQ(one.value().request.extra, (domain::RawJsonFields{{"user", "\"u\""}}));

    auto many = parse(R"({"model":"e","input":["a","b"]})");
    ASSERT_TRUE(many);
    EXPECT_EQ(many.value().request.texts.size(), 2u);
    EXPECT_EQ(many.value().request.input_count, 2u);
    EXPECT_FALSE(many.value().base64);

    auto tokens = parse(R"({"model":"e","input":[[1,2,3],[4]]})");
    ASSERT_TRUE(tokens);
    EXPECT_TRUE(tokens.value().request.texts.empty());
    EXPECT_EQ(tokens.value().request.raw_input, "[[1,2,3],[4]]");
    EXPECT_EQ(tokens.value().request.input_count, 2u);
    EXPECT_EQ(parse(R"({"model":"e","input":[1,2,3]})").value().request.input_count, 1u);
}

TEST(ParseEmbeddingRequest, RejectsBadInput) {
    for (const char* body : {R"({"model":"e"})", R"({"model":"e","input":""})", R"({"model":"e","input":[]})",
                             R"({"model":"e","input":[1,"a"]})", R"({"model":"e","input":"x","encoding_format":"int8"})",
                             R"({"model":"e","input":"x","dimensions":0})",
                             R"({"model":"e","input":"x","dimensions":9223372036854775808})",
                             R"({"model":"e","input":"x","dimensions":18446744073709551615})",
                             R"({"model":"e","input":"x","dimensions":2.5})"}) {
        auto parsed = parse(body);
        ASSERT_FALSE(parsed) << body;
        EXPECT_EQ(parsed.error().code, domain::ErrorCode::invalid_request) << body;
    }
}

TEST(WriteEmbeddingResponse, WritesFloatsOrLittleEndianFloat32Base64) {
    domain::EmbeddingResponse response;
    response.model = "e";
    response.embeddings = {{0.5f, -1.25f}};
    response.usage.prompt_tokens = 3;
    EXPECT_EQ(json::parse(write_embedding_response(response, false)),
              json::parse(R"({"object":"list","data":[{"object":"embedding","index":0,"embedding":[0.5,-1.25]}],
                  "model":"e","usage":{"prompt_tokens":3,"total_tokens":3}})"));

    const auto encoded = json::parse(write_embedding_response(response, true)).at("data").at(0).at("embedding");
    const auto bytes = base64_decode(encoded.as_string()).value();
    ASSERT_EQ(bytes.size(), 8u);
    float decoded[2];
    std::memcpy(decoded, bytes.data(), 8);
    EXPECT_EQ(decoded[0], 0.5f);
    EXPECT_EQ(decoded[1], -1.25f);
}

TEST(WriteEmbeddingResponse, ALargeBatchIsWrittenInSlicesOfWholeVectors) {
    domain::EmbeddingResponse response;
    response.model = "e";
    response.embeddings.assign(10, std::vector<float>(3, 0.25f));
    response.embeddings[4].clear();  // an empty vector still moves the writer on
    EmbeddingResponseWriter writer(response, false);
    int slices = 1;
    while (writer.write_some(7)) {  // 7 values: three vectors of 3 a slice
        ++slices;
        ASSERT_LE(slices, 10) << "every slice writes at least one vector";
    }
    EXPECT_EQ(slices, 4);
    EXPECT_FALSE(writer.write_some(7)) << "nothing more once the answer is complete";
    EXPECT_EQ(writer.take(), write_embedding_response(response, false));
}

TEST(UpstreamEmbeddings, AskForFloatsAndReadThemBackInIndexOrder) {
    auto request = parse(R"({"model":"alias","input":["a","b"],"dimensions":2,"encoding_format":"base64"})").value().request;
    EXPECT_EQ(json::parse(write_upstream_embedding_request(request, "text-embedding-3-small")),
              json::parse(R"({"model":"text-embedding-3-small","input":["a","b"],"encoding_format":"float","dimensions":2})"));
    auto response = parse_upstream_embedding_response(json::parse(R"({"object":"list","data":[
        {"object":"embedding","index":1,"embedding":[0.3,0.4]},{"object":"embedding","index":0,"embedding":[0.1,0.2]}],
        "model":"text-embedding-3-small","usage":{"prompt_tokens":2,"total_tokens":2}})").as_object());
    ASSERT_TRUE(response);
    EXPECT_EQ(response.value().embeddings, (std::vector<std::vector<float>>{{0.1f, 0.2f}, {0.3f, 0.4f}}));
    EXPECT_EQ(response.value().usage.prompt_tokens, 2);
}

TEST(GeminiEmbeddings, BatchOneRequestPerTextWithOutputDimensionality) {
    auto request = parse(R"({"model":"g","input":["a","b"],"dimensions":64})").value().request;
    EXPECT_EQ(json::parse(write_gemini_embedding_request(request, "gemini-embedding-001").value()),
              json::parse(R"({"requests":[
                  {"model":"models/gemini-embedding-001","content":{"parts":[{"text":"a"}]},"outputDimensionality":64},
                  {"model":"models/gemini-embedding-001","content":{"parts":[{"text":"b"}]},"outputDimensionality":64}]})"));
    auto response = parse_gemini_embedding_response(
        json::parse(R"({"embeddings":[{"values":[0.1,0.2]},{"values":[0.3,0.4]}]})").as_object(), request);
    ASSERT_TRUE(response);
    EXPECT_EQ(response.value().embeddings[1], (std::vector<float>{0.3f, 0.4f}));
    EXPECT_FALSE(response.value().usage_reported);

    auto tokens = parse(R"({"model":"g","input":[[1,2]]})").value().request;
    EXPECT_FALSE(write_gemini_embedding_request(tokens, "m"));
}

}  // namespace
}  // namespace llmgw::adapters
