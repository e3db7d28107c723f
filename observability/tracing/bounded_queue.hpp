#pragma once

#include <atomic>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>

namespace llmgw::observability {

// A fixed-capacity queue that any number of threads push to and pop from
// without a lock (Dmitry Vyukov's bounded MPMC queue): each cell carries a
// sequence number that says whether it is free for the push at a position
// or holds the value for the pop at it. A full queue refuses the push, so
// a request thread never waits for the thread that drains it.
template <class T>
class BoundedQueue {
public:
    // Room for at least `capacity` values (rounded up to a power of two).
    explicit BoundedQueue(std::size_t capacity)
        : mask_(std::bit_ceil(capacity < 2 ? std::size_t{2} : capacity) - 1), cells_(new Cell[mask_ + 1]) {
        for (std::size_t i = 0; i <= mask_; ++i) cells_[i].sequence.store(i, std::memory_order_relaxed);
    }

    // False (and `value` untouched) when the queue is full.
    bool try_push(T& value) {
        std::size_t position = push_at_.load(std::memory_order_relaxed);
        for (;;) {
            Cell& cell = cells_[position & mask_];
            const std::size_t sequence = cell.sequence.load(std::memory_order_acquire);
            const auto lag = static_cast<std::intptr_t>(sequence) - static_cast<std::intptr_t>(position);
            if (lag == 0) {
                if (push_at_.compare_exchange_weak(position, position + 1, std::memory_order_relaxed)) {
                    cell.value = std::move(value);
                    cell.sequence.store(position + 1, std::memory_order_release);
                    return true;
                }
            } else if (lag < 0) {
                return false;  // the cell still holds a value a full lap behind
            } else {
                position = push_at_.load(std::memory_order_relaxed);
            }
        }
    }

    std::optional<T> try_pop() {
        std::size_t position = pop_at_.load(std::memory_order_relaxed);
        for (;;) {
            Cell& cell = cells_[position & mask_];
            const std::size_t sequence = cell.sequence.load(std::memory_order_acquire);
            const auto lag = static_cast<std::intptr_t>(sequence) - static_cast<std::intptr_t>(position + 1);
            if (lag == 0) {
                if (pop_at_.compare_exchange_weak(position, position + 1, std::memory_order_relaxed)) {
                    std::optional<T> value(std::move(cell.value));
                    cell.value = T{};
                    cell.sequence.store(position + mask_ + 1, std::memory_order_release);
                    return value;
                }
            } else if (lag < 0) {
                return std::nullopt;  // empty
            } else {
                position = pop_at_.load(std::memory_order_relaxed);
            }
        }
    }

private:
    struct Cell {
        std::atomic<std::size_t> sequence;
        T value{};
    };

    const std::size_t mask_;
    std::unique_ptr<Cell[]> cells_;
    // Apart, so that pushing and popping threads do not share a cache line.
    alignas(64) std::atomic<std::size_t> push_at_{0};
    alignas(64) std::atomic<std::size_t> pop_at_{0};
};

}  // namespace llmgw::observability
