// Build-time tool: turns data/policy.toml into C++ that constructs the same
// Policy, so the built-in policy costs no parsing at run time. It parses with
// the very code that reads a user's --policy file, so the two cannot disagree.
#include "portdb/query/policy.hpp"

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

namespace {

using portdb::query::Level;
using portdb::query::Target;

// A C++ string literal; octal escapes cannot swallow a following digit the way \x can.
std::string literal(const std::string& text) {
    std::string out = "\"";
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (byte < 0x20 || byte == 0x7F) {
            char escape[8];
            std::snprintf(escape, sizeof escape, "\\%03o", byte);
            out += escape;
        } else {
            out += c;
        }
    }
    return out + "\"";
}

const char* level(Level l) {
    return l == Level::conflict ? "Level::conflict" : l == Level::caution ? "Level::caution" : "Level::note";
}

// "TargetSet{Target::linux_os, Target::freebsd}": the enumerator names, not the words users write.
std::string targets(const portdb::query::TargetSet& set) {
    static const char* const names[] = {"any",     "linux_os", "freebsd", "openbsd",    "netbsd",  "macos",
                                        "windows", "solaris",  "aix",     "kubernetes", "browsers"};
    std::string out = "TargetSet{";
    for (const auto target : set.list()) {
        out += (out.back() == '{' ? "Target::" : ", Target::") + std::string(names[static_cast<unsigned>(target)]);
    }
    return out + "}";
}

std::string range(const portdb::db::PortRange& r) {
    std::ostringstream text;
    text << '{' << r.lo << ", " << r.hi << '}';
    return text.str();
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 3) {
        std::fprintf(stderr, "usage: policy_codegen POLICY.toml OUTPUT.cpp\n");
        return 2;
    }
    std::ifstream in(argv[1], std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    portdb::query::Policy policy;
    try {
        policy = portdb::query::parse_policy(text.str(), argv[1]);
    } catch (const std::exception& error) {
        std::fprintf(stderr, "%s\n", error.what());
        return 1;
    }
    std::ostringstream out;
    out << "// Generated from data/policy.toml by query/tools/policy_codegen.cpp. Do not edit.\n"
        << "#include \"portdb/query/policy.hpp\"\n\nnamespace portdb::query {\n\n"
        << "const Policy& builtin_policy() {\n    static const Policy policy = [] {\n        Policy p;\n";
    const auto& m = policy.muq;
    out << "        p.muq.daemon_block = " << range(m.daemon_block) << ";\n"
        << "        p.muq.production = " << range(m.production) << ";\n"
        << "        p.muq.test = " << range(m.test) << ";\n"
        << "        p.muq.instance_shift = " << m.instance_shift << ";\n"
        << "        p.muq.experimental_prefix = " << m.experimental_prefix << ";\n"
        << "        p.muq.source = " << literal(m.source) << ";\n"
        << "        p.rules.reserve(" << policy.rules.size() << ");\n";
    for (const auto& rule : policy.rules) {
        out << "        p.rules.push_back({" << literal(rule.id) << ", " << literal(rule.title) << ", {";
        for (std::size_t i = 0; i < rule.ports.size(); ++i) {
            out << (i ? ", " : "") << range(rule.ports[i]);
        }
        out << "}, {";
        for (std::size_t i = 0; i < rule.protocols.size(); ++i) {
            out << (i ? ", " : "") << literal(rule.protocols[i]);
        }
        out << "}, " << level(rule.level) << ", " << targets(rule.targets) << ", " << (rule.historic ? "true" : "false")
            << ",\n            " << literal(rule.platform) << ",\n            " << literal(rule.message)
            << ",\n            " << literal(rule.how_to_change) << ",\n            " << literal(rule.source) << "});\n";
    }
    out << "        return p;\n    }();\n    return policy;\n}\n\n}  // namespace portdb::query\n";
    std::ofstream file(argv[2], std::ios::binary | std::ios::trunc);
    file << out.str();
    return file ? 0 : 1;
}
