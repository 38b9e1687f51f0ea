#include "portdb/query/policy.hpp"

#include "portdb/query/did_you_mean.hpp"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <span>
#include <vector>

namespace portdb::query {
namespace {

std::optional<std::uint32_t> decimal(std::string_view text) {
    std::uint32_t value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || error != std::errc{} || end != text.data() + text.size()) {
        return std::nullopt;
    }
    return value;
}

/// "N" or "N-M", 0-65535, N <= M.
std::optional<db::PortRange> port_range(std::string_view text) {
    const auto dash = text.find('-');
    const auto lo = decimal(text.substr(0, dash));
    const auto hi = dash == std::string_view::npos ? lo : decimal(text.substr(dash + 1));
    if (!lo || !hi || *lo > *hi || *hi > 65535) {
        return std::nullopt;
    }
    return db::PortRange{static_cast<std::uint16_t>(*lo), static_cast<std::uint16_t>(*hi)};
}

// The keys each table may hold: a typo is refused where it is, never ignored.
constexpr auto rule_keys =
    std::to_array<std::string_view>({"id", "ports", "protocols", "level", "targets", "historic", "title", "message",
                                     "platform", "how_to_change", "source", "severity"});
constexpr auto muq_keys = std::to_array<std::string_view>(
    {"daemon_block", "production", "test", "instance_shift", "experimental_prefix", "source"});
constexpr auto document_keys = std::to_array<std::string_view>({"mode", "muq", "rule"});

// The largest experimental_prefix whose every port (prefix, then four digits) is at most 65535.
constexpr std::int64_t max_experimental_prefix = 5;

class PolicyReader {
public:
    explicit PolicyReader(std::string_view source_name) : source_(source_name) {}

    [[noreturn]] void fail(const toml::node* node, std::string_view message) const {
        if (node != nullptr && node->source().begin.line > 0) {
            throw PolicyError(fmt::format("{}:{}: {}", source_, node->source().begin.line, message));
        }
        throw PolicyError(fmt::format("{}: {}", source_, message));
    }

    /// Refuses a key of `table` not in `known`, naming its line and the nearest known key.
    void only_known_keys(const toml::table& table, std::span<const std::string_view> known, std::string_view where,
                         std::string_view expected) const {
        for (const auto& [key, value] : table) {
            if (std::find(known.begin(), known.end(), key.str()) != known.end()) {
                continue;
            }
            const auto nearest = closest_names(std::vector<std::string>(known.begin(), known.end()), key.str(), 1);
            fail(&value,
                 fmt::format("{}unknown key \"{}\"{}", where.empty() ? "" : fmt::format("{}: ", where), key.str(),
                             nearest.empty() ? fmt::format(": expected {}", expected)
                                             : fmt::format(" (did you mean {}?)", nearest.front())));
        }
    }

    std::string text(const toml::table& table, std::string_view key, bool required, std::string_view where) const {
        const toml::node* node = table.get(key);
        if (node == nullptr) {
            if (required) {
                fail(&table, fmt::format("{}: \"{}\" is missing", where, key));
            }
            return {};
        }
        const auto* value = node->as_string();
        if (value == nullptr) {
            fail(node, fmt::format("{}: \"{}\" must be a string", where, key));
        }
        return value->get();
    }

    db::PortRange range(const toml::table& table, std::string_view key, std::string_view where) const {
        const auto value = text(table, key, true, where);
        const auto parsed = port_range(value);
        if (!parsed) {
            fail(table.get(key), fmt::format("{}: \"{}\" is not a port range N-M within 0-65535", where, value));
        }
        return *parsed;
    }

    PolicyRule rule(const toml::table& table) const {
        PolicyRule rule;
        const auto id = table["id"].value<std::string>();
        only_known_keys(table, rule_keys, id ? fmt::format("rule \"{}\"", *id) : "a [[rule]]",
                        "id, ports, protocols, level, targets, historic, title, message, platform, how_to_change "
                        "or source");
        rule.id = text(table, "id", true, "a [[rule]]");
        const auto where = fmt::format("rule \"{}\"", rule.id);
        const auto* ports = table.get_as<toml::array>("ports");
        if (ports == nullptr || ports->empty()) {
            fail(&table, fmt::format("{}: \"ports\" must be a non-empty list like [\"6000-6063\"]", where));
        }
        for (const auto& item : *ports) {
            const auto* value = item.as_string();
            const auto parsed = value != nullptr ? port_range(value->get()) : std::nullopt;
            if (!parsed) {
                fail(&item, fmt::format("{}: each port must be \"N\" or \"N-M\" within 0-65535", where));
            }
            rule.ports.push_back(*parsed);
        }
        const auto* protocols = table.get_as<toml::array>("protocols");
        if (protocols == nullptr || protocols->empty()) {
            fail(&table, fmt::format("{}: \"protocols\" must be a non-empty list like [\"tcp\", \"udp\"]", where));
        }
        for (const auto& item : *protocols) {
            const auto* value = item.as_string();
            if (value == nullptr) {
                fail(&item, fmt::format("{}: protocols are strings", where));
            }
            rule.protocols.push_back(value->get());
        }
        if (const toml::node* old = table.get("severity")) {
            fail(old, fmt::format("{}: \"severity\" is now \"level\" (conflict, caution or note) with \"targets\" "
                                  "(the platforms it concerns, e.g. [\"linux\"] or [\"any\"])",
                                  where));
        }
        const auto level_word = text(table, "level", true, where);
        const auto level = level_from_string(level_word);
        if (!level) {
            fail(table.get("level"),
                 fmt::format("{}: level \"{}\" must be conflict, caution or note", where, level_word));
        }
        rule.level = *level;
        rule.targets = targets(table, where);
        if (const toml::node* historic = table.get("historic")) {
            if (!historic->is_boolean()) {
                fail(historic, fmt::format("{}: \"historic\" must be true or false", where));
            }
            rule.historic = historic->as_boolean()->get();
        }
        rule.title = text(table, "title", false, where);
        if (rule.title.empty()) {
            rule.title = rule.id;
        }
        rule.message = text(table, "message", true, where);
        rule.platform = text(table, "platform", false, where);
        rule.how_to_change = text(table, "how_to_change", false, where);
        rule.source = text(table, "source", false, where);
        return rule;
    }

