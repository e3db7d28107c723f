#include "postgres_server.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <vector>

#include <netinet/in.h>
#include <pwd.h>
#include <sys/socket.h>
#include <unistd.h>

#include "free_port.hpp"

namespace llmgw::testing {
namespace {

// Where Debian installs the server's programs (they are not on PATH).
std::string server_bin() {
    namespace fs = std::filesystem;
    std::vector<fs::path> versions;
    for (const auto& entry : fs::directory_iterator("/usr/lib/postgresql")) {
        if (fs::exists(entry.path() / "bin" / "pg_ctl")) versions.push_back(entry.path() / "bin");
    }
    if (versions.empty()) throw std::runtime_error("no PostgreSQL server installed (Debian package postgresql)");
    std::sort(versions.begin(), versions.end());
    return versions.back().string();
}

bool as_root() { return ::geteuid() == 0; }

// Runs `command` through the shell, as `postgres` when we are root.
void run(const std::string& command, const std::string& what, const std::string& log) {
    const std::string line = as_root() ? "runuser -u postgres -- " + command : command;
    if (std::system((line + " >> " + log + " 2>&1").c_str()) == 0) return;
    std::ifstream file(log);
    std::ostringstream text;
    text << file.rdbuf();
    throw std::runtime_error("PostgreSQL: " + what + " failed:\n" + text.str());
}

}  // namespace

PostgresServer::PostgresServer() {
    char pattern[] = "/tmp/llmgw-pg-XXXXXX";
    if (!::mkdtemp(pattern)) throw std::runtime_error("cannot make a directory for PostgreSQL");
    directory_ = pattern;
    if (as_root()) {
        const passwd* postgres = ::getpwnam("postgres");
        if (!postgres) throw std::runtime_error("PostgreSQL refuses root and there is no `postgres` user");
        if (::chown(directory_.c_str(), postgres->pw_uid, postgres->pw_gid) != 0) {
            throw std::runtime_error("cannot hand " + directory_ + " to the postgres user");
        }
    }
    port_ = free_port();
    run(server_bin() + "/initdb --no-sync --auth=trust --username=llmgw --encoding=UTF8 -D " + directory_ + "/data",
        "initdb", directory_ + "/setup.log");
    start();
}

PostgresServer::~PostgresServer() {
    try {
        if (running_) {
            run(server_bin() + "/pg_ctl -D " + directory_ + "/data -m immediate -w stop", "pg_ctl stop",
                directory_ + "/setup.log");
        }
    } catch (const std::exception&) {
    }
    std::error_code ignored;
    std::filesystem::remove_all(directory_, ignored);
}

std::string PostgresServer::dsn() const {
    return "host=127.0.0.1 port=" + std::to_string(port_) + " user=llmgw dbname=postgres connect_timeout=5";
}

void PostgresServer::start() {
    // fsync off: a test's data need not survive a power cut, and the
    // server starts and commits much faster.
    run(server_bin() + "/pg_ctl -D " + directory_ + "/data -l " + directory_ + "/server.log -w -t 60 -o \"-p " +
            std::to_string(port_) + " -k " + directory_ + " -c listen_addresses=127.0.0.1 -c fsync=off\" start",
        "pg_ctl start", directory_ + "/setup.log");
    running_ = true;
}

void PostgresServer::stop() {
    run(server_bin() + "/pg_ctl -D " + directory_ + "/data -m fast -w stop", "pg_ctl stop", directory_ + "/setup.log");
    running_ = false;
}

void PostgresServer::restart() {
    stop();
    start();
}

}  // namespace llmgw::testing
