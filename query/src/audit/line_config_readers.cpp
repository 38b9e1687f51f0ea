// The line-oriented formats: Apache `Listen`, sshd_config `Port` and
// `ListenAddress`, Dockerfile `EXPOSE`, and a .env file's *PORT=N.
#include "readers.hpp"

namespace portdb::query::audit {
namespace {

/// The words of a line, blank-separated.
std::vector<std::string_view> words(std::string_view line) {
    std::vector<std::string_view> out;
    while (true) {
        line = trim(line);
        if (line.empty()) {
            return out;
        }
        const auto end = line.find_first_of(" \t");
        out.push_back(line.substr(0, end));
        if (end == std::string_view::npos) {
            return out;
        }
        line.remove_prefix(end);
    }
}

std::string not_a_port(std::string_view text) { return "\"" + std::string(text) + "\" is not a port"; }

std::string folder_name(const std::string& relative) {
    auto folder = folder_of(relative);
    if (folder.empty()) {
        return ".";
    }
    folder.pop_back();
    const auto slash = folder.rfind('/');
    return slash == std::string::npos ? folder : folder.substr(slash + 1);
}

}  // namespace

ReadResult read_apache(const ReadContext& context) {
    ReadResult result;
    std::size_t number = 0;
    for (const auto line : split_lines(context.content)) {
        ++number;
        const auto parts = words(line);
        if (parts.size() < 2 || lower(parts[0]) != "listen") {
            continue;
        }
        const auto where = split_host_port(parts[1]);
        const auto span = parse_single_port(where.port);
        if (!span) {
            result.problems.push_back({context.file.relative, number, not_a_port(parts[1])});
            continue;
        }
        result.bindings.push_back(make_binding(context.file.relative, number, "apache", *span, "tcp", Scope::host,
                                               "apache-listen", where.address));
    }
    return result;
}

ReadResult read_sshd(const ReadContext& context) {
    ReadResult result;
    std::size_t number = 0;
    for (const auto line : split_lines(context.content)) {
        ++number;
        const auto parts = words(line);
        if (parts.size() < 2 || parts[0].front() == '#') {
            continue;
        }
        const auto key = lower(parts[0]);
        if (key == "match") {
            break;  // what follows is conditional
        }
        std::string address;
        std::string port;
        if (key == "port") {
            port = std::string(parts[1]);
        } else if (key == "listenaddress") {
            const auto where = split_host_port(parts[1]);
            if (where.port.empty() || !parse_port_span(where.port)) {
                continue;  // an address alone: it listens on the Port lines
            }
            address = where.address;
            port = where.port;
        } else {
            continue;
        }
        const auto span = parse_single_port(port);
        if (!span) {
            result.problems.push_back({context.file.relative, number, not_a_port(parts[1])});
            continue;
        }
        result.bindings.push_back(
            make_binding(context.file.relative, number, "sshd", *span, "tcp", Scope::host, "sshd-port", address));
    }
    return result;
}

ReadResult read_dockerfile(const ReadContext& context) {
    ReadResult result;
    const auto image = folder_name(context.file.relative);
    std::size_t number = 0;
    bool continued = false;  // the EXPOSE of the line before goes on (a trailing backslash)
    for (const auto raw : split_lines(context.content)) {
        ++number;
        auto parts = words(raw);
        const bool expose = !parts.empty() && lower(parts[0]) == "expose";
        if (!expose && !continued) {
            continue;
        }
        if (expose) {
            parts.erase(parts.begin());
        }
        continued = !parts.empty() && parts.back() == "\\";
        if (continued) {
            parts.pop_back();
        }
        for (const auto part : parts) {
            if (part.find('$') != std::string_view::npos) {
                result.unresolved.push_back(
                    {context.file.relative, number, image, "dockerfile-expose", std::string(part)});
                continue;
            }
            const auto slash = part.find('/');
            const auto protocol = slash == std::string_view::npos ? std::string("tcp") : lower(part.substr(slash + 1));
            const auto span = parse_port_span(part.substr(0, slash));
            if (!span) {
                result.problems.push_back({context.file.relative, number, not_a_port(part)});
                continue;
            }
            result.bindings.push_back(make_binding(context.file.relative, number, image, *span, protocol,
                                                   Scope::container, "dockerfile-expose", ""));
        }
    }
    return result;
}

ReadResult read_dotenv(const ReadContext& context) {
    ReadResult result;
    std::size_t number = 0;
    for (auto line : split_lines(context.content)) {
        ++number;
        line = trim(line);
        if (line.starts_with("export ")) {
            line = trim(line.substr(7));
        }
        const auto equals = line.find('=');
        if (line.empty() || line.front() == '#' || equals == std::string_view::npos) {
            continue;
        }
        const auto key = std::string(trim(line.substr(0, equals)));
        const auto word = lower(key);
        if (word != "port" && !word.ends_with("_port")) {
            continue;
        }
        auto value = trim(line.substr(equals + 1));
        if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') && value.back() == value.front()) {
            value = value.substr(1, value.size() - 2);
        }
        const auto span = parse_single_port(value);
        if (!span) {
            continue;  // DB_PORT=${PORT}, SUPPORT=yes: not a port number
        }
        auto binding = make_binding(context.file.relative, number, key, *span, "tcp", Scope::host, "env-port", "");
        binding.domain.clear();  // a value other files use: it is their bindings that collide
        result.bindings.push_back(std::move(binding));
    }
    return result;
}

}  // namespace portdb::query::audit
