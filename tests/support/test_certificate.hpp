#pragma once

#include <string>

namespace llmgw::testing {

// A self-signed certificate (EC P-256, valid for an hour) and its key, in
// PEM, made at run time so that no key material is committed.
struct TestCertificate {
    std::string certificate_pem;
    std::string private_key_pem;
};

// `subject_alt_name` as OpenSSL writes it, e.g. "DNS:localhost".
TestCertificate make_self_signed_certificate(const std::string& subject_alt_name);

}  // namespace llmgw::testing
