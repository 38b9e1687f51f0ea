#pragma once
// Where a port will be used: the operating systems and platforms whose rules
// a check weighs ("--on linux,kubernetes").

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace portdb::query {

/// A platform a policy rule can concern. `any` marks rules that hold
/// everywhere (the IANA registry, common software defaults): a check always
/// weighs them. (`linux_os`, not `linux`: GNU dialects predefine `linux` as a macro.)
enum class Target : std::uint8_t {
    any,
    linux_os,
    freebsd,
    openbsd,
    netbsd,
    macos,
    windows,
    solaris,
    aix,
    kubernetes,
    browsers
};

/// The word users write and read: "linux", "kubernetes", "any".
std::string_view to_string(Target target);
std::optional<Target> target_from_string(std::string_view word);
/// "linux, freebsd, ..., any": every word, for messages that list them.
std::string target_words();

/// The operating system portdb was built for; `any` on one it does not know.
Target this_machine_os();

/// A set of targets, small enough to copy everywhere.
class TargetSet {
public:
    TargetSet() = default;
    TargetSet(std::initializer_list<Target> targets);
    /// Every target: what `--on all` weighs.
    static TargetSet all();

    void insert(Target target) { bits_ = static_cast<std::uint16_t>(bits_ | bit(target)); }
    [[nodiscard]] bool contains(Target target) const { return (bits_ & bit(target)) != 0; }
    [[nodiscard]] bool intersects(TargetSet other) const { return (bits_ & other.bits_) != 0; }
    [[nodiscard]] bool empty() const { return bits_ == 0; }
    /// Whether a check that weighs `weighed` counts what concerns these
    /// targets: they include one of `weighed`, or `any` (it holds everywhere).
    [[nodiscard]] bool weighed_by(TargetSet weighed) const { return contains(Target::any) || intersects(weighed); }
    [[nodiscard]] TargetSet intersected(TargetSet other) const {
        TargetSet both;
        both.bits_ = static_cast<std::uint16_t>(bits_ & other.bits_);
        return both;
    }
    [[nodiscard]] TargetSet united(TargetSet other) const {
        TargetSet both;
        both.bits_ = static_cast<std::uint16_t>(bits_ | other.bits_);
        return both;
    }
    /// In the order of the enum.
    [[nodiscard]] std::vector<Target> list() const;
    friend bool operator==(const TargetSet&, const TargetSet&) = default;

private:
    static std::uint16_t bit(Target target) { return static_cast<std::uint16_t>(1U << static_cast<unsigned>(target)); }
    std::uint16_t bits_ = 0;
};

/// "linux,macos,kubernetes" (commas and/or blanks) or "all". `any` is always
/// added: its rules hold wherever the port is used. Throws UsageError naming
/// the unknown word and the known ones; `what` names the text's origin
/// ("--on", "PORTDB_ON") in that message.
TargetSet parse_targets(std::string_view text, std::string_view what = "--on");

/// The targets for people: "linux", "linux, macos and kubernetes", "every
/// target"; `any` is left out (it is always weighed).
std::string describe(TargetSet targets);

}  // namespace portdb::query
