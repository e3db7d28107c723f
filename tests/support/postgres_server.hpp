#pragma once

#include <string>

namespace llmgw::testing {

// A PostgreSQL server of the test's own, from the Debian packages: a new
// cluster (initdb) in a temporary directory, started (pg_ctl) on a free
// loopback port and removed with the test. As root it runs as the
// `postgres` system user, since PostgreSQL refuses to run as root. Throws
// std::runtime_error, with the server's log, when it cannot start.
class PostgresServer {
public:
    PostgresServer();
    ~PostgresServer();
    PostgresServer(const PostgresServer&) = delete;
    PostgresServer& operator=(const PostgresServer&) = delete;

    // A libpq connection string for database `postgres` as user `llmgw`.
    std::string dsn() const;
    unsigned short port() const noexcept { return port_; }

    // Stops the server (fast shutdown) and starts it again on the same port.
    void restart();
    void stop();
    void start();

private:
    std::string directory_;
    unsigned short port_ = 0;
    bool running_ = false;
};

}  // namespace llmgw::testing
