// Compose files (compose.yaml, docker-compose*.yml and their overrides): a
// service's published ports are host ports, its container ports and `expose`
// are the container's; with network_mode: host every container port is a host port.
#include "readers.hpp"
#include "yaml_documents.hpp"

#include <cctype>

namespace portdb::query::audit {
namespace {

using Env = std::map<std::string, std::string, std::less<>>;

/// ${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:?error}, $VAR and $$, from
/// the .env beside the file. Nullopt when a variable has no value and no
/// default (the shell's environment is not read: an audit depends on the tree only).
std::optional<std::string> interpolate(std::string_view text, const Env& env) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '$') {
            out += text[i];
            continue;
        }
        if (i + 1 < text.size() && text[i + 1] == '$') {
            out += '$';
            ++i;
            continue;
        }
        std::string name;
        std::optional<std::string> fallback;
        bool empty_counts_as_unset = false;
        if (i + 1 < text.size() && text[i + 1] == '{') {
            const auto close = text.find('}', i + 2);
            if (close == std::string_view::npos) {
                return std::nullopt;
            }
            const auto inner = text.substr(i + 2, close - i - 2);
            const auto op = inner.find_first_of(":-?");
            name = std::string(inner.substr(0, op));
            if (op != std::string_view::npos) {
                auto rest = inner.substr(op);
                if (rest.starts_with(":")) {
                    empty_counts_as_unset = true;
                    rest.remove_prefix(1);
                }
                if (rest.starts_with("-")) {
                    fallback = std::string(rest.substr(1));
                }
            }
            i = close;
        } else {
            std::size_t end = i + 1;
            while (end < text.size() &&
                   (std::isalnum(static_cast<unsigned char>(text[end])) != 0 || text[end] == '_')) {
                ++end;
            }
            name = std::string(text.substr(i + 1, end - i - 1));
            i = end - 1;
        }
        const auto found = env.find(name);
        if (found != env.end() && !(empty_counts_as_unset && found->second.empty())) {
            out += found->second;
        } else if (fallback) {
            out += *fallback;
        } else {
            return std::nullopt;
        }
    }
    return out;
}

/// "[IP:][HOST:]CONTAINER[/PROTO]", IPv6 addresses in brackets.
struct ShortPort {
    std::string address;
    std::string host;  ///< empty: not published, or published on a random port
    std::string container;
    std::string protocol = "tcp";
};

ShortPort parse_short(std::string_view text) {
    ShortPort port;
    if (const auto slash = text.rfind('/'); slash != std::string_view::npos) {
        port.protocol = lower(text.substr(slash + 1));
        text = text.substr(0, slash);
    }
    std::vector<std::string> parts;
    std::string current;
    int depth = 0;
    for (const char c : text) {
        if (c == '[') {
            ++depth;
        } else if (c == ']') {
            --depth;
        } else if (c == ':' && depth == 0) {
            parts.push_back(current);
            current.clear();
            continue;
        }
        current += c;
    }
    parts.push_back(current);
    port.container = parts.back();
    if (parts.size() >= 2) {
        port.host = parts[parts.size() - 2];
    }
    if (parts.size() >= 3) {
        std::string address;
        for (std::size_t i = 0; i + 2 < parts.size(); ++i) {
            address += (i == 0 ? "" : ":") + parts[i];
        }
        if (address.size() >= 2 && address.front() == '[' && address.back() == ']') {
            address = address.substr(1, address.size() - 2);
        }
        port.address = address;
    }
    return port;
}

class ComposeFile {
public:
    ComposeFile(const ReadContext& context, ReadResult& result, Env env)
        : context_(context), result_(result), env_(std::move(env)) {}

