#pragma once

#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include <sys/types.h>

namespace llmgw::testing {

// The built llm-gateway binary, started with a configuration file made from
// `config_yaml`, --listen 127.0.0.1:0 and `environment` added to its own, and
// stopped with the test. A configuration without `ledger:` gets the default
// kind, SQLite, in a file of the test's own (removed with it).
class GatewayProcess {
public:
    explicit GatewayProcess(const std::string& config_yaml,
                            const std::vector<std::pair<std::string, std::string>>& environment = {});
    ~GatewayProcess();
    GatewayProcess(const GatewayProcess&) = delete;
    GatewayProcess& operator=(const GatewayProcess&) = delete;

    unsigned short port() const noexcept { return port_; }
    pid_t pid() const noexcept { return pid_; }
    // Sends `signal` and waits for the exit; returns the exit status, or -1
    // when the process did not exit within `seconds`.
    int stop(int signal, int seconds = 15);
    // Everything the process wrote to stderr so far.
    std::string log() const;
    // Waits (bounded) until the log holds `text`: lines written after the
    // client had its answer (the access log) come a moment later.
    bool wait_for_log(const std::string& text, std::chrono::milliseconds limit = std::chrono::milliseconds(5000)) const;
    // The SQLite ledger file given to a configuration without `ledger:`.
    const std::string& ledger_path() const noexcept { return ledger_path_; }

    // Runs the binary with `arguments` to the end; returns exit status and
    // everything it printed.
    static std::pair<int, std::string> run_to_end(const std::string& arguments);

private:
    pid_t pid_ = -1;
    unsigned short port_ = 0;
    std::string config_path_;
    std::string log_path_;
    std::string ledger_path_;
};

}  // namespace llmgw::testing
