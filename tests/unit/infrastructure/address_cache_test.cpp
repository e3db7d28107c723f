#include <gtest/gtest.h>

#include <boost/asio/ip/tcp.hpp>

#include "infrastructure/http/address_cache.hpp"

namespace llmgw::infrastructure {
namespace {

using namespace std::chrono_literals;

Connection::Addresses loopback(unsigned short port) {
    const boost::asio::ip::tcp::endpoint endpoint(boost::asio::ip::make_address("127.0.0.1"), port);
    return Connection::Addresses::create(endpoint, "localhost", std::to_string(port));
}

TEST(AddressCache, KeepsAnUpstreamsAddressesForItsTtlUntilForgotten) {
    AddressCache cache(30s);
    const std::chrono::steady_clock::time_point start{};
    EXPECT_FALSE(cache.find("http://localhost:8080", start));
    cache.keep("http://localhost:8080", loopback(8080), start);
    const auto found = cache.find("http://localhost:8080", start + 29s);
    ASSERT_TRUE(found);
    EXPECT_EQ(found->begin()->endpoint().port(), 8080);
    EXPECT_FALSE(cache.find("http://localhost:8081", start)) << "by host and port";
    EXPECT_FALSE(cache.find("http://localhost:8080", start + 30s)) << "expired";
    cache.keep("http://localhost:8080", loopback(8080), start + 30s);
    cache.forget("http://localhost:8080");
    EXPECT_FALSE(cache.find("http://localhost:8080", start + 31s));
}

}  // namespace
}  // namespace llmgw::infrastructure
