#pragma once
// Words people search for that name no service (internal to query): "mail"
// finds smtp, but pop3 ("Post Office Protocol") and imap ("Internet Message
// Access Protocol") never say "mail". Each topic lists the registry names a
// person means by it. Kept short on purpose: a topic is here only when the
// registry's own words miss services everybody expects.

#include <array>
#include <string_view>
#include <utility>

namespace portdb::query::detail {

struct SearchTopic {
    std::string_view word;
    std::array<std::string_view, 8> names;  ///< registry service names; empty slots at the end
};

inline constexpr std::array<SearchTopic, 12> search_topics{{
    {"mail", {"smtp", "submission", "submissions", "pop3", "pop3s", "imap", "imaps", "lmtp"}},
    {"email", {"smtp", "submission", "submissions", "pop3", "pop3s", "imap", "imaps", "lmtp"}},
    {"web", {"http", "https", "http-alt", "", "", "", "", ""}},
    {"http", {"http", "https", "http-alt", "", "", "", "", ""}},
    {"dns", {"domain", "domain-s", "mdns", "llmnr", "", "", "", ""}},
    {"time", {"ntp", "ptp-event", "ptp-general", "time", "daytime", "", "", ""}},
    {"ftp", {"ftp", "ftp-data", "ftps", "ftps-data", "tftp", "sftp", "", ""}},
    {"shell", {"ssh", "telnet", "shell", "login", "exec", "", "", ""}},
    {"remote", {"ssh", "telnet", "ms-wbt-server", "rfb", "x11", "", "", ""}},
    {"directory", {"ldap", "ldaps", "kerberos", "kpasswd", "", "", "", ""}},
    {"print", {"ipp", "printer", "pdl-datastream", "", "", "", "", ""}},
    {"vpn", {"openvpn", "isakmp", "ipsec-nat-t", "l2tp", "pptp", "", "", ""}},
}};

}  // namespace portdb::query::detail
