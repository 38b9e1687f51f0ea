#include "portdb/query/target.hpp"

#include "portdb/query/usage_error.hpp"

#include <fmt/format.h>

#include <array>
#include <utility>

namespace portdb::query {
namespace {

constexpr std::array<std::pair<Target, std::string_view>, 11> words{{{Target::any, "any"},
                                                                     {Target::linux_os, "linux"},
                                                                     {Target::freebsd, "freebsd"},
                                                                     {Target::openbsd, "openbsd"},
                                                                     {Target::netbsd, "netbsd"},
                                                                     {Target::macos, "macos"},
                                                                     {Target::windows, "windows"},
                                                                     {Target::solaris, "solaris"},
                                                                     {Target::aix, "aix"},
                                                                     {Target::kubernetes, "kubernetes"},
                                                                     {Target::browsers, "browsers"}}};

bool separator(char c) { return c == ',' || c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::string shown(std::string_view word) {
    std::string out;
    for (const char c : word.substr(0, 40)) {
        out += (c >= 0x20 && c < 0x7F) ? c : '?';
    }
    return out;
}

}  // namespace

std::string_view to_string(Target target) {
    for (const auto& [t, word] : words) {
        if (t == target) {
            return word;
        }
    }
    return "any";
}

std::optional<Target> target_from_string(std::string_view word) {
    for (const auto& [t, w] : words) {
        if (w == word) {
            return t;
        }
    }
    return std::nullopt;
}

std::string target_words() {
    std::string out;
    for (const auto& [t, word] : words) {
        if (t != Target::any) {
            out += std::string(word) + ", ";
        }
    }
    return out + "any";
}

Target this_machine_os() {
#if defined(__linux__)
    return Target::linux_os;
#elif defined(__APPLE__)
    return Target::macos;
#elif defined(__FreeBSD__)
    return Target::freebsd;
#elif defined(__OpenBSD__)
    return Target::openbsd;
#elif defined(__NetBSD__)
    return Target::netbsd;
#elif defined(_WIN32)
    return Target::windows;
#elif defined(__sun)
    return Target::solaris;
#elif defined(_AIX)
    return Target::aix;
#else
    return Target::any;
#endif
}

TargetSet::TargetSet(std::initializer_list<Target> targets) {
    for (const auto target : targets) {
        insert(target);
    }
}

TargetSet TargetSet::all() {
    TargetSet set;
    for (const auto& [target, word] : words) {
        set.insert(target);
    }
    return set;
}

std::vector<Target> TargetSet::list() const {
    std::vector<Target> out;
    for (const auto& [target, word] : words) {
        if (contains(target)) {
            out.push_back(target);
        }
    }
    return out;
}

TargetSet parse_targets(std::string_view text, std::string_view what) {
    TargetSet set{Target::any};
    std::size_t count = 0;
    while (!text.empty()) {
        if (separator(text.front())) {
            text.remove_prefix(1);
            continue;
        }
        std::size_t end = 0;
        while (end < text.size() && !separator(text[end])) {
            ++end;
        }
        const auto word = text.substr(0, end);
        text.remove_prefix(end);
        ++count;
        if (word == "all") {
            set = TargetSet::all();
        } else if (const auto target = target_from_string(word)) {
            set.insert(*target);
        } else {
            throw UsageError(fmt::format("{}: unknown target \"{}\": expected all or a list of {}", what, shown(word),
                                         target_words()));
        }
    }
    if (count == 0) {
        throw UsageError(fmt::format("{}: no target given: expected all or a list of {}", what, target_words()));
    }
    return set;
}

std::string describe(TargetSet targets) {
    if (targets == TargetSet::all()) {
        return "every target";
    }
    std::vector<std::string_view> named;
    for (const auto target : targets.list()) {
        if (target != Target::any) {
            named.push_back(to_string(target));
        }
    }
    if (named.empty()) {
        return "any platform";
    }
    std::string out;
    for (std::size_t i = 0; i < named.size(); ++i) {
        out += i == 0 ? "" : i + 1 == named.size() ? " and " : ", ";
        out += named[i];
    }
    return out;
}

}  // namespace portdb::query
