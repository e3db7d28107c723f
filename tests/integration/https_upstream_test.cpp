// HTTPS to an upstream: the certificate is verified against the trust store
// and the host name, and the host name is sent as SNI.

#include <gtest/gtest.h>

#include <boost/asio/ssl/context.hpp>

#include "adapters/outbound/openai/openai_transport.hpp"
#include "chat_builders.hpp"
#include "fake_upstream.hpp"
#include "run_awaitable.hpp"

namespace llmgw::adapters {
namespace {
using namespace llmgw::testing;

const char* completion_body = R"({"id":"chatcmpl-tls","object":"chat.completion","created":1,"model":"m",
    "choices":[{"index":0,"message":{"role":"assistant","content":"secure"},"finish_reason":"stop"}],
    "usage":{"prompt_tokens":1,"completion_tokens":1,"total_tokens":2}})";

class HttpsUpstream : public ::testing::Test {
protected:
    domain::Result<domain::ChatResponse> complete_via(const std::string& base_url, bool trust_certificate) {
        boost::asio::ssl::context tls(boost::asio::ssl::context::tls_client);
        if (trust_certificate) tls.add_certificate_authority(boost::asio::buffer(certificate.certificate_pem));
        infrastructure::HttpClient client(tls);
        OpenAiTransport transport(client, {"secure", infrastructure::parse_endpoint(base_url).value(), "k", {}, {}});
        return run_awaitable(io, transport.complete(chat_request("m", "x"), domain::Attempt{"m"}));
    }

    boost::asio::io_context io;
    TestCertificate certificate = make_self_signed_certificate("DNS:localhost");
    FakeUpstream upstream{[](const UpstreamRequest&) { return FakeReply{.body = completion_body}; }, certificate};
};

TEST_F(HttpsUpstream, TalksToATrustedUpstreamAndSendsItsNameAsSni) {
    auto answer = complete_via(upstream.base_url("localhost"), true);
    ASSERT_TRUE(answer) << answer.error().message;
    EXPECT_EQ(answer.value().choices[0].message.text(), "secure");
    EXPECT_EQ(upstream.server_names(), std::vector<std::string>{"localhost"});
}

TEST_F(HttpsUpstream, RefusesACertificateNoTrustedAuthoritySigned) {
    auto answer = complete_via(upstream.base_url("localhost"), false);
    ASSERT_FALSE(answer);
    EXPECT_EQ(answer.error().code, domain::ErrorCode::upstream_error);
    EXPECT_EQ(upstream.request_count(), 0u);
}

TEST_F(HttpsUpstream, RefusesACertificateForAnotherHostName) {
    // Trusted, but issued for "localhost", not for the address dialled.
    auto answer = complete_via(upstream.base_url("127.0.0.1"), true);
    ASSERT_FALSE(answer);
    EXPECT_EQ(answer.error().code, domain::ErrorCode::upstream_error);
    EXPECT_EQ(upstream.request_count(), 0u);
}

}  // namespace
}  // namespace llmgw::adapters