    void service(const std::string& name, const YAML::Node& node) {
        owner_ = name;
        host_network_ = scalar(child(node, "network_mode")).value_or("") == "host";
        const auto ports = child(node, "ports");
        if (ports.IsSequence()) {
            for (const auto& entry : ports) {
                if (entry.IsMap()) {
                    long_syntax(entry);
                } else if (const auto text = scalar(entry)) {
                    short_syntax(*text, entry);
                }
            }
        }
        const auto expose = child(node, "expose");
        if (expose.IsSequence()) {
            for (const auto& entry : expose) {
                if (const auto text = scalar(entry)) {
                    auto port = parse_short(*text);
                    container_port(port.container, port.protocol, entry, "");
                }
            }
        }
    }

private:
    void short_syntax(const std::string& written, const YAML::Node& node) {
        const auto text = resolve(written, node, "compose-published");
        if (!text) {
            return;
        }
        const auto port = parse_short(*text);
        container_port(port.container, port.protocol, node, *text);
        if (!port.host.empty() && !host_network_) {
            add(port.host, port.protocol, node, Scope::host, "compose-published", port.address, *text);
        }
    }

    void long_syntax(const YAML::Node& entry) {
        const auto protocol = lower(scalar(child(entry, "protocol")).value_or("tcp"));
        const auto target = child(entry, "target");
        if (const auto text = scalar(target)) {
            if (const auto resolved = resolve(*text, target, "compose-container")) {
                container_port(*resolved, protocol, target, *resolved);
            }
        }
        const auto published = child(entry, "published");
        if (const auto text = scalar(published); text && !host_network_) {
            const auto address = resolve(scalar(child(entry, "host_ip")).value_or(""), published, "compose-published");
            if (const auto resolved = resolve(*text, published, "compose-published"); resolved && address) {
                add(*resolved, protocol, published, Scope::host, "compose-published", *address, *resolved);
            }
        }
    }

    /// A container port: a host port when the service shares the host's network.
    void container_port(const std::string& text, const std::string& protocol, const YAML::Node& node,
                        const std::string& written) {
        if (host_network_) {
            add(text, protocol, node, Scope::host, "compose-host-network", "", written);
        } else {
            add(text, protocol, node, Scope::container, "compose-container", "", written);
        }
    }

    std::optional<std::string> resolve(const std::string& text, const YAML::Node& node, const char* kind) {
        auto resolved = interpolate(text, env_);
        if (!resolved) {
            result_.unresolved.push_back({context_.file.relative, line_of(node), owner_, kind, text});
        }
        return resolved;
    }

    void add(const std::string& text, const std::string& protocol, const YAML::Node& node, Scope scope,
             const char* kind, const std::string& address, const std::string& written) {
        if (text.empty()) {
            return;
        }
        const auto span = parse_port_span(text);
        if (!span) {
            result_.problems.push_back(
                {context_.file.relative, line_of(node), fmt_bad_port(written.empty() ? text : written)});
            return;
        }
        auto binding =
            make_binding(context_.file.relative, line_of(node), owner_, *span, protocol, scope, kind, address);
        binding.identity = "compose:" + folder_of(context_.file.relative) + owner_;  // a project is a folder
        result_.bindings.push_back(std::move(binding));
    }

    static std::string fmt_bad_port(const std::string& text) {
        return "\"" + text + "\" is not a port or a port range";
    }

    const ReadContext& context_;
    ReadResult& result_;
    Env env_;
    std::string owner_;
    bool host_network_ = false;
};

}  // namespace

ReadResult read_compose(const ReadContext& context) {
    ReadResult result;
    const auto documents = load_documents(context, result);
    if (!documents) {
        return result;
    }
    Env env;
    if (const auto* dotenv = context.files.content(folder_of(context.file.relative) + ".env")) {
        env = parse_env(*dotenv);
    }
    ComposeFile file(context, result, std::move(env));
    for (const auto& document : *documents) {
        const auto services = child(document, "services");
        if (!services.IsMap()) {
            continue;
        }
        for (const auto& service : services) {
            if (const auto name = scalar(service.first); name && service.second.IsMap()) {
                file.service(*name, service.second);
            }
        }
    }
    return result;
}

}  // namespace portdb::query::audit