    TargetSet targets(const toml::table& table, std::string_view where) const {
        const auto* list = table.get_as<toml::array>("targets");
        if (list == nullptr || list->empty()) {
            fail(&table,
                 fmt::format("{}: \"targets\" must be a non-empty list like [\"linux\", \"freebsd\"] or [\"any\"]",
                             where));
        }
        TargetSet set;
        for (const auto& item : *list) {
            const auto* value = item.as_string();
            const auto target = value != nullptr ? target_from_string(value->get()) : std::nullopt;
            if (!target) {
                fail(&item, fmt::format("{}: each target is one of {}", where, target_words()));
            }
            set.insert(*target);
        }
        return set;
    }

    void muq(const toml::table& table, MuqPolicy& muq) const {
        only_known_keys(table, muq_keys, "[muq]",
                        "daemon_block, production, test, instance_shift, experimental_prefix or source");
        if (table.contains("daemon_block")) {
            muq.daemon_block = range(table, "daemon_block", "[muq]");
        }
        if (table.contains("production")) {
            muq.production = range(table, "production", "[muq]");
        }
        if (table.contains("test")) {
            muq.test = range(table, "test", "[muq]");
        }
        struct WholeNumber {
            const char* key;
            std::uint32_t* target;
            std::int64_t max;
            const char* why;  ///< why the limit, when it is not arbitrary
        };
        for (const auto& [key, target, max, why] :
             {WholeNumber{"instance_shift", &muq.instance_shift, 9999, ""},
              WholeNumber{"experimental_prefix", &muq.experimental_prefix, max_experimental_prefix,
                          ": followed by four digits, a larger one can be past port 65535"}}) {
            if (const toml::node* node = table.get(key)) {
                const auto value = node->value<std::int64_t>();
                if (!value || *value < 1 || *value > max) {
                    fail(node, fmt::format("[muq]: \"{}\" must be a whole number from 1 to {}{}", key, max, why));
                }
                *target = static_cast<std::uint32_t>(*value);
            }
        }
        if (table.contains("source")) {
            muq.source = text(table, "source", false, "[muq]");
        }
    }

private:
    std::string_view source_;
};

// Policy files are ASCII; other characters go in strings as \uXXXX escapes.
// This keeps every non-ASCII byte away from toml++ 3.3, whose whitespace test
// reaches __builtin_unreachable() for U+00A1..U+0499 from more places than a
// pre-scan can foresee (found by fuzzing, twice).
void require_ascii(std::string_view text, std::string_view source_name) {
    for (std::size_t i = 0, line = 1; i < text.size(); ++i) {
        if (text[i] == '\n') {
            ++line;
        } else if (static_cast<unsigned char>(text[i]) >= 0x80) {
            throw PolicyError(
                fmt::format("{}:{}: a non-ASCII character: policy files are ASCII (write others in "
                            "strings as \\uXXXX escapes)",
                            source_name, line));
        }
    }
}

}  // namespace

bool PolicyRule::applies_to_protocol(std::string_view protocol) const {
    return std::find(protocols.begin(), protocols.end(), protocol) != protocols.end();
}

bool PolicyRule::applies_to(std::uint16_t port, std::string_view protocol) const {
    // The port first: most rules miss it, and comparing numbers is cheaper than comparing words.
    return std::any_of(ports.begin(), ports.end(), [&](const db::PortRange& r) { return r.contains(port); }) &&
           applies_to_protocol(protocol);
}

Policy parse_policy(std::string_view toml_text, std::string_view source_name, const Policy* base) {
    require_ascii(toml_text, source_name);
    toml::table document;
    try {
        document = toml::parse(toml_text, source_name);
    } catch (const toml::parse_error& error) {
        throw PolicyError(fmt::format("{}:{}:{}: {}", source_name, error.source().begin.line,
                                      error.source().begin.column, error.description()));
    }
    const PolicyReader reader(source_name);
    reader.only_known_keys(document, document_keys, "", "mode, [muq] or [[rule]]");
    Policy policy;
    const auto mode = reader.text(document, "mode", false, "the file");
    if (!mode.empty() && mode != "replace" && mode != "extend") {
        reader.fail(document.get("mode"), fmt::format("mode \"{}\" must be \"extend\" or \"replace\"", mode));
    }
    if (base != nullptr && mode != "replace") {
        policy = *base;
    }
    if (const toml::node* muq = document.get("muq")) {
        if (!muq->is_table()) {
            reader.fail(muq, "[muq] must be a table");
        }
        reader.muq(*muq->as_table(), policy.muq);
    }
    if (const toml::node* rules = document.get("rule")) {
        if (!rules->is_array_of_tables()) {
            reader.fail(rules, "rules are written as [[rule]] tables");
        }
        for (const auto& node : *rules->as_array()) {
            auto rule = reader.rule(*node.as_table());
            const auto same = std::find_if(policy.rules.begin(), policy.rules.end(),
                                           [&](const PolicyRule& r) { return r.id == rule.id; });
            if (same != policy.rules.end()) {
                *same = std::move(rule);
            } else {
                policy.rules.push_back(std::move(rule));
            }
        }
    }
    return policy;
}

}  // namespace portdb::query
