// nginx: `listen` in server blocks (http and stream), through `include`d
// files inside the tree. Relative includes are relative to the folder of
// nginx.conf (nginx's prefix); /etc/nginx/... is taken as that folder too.
#include "readers.hpp"

#include <fnmatch.h>

#include <algorithm>
#include <set>

namespace portdb::query::audit {
namespace {

struct Token {
    std::string text;
    std::size_t line = 0;
};

struct Directive {
    std::vector<Token> words;  ///< the name, then the arguments
};

/// The directives of a file in order, block openings included ("server" before its '{').
std::vector<Directive> directives(std::string_view content) {
    std::vector<Directive> out;
    Directive current;
    std::string word;
    std::size_t line = 1;
    std::size_t word_line = 1;
    char quote = 0;
    const auto flush = [&] {
        if (!word.empty()) {
            current.words.push_back({word, word_line});
            word.clear();
        }
    };
    const auto end = [&] {
        flush();
        if (!current.words.empty()) {
            out.push_back(std::move(current));
        }
        current = {};
    };
    for (std::size_t i = 0; i < content.size(); ++i) {
        const char c = content[i];
        if (c == '\n') {
            ++line;
        }
        if (quote != 0) {
            if (c == quote) {
                quote = 0;
            } else {
                word += c;
            }
            continue;
        }
        if (c == '#') {
            flush();
            while (i + 1 < content.size() && content[i + 1] != '\n') {
                ++i;
            }
        } else if (c == '"' || c == '\'') {
            if (word.empty()) {
                word_line = line;
            }
            quote = c;
        } else if (c == ';' || c == '{' || c == '}') {
            end();
        } else if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
            flush();
        } else {
            if (word.empty()) {
                word_line = line;
            }
            word += c;
        }
    }
    end();
    return out;
}

class Nginx {
public:
    Nginx(const ReadContext& context, ReadResult& result, std::vector<std::string>& covered)
        : context_(context),
          result_(result),
          covered_(covered),
          prefix_(folder_of(context.file.relative)),
          identity_("nginx:" + context.file.relative) {}

    void file(const std::string& relative, std::string_view content, int depth) {
        visited_.insert(relative);
        for (const auto& directive : directives(content)) {
            const auto& name = directive.words.front().text;
            if (name == "listen" && directive.words.size() >= 2) {
                listen(relative, directive);
            } else if (name == "include" && directive.words.size() >= 2) {
                include(relative, directive.words[1], depth);
            }
        }
    }

private:
    void listen(const std::string& relative, const Directive& directive) {
        const auto& first = directive.words[1];
        if (first.text.starts_with("unix:")) {
            return;
        }
        std::string protocol = "tcp";
        for (std::size_t i = 2; i < directive.words.size(); ++i) {
            if (directive.words[i].text == "udp" || directive.words[i].text == "quic") {
                protocol = "udp";
            }
        }
        auto where = split_host_port(first.text);
        if (where.address.empty() && !where.port.empty() && !parse_port_span(where.port)) {
            where.address = where.port;  // "listen 127.0.0.1;", "listen localhost;": an address, port 80
            where.port = "80";
        }
        const auto span = parse_single_port(where.port);
        if (!span) {
            result_.problems.push_back({relative, first.line, "listen \"" + first.text + "\" names no port"});
            return;
        }
        auto binding =
            make_binding(relative, first.line, "nginx", *span, protocol, Scope::host, "nginx-listen", where.address);
        binding.identity = identity_;
        result_.bindings.push_back(std::move(binding));
    }

    void include(const std::string& relative, const Token& argument, int depth) {
        std::string pattern = argument.text;
        if (pattern.starts_with("/etc/nginx/")) {
            pattern = prefix_ + pattern.substr(11);
        } else if (pattern.starts_with("/")) {
            return;  // outside the tree
        } else {
            pattern = prefix_ + pattern;
        }
        if (depth >= 16) {
            result_.problems.push_back({relative, argument.line, "includes nested 16 deep: not followed further"});
            return;
        }
        for (const auto& candidate : context_.files.files()) {
            if (fnmatch(pattern.c_str(), candidate.relative.c_str(), FNM_PATHNAME) != 0 ||
                visited_.contains(candidate.relative)) {
                continue;
            }
            std::string error;
            const auto* content = context_.files.content(candidate.relative, &error);
            if (content == nullptr) {
                result_.problems.push_back({relative, argument.line, candidate.relative + " " + error});
                continue;
            }
            covered_.push_back(candidate.relative);
            file(candidate.relative, *content, depth + 1);
        }
    }

    const ReadContext& context_;
    ReadResult& result_;
    std::vector<std::string>& covered_;
    std::string prefix_;
    std::string identity_;
    std::set<std::string> visited_;
};

}  // namespace

ReadResult read_nginx(const ReadContext& context, std::vector<std::string>& covered) {
    ReadResult result;
    Nginx nginx(context, result, covered);
    nginx.file(context.file.relative, context.content, 0);
    return result;
}

}  // namespace portdb::query::audit
