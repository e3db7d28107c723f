#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "adapters/inbound/http/openai_error.hpp"
#include "adapters/outbound/common/upstream_error.hpp"

namespace llmgw::adapters {
namespace {
using domain::ErrorCode;

struct Mapping {
    ErrorCode code;
    unsigned status;
    const char* type;
};

class ToOpenAiError : public ::testing::TestWithParam<Mapping> {};

TEST_P(ToOpenAiError, GivesEachDomainErrorItsStatusAndType) {
    const auto error = to_openai_error(domain::make_error(GetParam().code, "why"));
    EXPECT_EQ(static_cast<unsigned>(error.status), GetParam().status);
    EXPECT_EQ(error.type, GetParam().type);
    const auto body = boost::json::parse(error.body());
    EXPECT_EQ(body.at("error").at("message"), "why");
    EXPECT_EQ(body.at("error").at("type"), GetParam().type);
    EXPECT_TRUE(body.at("error").as_object().contains("param"));
    EXPECT_TRUE(body.at("error").as_object().contains("code"));
}

INSTANTIATE_TEST_SUITE_P(
    Taxonomy, ToOpenAiError,
    ::testing::Values(Mapping{ErrorCode::invalid_request, 400, "invalid_request_error"},
                      Mapping{ErrorCode::model_not_found, 404, "invalid_request_error"},
                      Mapping{ErrorCode::model_not_allowed, 403, "permission_error"},
                      Mapping{ErrorCode::forbidden, 403, "permission_error"},
                      Mapping{ErrorCode::unauthorized, 401, "invalid_request_error"},
                      Mapping{ErrorCode::rate_limited, 429, "rate_limit_error"},
                      Mapping{ErrorCode::budget_exceeded, 429, "insufficient_quota"},
                      Mapping{ErrorCode::content_policy_violation, 400, "invalid_request_error"},
                      Mapping{ErrorCode::payload_too_large, 413, "invalid_request_error"},
                      Mapping{ErrorCode::upstream_timeout, 504, "api_error"},
                      Mapping{ErrorCode::upstream_unavailable, 503, "api_error"},
                      Mapping{ErrorCode::upstream_error, 502, "api_error"},
                      Mapping{ErrorCode::ledger_unavailable, 503, "api_error"},
                      Mapping{ErrorCode::shared_state_unavailable, 503, "api_error"},
                      Mapping{ErrorCode::internal, 500, "api_error"}),
    [](const ::testing::TestParamInfo<Mapping>& case_info) { return std::string(domain::to_string(case_info.param.code)); });

TEST(OpenAiErrorBody, WritesAbsentParamAndCodeAsNull) {
    const auto body = boost::json::parse(route_not_found("GET", "/v2/x").body());
    EXPECT_EQ(body.at("error").at("param"), nullptr);
    EXPECT_EQ(body.at("error").at("message"), "Invalid URL (GET /v2/x)");
}

TEST(UpstreamHttpError, MapsStatusesIntoTheTaxonomy) {
    EXPECT_EQ(upstream_http_error("p", 400, "bad", {}).code, ErrorCode::invalid_request);
    EXPECT_EQ(upstream_http_error("p", 404, "", {}).code, ErrorCode::model_not_found);
    EXPECT_EQ(upstream_http_error("p", 408, "", {}).code, ErrorCode::upstream_timeout);
    EXPECT_EQ(upstream_http_error("p", 429, "", {}).code, ErrorCode::rate_limited);
    EXPECT_EQ(upstream_http_error("p", 500, "", {}).code, ErrorCode::upstream_error);
    EXPECT_EQ(upstream_http_error("p", 503, "", {}).code, ErrorCode::upstream_unavailable);
    EXPECT_EQ(upstream_http_error("p", 529, "", {}).code, ErrorCode::upstream_unavailable);
}

TEST(UpstreamHttpError, KeepsTheUpstreamsWordsAboutTheRequest) {
    const auto error = upstream_http_error("openai", 400, "max_tokens is too large", {});
    EXPECT_NE(error.message.find("max_tokens is too large"), std::string::npos);
}

TEST(UpstreamHttpError, NeverRepeatsWhatTheUpstreamSaidAboutCredentials) {
    const auto error = upstream_http_error("openai", 401, "Incorrect API key provided: sk-abc***wxyz", {});
    EXPECT_EQ(error.code, ErrorCode::upstream_error);
    EXPECT_EQ(error.message.find("sk-"), std::string::npos);
}

TEST(UpstreamHttpError, CarriesRetryAfter) {
    const auto error = upstream_http_error("p", 429, "", std::chrono::seconds(17));
    EXPECT_EQ(error.retry_after, std::chrono::seconds(17));
}

TEST(UpstreamHttpError, MarksWhatIsWorthARetry) {
    for (unsigned status : {408u, 409u, 429u, 500u, 502u, 503u, 504u, 529u}) {
        EXPECT_TRUE(upstream_http_error("p", status, "", {}).transient) << status;
    }
    for (unsigned status : {400u, 401u, 403u, 404u, 413u, 422u}) {
        EXPECT_FALSE(upstream_http_error("p", status, "", {}).transient) << status;
    }
}

TEST(ParseRetryAfter, ReadsSecondsAndHttpDates) {
    // 2026-10-21T07:28:00Z
    const auto now = std::chrono::system_clock::from_time_t(1792567680);
    EXPECT_EQ(parse_retry_after("17", now), std::chrono::seconds(17));
    EXPECT_EQ(parse_retry_after("Wed, 21 Oct 2026 07:28:30 GMT", now), std::chrono::seconds(30));
    EXPECT_EQ(parse_retry_after("Wed, 21 Oct 2026 07:28:00 GMT", now - std::chrono::milliseconds(1500)),
              std::chrono::seconds(2));  // rounded up
    EXPECT_EQ(parse_retry_after("Wed, 21 Oct 2026 07:00:00 GMT", now), std::chrono::seconds(0));  // already past
    EXPECT_FALSE(parse_retry_after("", now).has_value());
    EXPECT_FALSE(parse_retry_after("soon", now).has_value());
    EXPECT_FALSE(parse_retry_after("-1", now).has_value());
    EXPECT_FALSE(parse_retry_after("Wed, 21 Oct 2026 07:28:00 GMT trailing", now).has_value());
}

TEST(ParseRetryAfter, ClampsWaitsBeyondADayWithoutOverflow) {
    const auto now = std::chrono::system_clock::from_time_t(1792567680);
    const auto day = std::chrono::seconds(86'400);
    EXPECT_EQ(parse_retry_after("100000", now), day);
    EXPECT_EQ(parse_retry_after("99999999999999999999999", now), day);
    EXPECT_EQ(parse_retry_after("Fri, 31 Dec 9999 23:59:59 GMT", now), day);
    EXPECT_EQ(parse_retry_after("Wed, 21 Oct 1316 07:28:00 GMT", now), std::chrono::seconds(0));  // a fuzzer finding
}

}  // namespace
}  // namespace llmgw::adapters
