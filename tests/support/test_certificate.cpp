#include "test_certificate.hpp"

#include <memory>
#include <stdexcept>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

namespace llmgw::testing {
namespace {

template <class T, void (*Free)(T*)>
using Owned = std::unique_ptr<T, decltype([](T* p) { Free(p); })>;

std::string drain(BIO* bio) {
    char* data = nullptr;
    const long size = BIO_get_mem_data(bio, &data);
    return std::string(data, static_cast<std::size_t>(size));
}

void check(bool ok, const char* what) {
    if (!ok) throw std::runtime_error(std::string("making the test certificate failed at ") + what);
}

}  // namespace

TestCertificate make_self_signed_certificate(const std::string& subject_alt_name) {
    Owned<EVP_PKEY, EVP_PKEY_free> key(EVP_EC_gen("P-256"));
    check(key != nullptr, "key");
    Owned<X509, X509_free> certificate(X509_new());
    check(X509_set_version(certificate.get(), 2), "version");
    ASN1_INTEGER_set(X509_get_serialNumber(certificate.get()), 1);
    X509_gmtime_adj(X509_getm_notBefore(certificate.get()), -60);
    X509_gmtime_adj(X509_getm_notAfter(certificate.get()), 3600);
    check(X509_set_pubkey(certificate.get(), key.get()), "public key");
    X509_NAME* name = X509_get_subject_name(certificate.get());
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("llm-gateway test"),
                               -1, -1, 0);
    check(X509_set_issuer_name(certificate.get(), name), "issuer");

    X509V3_CTX context;
    X509V3_set_ctx_nodb(&context);
    X509V3_set_ctx(&context, certificate.get(), certificate.get(), nullptr, nullptr, 0);
    Owned<X509_EXTENSION, X509_EXTENSION_free> names(
        X509V3_EXT_conf_nid(nullptr, &context, NID_subject_alt_name, subject_alt_name.c_str()));
    check(names != nullptr && X509_add_ext(certificate.get(), names.get(), -1), "subject alt name");
    check(X509_sign(certificate.get(), key.get(), EVP_sha256()) > 0, "signature");

    Owned<BIO, BIO_free_all> certificate_pem(BIO_new(BIO_s_mem()));
    Owned<BIO, BIO_free_all> key_pem(BIO_new(BIO_s_mem()));
    check(PEM_write_bio_X509(certificate_pem.get(), certificate.get()), "certificate PEM");
    check(PEM_write_bio_PrivateKey(key_pem.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr), "key PEM");
    return {drain(certificate_pem.get()), drain(key_pem.get())};
}

}  // namespace llmgw::testing
