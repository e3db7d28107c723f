#include "observability/metrics/metrics.hpp"

#include <charconv>
#include <cstdio>

namespace llmgw::observability {

void Histogram::observe_us(std::int64_t microseconds) noexcept {
    const auto bucket = static_cast<std::size_t>(
        std::lower_bound(bounds_.begin(), bounds_.end(), microseconds) - bounds_.begin());
    counts_[bucket].fetch_add(1, std::memory_order_relaxed);
    count_.fetch_add(1, std::memory_order_relaxed);
    sum_.fetch_add(microseconds, std::memory_order_relaxed);
}

std::vector<std::uint64_t> Histogram::counts() const {
    std::vector<std::uint64_t> out;
    out.reserve(counts_.size());
    for (const auto& count : counts_) out.push_back(count.load(std::memory_order_relaxed));
    return out;
}

namespace {

std::vector<std::int64_t> doubling(std::int64_t first_us, int buckets) {
    std::vector<std::int64_t> bounds;
    for (std::int64_t bound = first_us; buckets-- > 0; bound *= 2) bounds.push_back(bound);
    return bounds;
}

// `value` / 10^decimals, exactly, without trailing zeros: 1500000, 6 -> "1.5".
std::string scaled(std::int64_t value, int decimals) {
    const bool negative = value < 0;
    auto magnitude = negative ? 0 - static_cast<std::uint64_t>(value) : static_cast<std::uint64_t>(value);
    std::uint64_t unit = 1;
    for (int i = 0; i < decimals; ++i) unit *= 10;
    std::string text = negative ? "-" : "";
    text += std::to_string(magnitude / unit);
    if (decimals == 0) return text;
    std::string fraction = std::to_string(magnitude % unit);
    fraction.insert(0, static_cast<std::size_t>(decimals) - fraction.size(), '0');
    while (!fraction.empty() && fraction.back() == '0') fraction.pop_back();
    if (!fraction.empty()) text += "." + fraction;
    return text;
}

std::string seconds_of_us(std::int64_t microseconds) { return scaled(microseconds, 6); }

std::string number(double value) {
    char buffer[64];
    const auto written = std::to_chars(buffer, buffer + sizeof buffer, value);
    return std::string(buffer, written.ptr);
}

void escape_into(std::string& out, std::string_view text, bool quotes) {
    for (const char c : text) {
        if (c == '\\') {
            out += "\\\\";
        } else if (c == '\n') {
            out += "\\n";
        } else if (quotes && c == '"') {
            out += "\\\"";
        } else {
            out += c;
        }
    }
}

// `{a="x",b="y"}` (with `extra` appended, for a histogram's `le`), or
// nothing when there are no labels.
std::string labels(const std::vector<std::string>& names, const std::vector<std::string>& values,
                   std::string_view extra = {}) {
    if (names.empty() && extra.empty()) return {};
    std::string out = "{";
    for (std::size_t i = 0; i < names.size(); ++i) {
        if (i > 0) out += ',';
        out += names[i];
        out += "=\"";
        escape_into(out, values[i], true);
        out += '"';
    }
    if (!extra.empty()) {
        if (!names.empty()) out += ',';
        out += extra;
    }
    out += '}';
    return out;
}

std::string_view type_name(MetricsRegistry::Kind kind) {
    switch (kind) {
    case MetricsRegistry::Kind::counter: return "counter";
    case MetricsRegistry::Kind::gauge: return "gauge";
    case MetricsRegistry::Kind::histogram: return "histogram";
    }
    return "untyped";
}

}  // namespace

const std::vector<std::int64_t>& request_duration_buckets_us() {
    static const auto bounds = doubling(10'000, 14);  // 0.01 s .. 81.92 s
    return bounds;
}

const std::vector<std::int64_t>& first_token_buckets_us() {
    static const auto bounds = doubling(1'000, 17);  // 1 ms .. 65.536 s
    return bounds;
}

const std::vector<std::int64_t>& overhead_buckets_us() {
    static const auto bounds = doubling(10, 14);  // 10 us .. 81.92 ms
    return bounds;
}

MetricsRegistry::Entry& MetricsRegistry::add(std::string name, std::string help, Kind kind, Shown shown) {
    std::lock_guard lock(mutex_);
    auto entry = std::make_unique<Entry>();
    entry->name = std::move(name);
    entry->help = std::move(help);
    entry->kind = kind;
    entry->shown = shown;
    entries_.push_back(std::move(entry));
    return *entries_.back();
}

Family<Counter>& MetricsRegistry::counter(std::string name, std::string help, std::vector<std::string> label_names,
                                          Shown shown) {
    auto& entry = add(std::move(name), std::move(help), Kind::counter, shown);
    entry.counters = std::make_unique<Family<Counter>>(
        std::move(label_names), [] { return std::make_unique<Counter>(); }, max_series_per_family);
    return *entry.counters;
}

Family<Gauge>& MetricsRegistry::gauge(std::string name, std::string help, std::vector<std::string> label_names,
                                      Shown shown) {
    auto& entry = add(std::move(name), std::move(help), Kind::gauge, shown);
    entry.gauges = std::make_unique<Family<Gauge>>(
        std::move(label_names), [] { return std::make_unique<Gauge>(); }, max_series_per_family);
    return *entry.gauges;
}

Family<Histogram>& MetricsRegistry::histogram(std::string name, std::string help, std::vector<std::string> label_names,
                                              const std::vector<std::int64_t>& bounds_us) {
    auto& entry = add(std::move(name), std::move(help), Kind::histogram, {});
    entry.histograms = std::make_unique<Family<Histogram>>(
        std::move(label_names), [bounds_us] { return std::make_unique<Histogram>(bounds_us); },
        max_series_per_family);
    return *entry.histograms;
}

void MetricsRegistry::computed(std::string name, std::string help, Kind kind, std::function<double()> read) {
    add(std::move(name), std::move(help), kind, {}).read = std::move(read);
}

void MetricsRegistry::on_scrape(std::function<void()> refresh) {
    std::lock_guard lock(mutex_);
    refreshes_.push_back(std::move(refresh));
}

std::string MetricsRegistry::exposition(Format format) const {
    std::lock_guard lock(mutex_);
    for (const auto& refresh : refreshes_) refresh();
    const bool openmetrics = format == Format::openmetrics;
    std::string out;
    for (const auto& entry : entries_) {
        std::string_view family = entry->name;
        if (openmetrics && entry->kind == Kind::counter && family.ends_with("_total")) family.remove_suffix(6);
        out += "# HELP ";
        out += family;
        out += ' ';
        escape_into(out, entry->help, openmetrics);
        out += "\n# TYPE ";
        out += family;
        out += ' ';
        out += type_name(entry->kind);
        out += '\n';
        const auto& name = entry->name;
        if (entry->read) {
            out += name + ' ' + number(entry->read()) + '\n';
        } else if (entry->counters) {
            entry->counters->each([&](const auto& values, const Counter& counter) {
                out += name + labels(entry->counters->label_names(), values) + ' ' +
                       scaled(static_cast<std::int64_t>(counter.value()), entry->shown.decimals) + '\n';
            });
        } else if (entry->gauges) {
            entry->gauges->each([&](const auto& values, const Gauge& gauge) {
                out += name + labels(entry->gauges->label_names(), values) + ' ' +
                       scaled(gauge.value(), entry->shown.decimals) + '\n';
            });
        } else if (entry->histograms) {
            const auto& names = entry->histograms->label_names();
            entry->histograms->each([&](const auto& values, const Histogram& histogram) {
                const auto counts = histogram.counts();
                std::uint64_t cumulative = 0;
                for (std::size_t i = 0; i < counts.size(); ++i) {
                    cumulative += counts[i];
                    const auto le = i < histogram.bounds_us().size() ? seconds_of_us(histogram.bounds_us()[i]) : "+Inf";
                    out += name + "_bucket" + labels(names, values, "le=\"" + le + "\"") + ' ' +
                           std::to_string(cumulative) + '\n';
                }
                out += name + "_sum" + labels(names, values) + ' ' + seconds_of_us(histogram.sum_us()) + '\n';
                out += name + "_count" + labels(names, values) + ' ' + std::to_string(cumulative) + '\n';
            });
        }
    }
    if (openmetrics) out += "# EOF\n";
    return out;
}

}  // namespace llmgw::observability
