#include "redis_server.hpp"

#include <chrono>
#include <csignal>
#include <filesystem>
#include <stdexcept>
#include <thread>
#include <vector>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "free_port.hpp"

namespace llmgw::testing {
namespace {

bool accepts_connections(unsigned short port) {
    const int socket = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    const bool connected = ::connect(socket, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
    ::close(socket);
    return connected;
}

}  // namespace

RedisServer::RedisServer(std::string password) : password_(std::move(password)) {
    char pattern[] = "/tmp/llmgw-redis-XXXXXX";
    if (!::mkdtemp(pattern)) throw std::runtime_error("cannot make a directory for Redis");
    directory_ = pattern;
    port_ = free_port();
    start();
}

RedisServer::~RedisServer() {
    kill();
    std::error_code ignored;
    std::filesystem::remove_all(directory_, ignored);
}

std::string RedisServer::url(int db) const {
    return "redis://" + (password_.empty() ? std::string() : ":" + password_ + "@") + "127.0.0.1:" +
           std::to_string(port_) + "/" + std::to_string(db);
}

void RedisServer::start() {
    std::vector<std::string> arguments{"redis-server", "--port", std::to_string(port_), "--bind", "127.0.0.1",
                                       "--dir", directory_, "--save", "", "--appendonly", "no",
                                       "--enable-debug-command", "yes", "--logfile", directory_ + "/redis.log"};
    if (!password_.empty()) {
        arguments.push_back("--requirepass");
        arguments.push_back(password_);
    }
    pid_ = ::fork();
    if (pid_ < 0) throw std::runtime_error("cannot fork for Redis");
    if (pid_ == 0) {
        std::vector<char*> argv;
        for (auto& argument : arguments) argv.push_back(argument.data());
        argv.push_back(nullptr);
        ::execvp("redis-server", argv.data());
        ::_exit(127);
    }
    for (int i = 0; i < 500; ++i) {
        if (accepts_connections(port_)) return;
        int status = 0;
        if (::waitpid(pid_, &status, WNOHANG) == pid_) {
            pid_ = -1;
            throw std::runtime_error("redis-server exited at start (is the Debian package redis-server installed?)");
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    throw std::runtime_error("redis-server did not start listening");
}

void RedisServer::kill() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGKILL);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
}

}  // namespace llmgw::testing
