#pragma once

#include <string>

#include <sys/types.h>

namespace llmgw::testing {

// A Redis server of the test's own, from the Debian package (redis-server):
// on a free loopback port, in a temporary directory, without persistence,
// with DEBUG enabled (DEBUG SLEEP makes it slow on demand), stopped and
// removed with the test. `password`, when given, is required of clients.
class RedisServer {
public:
    explicit RedisServer(std::string password = {});
    ~RedisServer();
    RedisServer(const RedisServer&) = delete;
    RedisServer& operator=(const RedisServer&) = delete;

    unsigned short port() const noexcept { return port_; }
    // redis://[:password@]127.0.0.1:PORT/db
    std::string url(int db = 0) const;

    // Kills the server at once (SIGKILL), and starts it again on the same port.
    void kill();
    void start();

private:
    std::string directory_;
    std::string password_;
    unsigned short port_ = 0;
    pid_t pid_ = -1;
};

}  // namespace llmgw::testing
