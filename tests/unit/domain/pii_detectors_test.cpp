#include <string>
#include <utility>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "domain/guardrails/detectors.hpp"

namespace llmgw::domain {
namespace {

using testing::ElementsAre;
using testing::IsEmpty;
using testing::Pair;

// What the detectors find in `text`: (entity, the text found), in order.
std::vector<std::pair<std::string, std::string>> found(std::string_view text, EntitySet wanted = EntitySet{}.set()) {
    std::vector<Finding> findings;
    find_entities(text, wanted, findings);
    keep_disjoint(findings);
    std::vector<std::pair<std::string, std::string>> named;
    for (const auto& finding : findings) {
        named.emplace_back(to_string(static_cast<Entity>(finding.kind)),
                           std::string(text.substr(finding.begin, finding.end - finding.begin)));
    }
    return named;
}

TEST(PiiDetectors, FindsEmailAddressesWithoutTheSentencesPunctuation) {
    EXPECT_THAT(found("Write to jane.doe+news@mail.example.co.uk."),
                ElementsAre(Pair("email", "jane.doe+news@mail.example.co.uk")));
    EXPECT_THAT(found("<bob@example.com>, (x_y@sub-domain.io)"),
                ElementsAre(Pair("email", "bob@example.com"), Pair("email", "x_y@sub-domain.io")));
}

TEST(PiiDetectors, EmailNearMissesAreNotAddresses) {
    EXPECT_THAT(found("@handle, user@localhost, a@b.c, name@-bad.com, @ alone, foo@bar."), IsEmpty());
}

TEST(PiiDetectors, FindsPhoneNumbersInE164AndCommonNationalForms) {
    EXPECT_THAT(found("Call +14155550100 or +44 20 7946 0958."),
                ElementsAre(Pair("phone", "+14155550100"), Pair("phone", "+44 20 7946 0958")));
    EXPECT_THAT(found("(415) 555-0100, 415-555-0100, 415.555.0100, 1 415 555 0100"),
                ElementsAre(Pair("phone", "(415) 555-0100"), Pair("phone", "415-555-0100"),
                            Pair("phone", "415.555.0100"), Pair("phone", "1 415 555 0100")));
    EXPECT_THAT(found("+1 (415) 555-0100; 020 7946 0958; 06 12 34 56 78"),
                ElementsAre(Pair("phone", "+1 (415) 555-0100"), Pair("phone", "020 7946 0958"),
                            Pair("phone", "06 12 34 56 78")));
}

TEST(PiiDetectors, DatesTimesAndIdsAreNotPhoneNumbers) {
    EXPECT_THAT(found("On 2024-01-15 at 10:30, 12/31/2024, 15.01.2024, order 4155550100, build 123-45"), IsEmpty());
}

TEST(PiiDetectors, ANumberTakesOnlyTheGroupsThatMakeIt) {
    EXPECT_THAT(found("call 415-555-0100 2 times"), ElementsAre(Pair("phone", "415-555-0100")));
}

TEST(PiiDetectors, FindsLuhnValidCardNumbersOnly) {
    EXPECT_THAT(found("Visa 4111 1111 1111 1111, MC 5500-0000-0000-0004, Amex 378282246310005"),
                ElementsAre(Pair("credit_card", "4111 1111 1111 1111"), Pair("credit_card", "5500-0000-0000-0004"),
                            Pair("credit_card", "378282246310005")));
    // One digit off: the Luhn check fails.
    EXPECT_THAT(found("4111 1111 1111 1112 and 4111111111111112"), IsEmpty());
    // Luhn-valid, but no card issuer's number starts with 1 or 9.
    EXPECT_THAT(found("1111111111111117"), IsEmpty());
    EXPECT_THAT(found("4111111111111111x"), IsEmpty());
}

TEST(PiiDetectors, FindsIbansByTheirChecksumAndCountryLength) {
    EXPECT_THAT(found("IBAN DE89 3704 0044 0532 0130 00 please"),
                ElementsAre(Pair("iban", "DE89 3704 0044 0532 0130 00")));
    EXPECT_THAT(found("GB82WEST12345698765432, fr1420041010050500013m02606"),
                ElementsAre(Pair("iban", "GB82WEST12345698765432"), Pair("iban", "fr1420041010050500013m02606")));
    // A wrong check digit, a length not the country's, a country without IBANs.
    EXPECT_THAT(found("DE88 3704 0044 0532 0130 00, DE89370400440532013, QQ89370400440532013000"), IsEmpty());
}

TEST(PiiDetectors, FindsUsSocialSecurityNumbersThatCanBeIssued) {
    EXPECT_THAT(found("SSN 123-45-6789 or 123 45 6789"),
                ElementsAre(Pair("ssn", "123-45-6789"), Pair("ssn", "123 45 6789")));
    EXPECT_THAT(found("000-12-3456, 666-12-3456, 912-12-3456, 123-00-4567, 123-45-0000, 123-45 6789"), IsEmpty());
}

TEST(PiiDetectors, FindsIpv4AndIpv6Addresses) {
    EXPECT_THAT(found("from 192.168.0.1, to 10.0.0.255."),
                ElementsAre(Pair("ip", "192.168.0.1"), Pair("ip", "10.0.0.255")));
    EXPECT_THAT(found("2001:db8::8a2e:370:7334 and ::1 and fe80:0:0:0:202:b3ff:fe1e:8329 and ::ffff:192.0.2.1"),
                ElementsAre(Pair("ip", "2001:db8::8a2e:370:7334"), Pair("ip", "::1"),
                            Pair("ip", "fe80:0:0:0:202:b3ff:fe1e:8329"), Pair("ip", "::ffff:192.0.2.1")));
}

TEST(PiiDetectors, VersionsTimesAndCodeAreNotAddresses) {
    EXPECT_THAT(found("v1.2.3.4, 1.2.3.4.5, 256.1.1.1, 12:30:45, std::vector, a::b, 00:1A:2B:3C:4D:5E"), IsEmpty());
}

TEST(PiiDetectors, FindsCredentialsByTheirIssuersShapes) {
    EXPECT_THAT(found("AKIAIOSFODNN7EXAMPLE"), ElementsAre(Pair("secret", "AKIAIOSFODNN7EXAMPLE")));
    EXPECT_THAT(found("key sk-proj-abcdefghijklmnopqrstuvwxyz012345 here"),
                ElementsAre(Pair("secret", "sk-proj-abcdefghijklmnopqrstuvwxyz012345")));
    EXPECT_THAT(found("sk-ant-api03-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA-BBBB"),
                ElementsAre(Pair("secret", "sk-ant-api03-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA-BBBB")));
    EXPECT_THAT(found("AIzaSyDaGmWKa4JsXZ-HjGw7ISLn_3namBGewQe"),
                ElementsAre(Pair("secret", "AIzaSyDaGmWKa4JsXZ-HjGw7ISLn_3namBGewQe")));
    EXPECT_THAT(found("ghp_abcdefghijklmnopqrstuvwxyz0123456789"),
                ElementsAre(Pair("secret", "ghp_abcdefghijklmnopqrstuvwxyz0123456789")));
    EXPECT_THAT(found("token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.dBjftJeZ4CVPmB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
                ElementsAre(Pair("secret", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.dBjftJeZ4CVPmB92K27uhbUJU1p1r_wW1gFWFOEjXk")));
    EXPECT_THAT(found("Authorization: Bearer abc123def456ghi789jkl"),
                ElementsAre(Pair("secret", "abc123def456ghi789jkl")));
}

TEST(PiiDetectors, FindsValuesOfKeysThatNameSecrets) {
    EXPECT_THAT(found("password=hunter22 db_password: \"s3cr3t!!\" apiKey='Zx9fQ2LmN8vR4tY7'"),
                ElementsAre(Pair("secret", "hunter22"), Pair("secret", "s3cr3t!!"), Pair("secret", "Zx9fQ2LmN8vR4tY7")));
    EXPECT_THAT(found("url?page=2&token=f3a9c0e17b2d44a8&x=1"), ElementsAre(Pair("secret", "f3a9c0e17b2d44a8")));
}

TEST(PiiDetectors, WordsTemplatesAndMasksAfterKeyNamesAreNotSecrets) {
    EXPECT_THAT(found("password: ${DB_PASSWORD}, secret=****, key=value, monkey=Zx9fQ2LmN8vR4tY7, "
                      "token = <your token>, max_tokens=1024, The password: is required, Bearer authentication"),
                IsEmpty());
}

TEST(PiiDetectors, FindsPrivateKeyBlocksWhole) {
    const std::string key = "-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA\n-----END RSA PRIVATE KEY-----";
    EXPECT_THAT(found("here:\n" + key + "\nthanks"), ElementsAre(Pair("secret", key)));
    EXPECT_THAT(found("-----BEGIN PRIVATE KEY-----\nMIIEvQ"),
                ElementsAre(Pair("secret", "-----BEGIN PRIVATE KEY-----\nMIIEvQ")));
    EXPECT_THAT(found("-----BEGIN PUBLIC KEY-----\nMIIBIjAN\n-----END PUBLIC KEY-----"), IsEmpty());
}

TEST(PiiDetectors, LooksOnlyForTheEntitiesWanted) {
    EntitySet emails;
    emails.set(static_cast<std::size_t>(Entity::email));
    EXPECT_THAT(found("a@example.com 4111 1111 1111 1111 192.168.0.1", emails),
                ElementsAre(Pair("email", "a@example.com")));
}

TEST(PiiDetectors, AnAddressWhoseLocalPartIsANumberIsOneEmail) {
    EXPECT_THAT(found("4155550100@txt.example.net"), ElementsAre(Pair("email", "4155550100@txt.example.net")));
}

}  // namespace
}  // namespace llmgw::domain
