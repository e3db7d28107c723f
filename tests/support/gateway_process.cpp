#include "gateway_process.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <thread>

#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

namespace llmgw::testing {
namespace {

std::string temp_path(const char* suffix) {
    static int counter = 0;
    return "/tmp/llmgw-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) + suffix;
}

std::string read_file(const std::string& path) {
    std::ifstream file(path);
    std::ostringstream text;
    text << file.rdbuf();
    return text.str();
}

}  // namespace

GatewayProcess::GatewayProcess(const std::string& config_yaml,
                               const std::vector<std::pair<std::string, std::string>>& environment)
    : config_path_(temp_path(".yaml")), log_path_(temp_path(".log")) {
    std::ofstream config(config_path_);
    config << config_yaml;
    if (!std::regex_search(config_yaml, std::regex("(^|\n)ledger:"))) {
        ledger_path_ = temp_path(".db");
        config << "\nledger: { kind: sqlite, path: " << ledger_path_ << " }\n";
    }
    config.close();
    // Everything the child needs is made before fork(): between fork and
    // exec a child of a multi-threaded process may only make async-signal-
    // safe calls (no allocation: another thread may have held the
    // allocator's lock, as TSan's does).
    std::vector<std::string> variables;
    for (char** variable = environ; *variable; ++variable) {
        const std::string_view entry(*variable);
        const bool overridden = std::any_of(environment.begin(), environment.end(), [&](const auto& pair) {
            return entry.starts_with(pair.first) && entry.size() > pair.first.size() && entry[pair.first.size()] == '=';
        });
        if (!overridden) variables.emplace_back(entry);
    }
    for (const auto& [name, value] : environment) variables.push_back(name + "=" + value);
    std::vector<char*> envp;
    for (auto& variable : variables) envp.push_back(variable.data());
    envp.push_back(nullptr);
    const char* argv[] = {LLMGW_BINARY, "--config", config_path_.c_str(), "--listen", "127.0.0.1:0", nullptr};
    const int log_fd = ::open(log_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (log_fd < 0) throw std::runtime_error("cannot create " + log_path_);
    pid_ = ::fork();
    if (pid_ == 0) {
        // A test that crashes takes its gateway with it.
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
        ::dup2(log_fd, STDERR_FILENO);
        ::execve(LLMGW_BINARY, const_cast<char* const*>(argv), envp.data());
        ::_exit(127);
    }
    ::close(log_fd);
    // The gateway logs the address it is listening on once it is ready.
    // (in the JSON format, or logfmt's `listening address=...`)
    const std::regex listening(R"re(("event":"listening","address":"| listening address=)127\.0\.0\.1:(\d+))re");
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (std::chrono::steady_clock::now() < deadline) {
        std::smatch match;
        const auto text = log();
        if (std::regex_search(text, match, listening)) {
            port_ = static_cast<unsigned short>(std::stoi(match[2]));
            return;
        }
        int status = 0;
        if (::waitpid(pid_, &status, WNOHANG) == pid_) {
            pid_ = -1;
            throw std::runtime_error("llm-gateway exited at start-up: " + text);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    throw std::runtime_error("llm-gateway did not start listening: " + log());
}

GatewayProcess::~GatewayProcess() {
    // A graceful stop, so that a sanitizer build can report at exit.
    if (pid_ > 0 && stop(SIGTERM, 3) == -1) stop(SIGKILL, 5);
    const auto text = log();
    for (const char* report : {"AddressSanitizer", "LeakSanitizer", "ThreadSanitizer", "runtime error:"}) {
        if (text.find(report) == std::string::npos) continue;
        ADD_FAILURE() << "the gateway process reported a sanitizer error:\n" << text;
        break;
    }
    std::remove(config_path_.c_str());
    for (const char* suffix : {"", "-wal", "-shm"}) {
        if (!ledger_path_.empty()) std::remove((ledger_path_ + suffix).c_str());
    }
    std::remove(log_path_.c_str());
}

int GatewayProcess::stop(int signal, int seconds) {
    if (pid_ <= 0) return -1;
    ::kill(pid_, signal);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
    while (std::chrono::steady_clock::now() < deadline) {
        int status = 0;
        if (::waitpid(pid_, &status, WNOHANG) == pid_) {
            pid_ = -1;
            return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return -1;
}

std::string GatewayProcess::log() const { return read_file(log_path_); }

bool GatewayProcess::wait_for_log(const std::string& text, std::chrono::milliseconds limit) const {
    const auto give_up = std::chrono::steady_clock::now() + limit;
    while (log().find(text) == std::string::npos) {
        if (std::chrono::steady_clock::now() >= give_up) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return true;
}

std::pair<int, std::string> GatewayProcess::run_to_end(const std::string& arguments) {
    const auto output_path = temp_path(".out");
    const auto command = std::string(LLMGW_BINARY) + " " + arguments + " >" + output_path + " 2>&1";
    const int status = std::system(command.c_str());
    auto output = read_file(output_path);
    std::remove(output_path.c_str());
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, output};
}

}  // namespace llmgw::testing
