// systemd .socket units: ListenStream= (TCP), ListenDatagram= (UDP) and
// ListenSequentialPacket= (SCTP on an IP address) in [Socket]. Unix sockets,
// abstract names and vsock are no ports.
#include "readers.hpp"

namespace portdb::query::audit {

ReadResult read_systemd_socket(const ReadContext& context) {
    ReadResult result;
    const auto& relative = context.file.relative;
    const auto slash = relative.rfind('/');
    const auto unit = slash == std::string::npos ? relative : relative.substr(slash + 1);
    std::string section;
    std::size_t number = 0;
    for (const auto raw : split_lines(context.content)) {
        ++number;
        const auto line = trim(raw);
        if (line.empty() || line.front() == '#' || line.front() == ';') {
            continue;
        }
        if (line.front() == '[') {
            section = std::string(line);
            continue;
        }
        const auto equals = line.find('=');
        if (section != "[Socket]" || equals == std::string_view::npos) {
            continue;
        }
        const auto key = trim(line.substr(0, equals));
        const auto value = trim(line.substr(equals + 1));
        const char* protocol = key == "ListenStream"             ? "tcp"
                               : key == "ListenDatagram"         ? "udp"
                               : key == "ListenSequentialPacket" ? "sctp"
                                                                 : nullptr;
        if (protocol == nullptr || value.empty() || value.front() == '/' || value.front() == '@' ||
            value.starts_with("vsock:")) {
            continue;
        }
        const auto where = split_host_port(value);
        const auto span = parse_single_port(where.port);
        if (!span) {
            result.problems.push_back(
                {relative, number, "\"" + std::string(value) + "\" is not a port or ADDRESS:PORT"});
            continue;
        }
        result.bindings.push_back(
            make_binding(relative, number, unit, *span, protocol, Scope::host, "systemd-socket", where.address));
    }
    return result;
}

}  // namespace portdb::query::audit
