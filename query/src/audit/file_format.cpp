// Which reader a file goes to, from its name; and the helpers every reader shares.
#include "readers.hpp"

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <system_error>

namespace portdb::query::audit {
namespace {

constexpr std::size_t max_file_size = 8U << 20U;  // configs are small; past this it is not one

bool ends_with_any(std::string_view name, std::initializer_list<std::string_view> ends) {
    return std::any_of(ends.begin(), ends.end(), [&](std::string_view end) { return name.ends_with(end); });
}

}  // namespace

std::string lower(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; });
    return out;
}

std::string_view trim(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t' || text.front() == '\r')) {
        text.remove_prefix(1);
    }
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) {
        text.remove_suffix(1);
    }
    return text;
}

std::string folder_of(std::string_view relative) {
    const auto slash = relative.rfind('/');
    return slash == std::string_view::npos ? std::string() : std::string(relative.substr(0, slash + 1));
}

std::vector<std::string_view> split_lines(std::string_view content) {
    std::vector<std::string_view> lines;
    while (!content.empty()) {
        const auto end = content.find('\n');
        lines.push_back(content.substr(0, end));
        if (end == std::string_view::npos) {
            break;
        }
        content.remove_prefix(end + 1);
    }
    return lines;
}

FileFormat format_of(std::string_view relative) {
    const auto slash = relative.rfind('/');
    const std::string name = lower(slash == std::string_view::npos ? relative : relative.substr(slash + 1));
    const std::string path = lower(relative);
    const bool yaml = ends_with_any(name, {".yaml", ".yml"});
    if (yaml && (name.starts_with("compose.") || name.starts_with("docker-compose"))) {
        return FileFormat::compose;
    }
    if (yaml) {
        return FileFormat::yaml;
    }
    if (name.ends_with(".socket")) {
        return FileFormat::systemd_socket;
    }
    if (name == "sshd_config" || (name.ends_with(".conf") && path.find("sshd_config.d/") != std::string::npos)) {
        return FileFormat::sshd;
    }
    if (name == "dockerfile" || name == "containerfile" || name.starts_with("dockerfile.") ||
        name.ends_with(".dockerfile")) {
        return FileFormat::dockerfile;
    }
    if (name == ".env" || name.starts_with(".env.") || name.ends_with(".env")) {
        return FileFormat::dotenv;
    }
    if (name == "nginx.conf" || (name.ends_with(".conf") && path.find("nginx") != std::string::npos)) {
        return FileFormat::nginx;
    }
    if (name == "httpd.conf" || name == "apache2.conf" || name == "ports.conf" ||
        (name.ends_with(".conf") &&
         (path.find("apache") != std::string::npos || path.find("httpd") != std::string::npos))) {
        return FileFormat::apache;
    }
    return FileFormat::none;
}

FileCache::FileCache(const std::vector<TreeFile>& files) : files_(files) {
    for (const auto& file : files_) {
        entries_[file.relative].file = &file;
    }
}

const std::string* FileCache::content(const std::string& relative, std::string* error) {
    const auto found = entries_.find(relative);
    if (found == entries_.end()) {
        return nullptr;
    }
    auto& entry = found->second;
    if (!entry.read) {
        entry.read = true;
        // The size first: a buffer of the file's own size, never of the cap.
        std::error_code size_error;
        const auto size = std::filesystem::file_size(entry.file->path, size_error);
        std::ifstream in(entry.file->path, std::ios::binary);
        if (!in || size_error) {
            entry.error = "cannot be opened";
        } else if (size > max_file_size) {
            entry.error = "is larger than 8 MiB: not a configuration file the audit reads";
        } else {
            std::string bytes(static_cast<std::size_t>(size), '\0');
            in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
            bytes.resize(static_cast<std::size_t>(in.gcount()));  // it may have shrunk since
            if (in.bad()) {
                entry.error = "cannot be read";
            } else if (bytes.find('\0') != std::string::npos) {
                entry.error = "holds NUL bytes: not a text file";
            } else {
                entry.bytes = std::move(bytes);
            }
        }
    }
    if (!entry.bytes) {
        if (error != nullptr) {
            *error = entry.error;
        }
        return nullptr;
    }
    return &*entry.bytes;
}

std::optional<PortSpan> parse_port_span(std::string_view text) {
    const auto number = [](std::string_view digits) -> std::optional<std::uint16_t> {
        if (digits.empty() || digits.size() > 5) {
            return std::nullopt;
        }
        unsigned value = 0;
        const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
        if (ec != std::errc() || end != digits.data() + digits.size() || value == 0 || value > 65535) {
            return std::nullopt;
        }
        return static_cast<std::uint16_t>(value);
    };
    text = trim(text);
    const auto dash = text.find('-');
    const auto lo = number(text.substr(0, dash));
    const auto hi = dash == std::string_view::npos ? lo : number(text.substr(dash + 1));
    if (!lo || !hi || *hi < *lo) {
        return std::nullopt;
    }
    return PortSpan{*lo, *hi};
}

std::optional<PortSpan> parse_single_port(std::string_view text) {
    const auto span = parse_port_span(text);
    if (!span || span->lo != span->hi) {
        return std::nullopt;
    }
    return span;
}

HostPort split_host_port(std::string_view text) {
    text = trim(text);
    HostPort out;
    if (text.starts_with("[")) {
        const auto close = text.find("]:");
        if (close == std::string_view::npos) {
            return out;
        }
        out.address = std::string(text.substr(1, close - 1));
        out.port = std::string(text.substr(close + 2));
    } else if (const auto colon = text.find(':'); colon == std::string_view::npos) {
        out.port = std::string(text);
    } else if (text.find(':', colon + 1) == std::string_view::npos) {
        out.address = std::string(text.substr(0, colon));
        out.port = std::string(text.substr(colon + 1));
    }  // a bare IPv6 address: no port
    if (out.address == "*" || out.address == "0.0.0.0" || out.address == "::") {
        out.address.clear();
    }
    return out;
}

Binding make_binding(const std::string& file, std::size_t line, const std::string& owner, PortSpan span,
                     const std::string& protocol, Scope scope, const char* kind, const std::string& address) {
    Binding binding;
    binding.file = file;
    binding.line = line;
    binding.owner = owner;
    binding.lo = span.lo;
    binding.hi = span.hi;
    binding.protocol = protocol;
    binding.scope = scope;
    binding.kind = kind;
    binding.address = address;
    binding.domain = scope == Scope::host ? "host" : "";
    binding.identity = owner;
    return binding;
}

std::map<std::string, std::string, std::less<>> parse_env(std::string_view content) {
    std::map<std::string, std::string, std::less<>> values;
    for (auto line : split_lines(content)) {
        line = trim(line);
        if (line.empty() || line.front() == '#') {
            continue;
        }
        if (line.starts_with("export ")) {
            line = trim(line.substr(7));
        }
        const auto equals = line.find('=');
        if (equals == std::string_view::npos || equals == 0) {
            continue;
        }
        auto value = trim(line.substr(equals + 1));
        if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') && value.back() == value.front()) {
            value = value.substr(1, value.size() - 2);
        } else if (const auto hash = value.find(" #"); hash != std::string_view::npos) {
            value = trim(value.substr(0, hash));
        }
        values.insert_or_assign(std::string(trim(line.substr(0, equals))), std::string(value));
    }
    return values;
}

}  // namespace portdb::query::audit
