#pragma once

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace llmgw::observability {

// A count that only rises. Adding is one relaxed atomic add: no lock, no
// allocation.
class Counter {
public:
    void add(std::uint64_t amount = 1) noexcept { value_.fetch_add(amount, std::memory_order_relaxed); }
    std::uint64_t value() const noexcept { return value_.load(std::memory_order_relaxed); }

private:
    std::atomic<std::uint64_t> value_{0};
};

// A value that goes up and down.
class Gauge {
public:
    void set(std::int64_t value) noexcept { value_.store(value, std::memory_order_relaxed); }
    void add(std::int64_t amount) noexcept { value_.fetch_add(amount, std::memory_order_relaxed); }
    std::int64_t value() const noexcept { return value_.load(std::memory_order_relaxed); }

private:
    std::atomic<std::int64_t> value_{0};
};

// Durations in buckets. Observing is a few relaxed atomic adds; the sum is
// kept in whole microseconds, so that it is exact.
class Histogram {
public:
    // Upper bounds in microseconds, ascending; +Inf is implied.
    explicit Histogram(std::vector<std::int64_t> bounds_us)
        : bounds_(std::move(bounds_us)), counts_(bounds_.size() + 1) {}

    void observe_us(std::int64_t microseconds) noexcept;

    const std::vector<std::int64_t>& bounds_us() const noexcept { return bounds_; }
    // Per bucket (not cumulative), the last one for +Inf.
    std::vector<std::uint64_t> counts() const;
    std::uint64_t count() const noexcept { return count_.load(std::memory_order_relaxed); }
    std::int64_t sum_us() const noexcept { return sum_.load(std::memory_order_relaxed); }

private:
    const std::vector<std::int64_t> bounds_;
    std::vector<std::atomic<std::uint64_t>> counts_;
    std::atomic<std::uint64_t> count_{0};
    std::atomic<std::int64_t> sum_{0};
};

// Buckets for LLM latencies, as the OpenTelemetry GenAI conventions advise:
// 10 ms doubling to about 82 s; and for a first token, from 1 ms.
const std::vector<std::int64_t>& request_duration_buckets_us();
const std::vector<std::int64_t>& first_token_buckets_us();
// Microseconds to well under a millisecond, for the gateway's own overhead.
const std::vector<std::int64_t>& overhead_buckets_us();

// One metric with its labels: every series it has, one per combination of
// label values. `with` finds (or on first use makes) a series; the pointer
// stays valid for the registry's life, so callers that know their labels
// up front keep it and record without any lookup.
template <class Series>
class Family {
public:
    using Make = std::function<std::unique_ptr<Series>()>;
    Family(std::vector<std::string> label_names, Make make, std::size_t max_series)
        : label_names_(std::move(label_names)), make_(std::move(make)), max_series_(max_series) {}

    // Past `max_series` combinations, new ones share an `overflow` series,
    // so that no label can grow memory without bound.
    Series& with(std::initializer_list<std::string_view> label_values);

    const std::vector<std::string>& label_names() const noexcept { return label_names_; }
    // Each series with its label values, sorted, for exposition.
    void each(const std::function<void(const std::vector<std::string>&, const Series&)>& visit) const;

private:
    const std::vector<std::string> label_names_;
    const Make make_;
    const std::size_t max_series_;
    // Compares label values of any string type, so that a lookup builds no key.
    struct ValuesLess {
        using is_transparent = void;
        template <class A, class B>
        bool operator()(const A& a, const B& b) const {
            return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end(),
                                                [](std::string_view x, std::string_view y) { return x < y; });
        }
    };

    mutable std::mutex mutex_;
    std::map<std::vector<std::string>, std::unique_ptr<Series>, ValuesLess> series_;
};

template <class Series>
Series& Family<Series>::with(std::initializer_list<std::string_view> label_values) {
    std::lock_guard lock(mutex_);
    const auto found = series_.find(label_values);
    if (found != series_.end()) return *found->second;
    std::vector<std::string> key(label_values.begin(), label_values.end());
    if (series_.size() >= max_series_) key.assign(label_names_.size(), "overflow");
    auto& slot = series_[std::move(key)];
    if (!slot) slot = make_();
    return *slot;
}

template <class Series>
void Family<Series>::each(const std::function<void(const std::vector<std::string>&, const Series&)>& visit) const {
    std::lock_guard lock(mutex_);
    for (const auto& [values, series] : series_) visit(values, *series);
}

// How an integer counter or gauge is shown: as is, or scaled down by
// 10^decimals (nano-dollars as dollars: 9).
struct Shown {
    int decimals = 0;
};

// Every metric of one gateway, and their exposition: the Prometheus text
// format (version 0.0.4) or OpenMetrics 1.0. Families are registered at
// start-up; recording happens on any thread.
class MetricsRegistry {
public:
    enum class Kind { counter, gauge, histogram };
    enum class Format { prometheus, openmetrics };
    Family<Counter>& counter(std::string name, std::string help, std::vector<std::string> labels, Shown shown = {});
    Family<Gauge>& gauge(std::string name, std::string help, std::vector<std::string> labels, Shown shown = {});
    Family<Histogram>& histogram(std::string name, std::string help, std::vector<std::string> labels,
                                 const std::vector<std::int64_t>& bounds_us);
    // A gauge read at scrape time (process metrics).
    void computed(std::string name, std::string help, Kind kind, std::function<double()> read);
    // Runs before every exposition, to set gauges from state that lives
    // elsewhere (calls under way, budgets).
    void on_scrape(std::function<void()> refresh);

    // Counters' names end in _total; OpenMetrics names their family without it.
    std::string exposition(Format format = Format::prometheus) const;

    static constexpr std::size_t max_series_per_family = 10'000;

private:
    struct Entry {
        std::string name;
        std::string help;
        Kind kind;
        Shown shown;
        std::unique_ptr<Family<Counter>> counters;
        std::unique_ptr<Family<Gauge>> gauges;
        std::unique_ptr<Family<Histogram>> histograms;
        std::function<double()> read;
    };
    Entry& add(std::string name, std::string help, Kind kind, Shown shown);

    mutable std::mutex mutex_;
    std::vector<std::unique_ptr<Entry>> entries_;
    std::vector<std::function<void()>> refreshes_;
};

}  // namespace llmgw::observability
