#pragma once
// The data portdb ships: the IANA registry and the software defaults, built
// into a ready database at build time. The portdb program carries it inside
// itself; it is also installed as share/portdb/ports.sqlite for programs that
// use the library (the CMake package's portdb_SHIPPED_DATABASE).

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

namespace portdb::importer {

/// The bytes of the shipped database, and what to call them in messages.
class ShippedData {
public:
    /// Bytes that outlive every use of this object (a program's linked-in image).
    static ShippedData from_image(std::string_view image, std::string origin);
    /// Reads a shipped database file whole; throws InputError naming it.
    static ShippedData from_file(const std::filesystem::path& file);

    [[nodiscard]] std::string_view bytes() const { return bytes_; }
    /// "the shipped data", or the file it was read from.
    [[nodiscard]] const std::string& origin() const { return origin_; }

    /// Once a new database has its copy: asks the kernel to reclaim the
    /// linked-in image's resident pages (MADV_PAGEOUT; read from the program
    /// file again if ever needed), so the 4 MiB copied at a first use do not
    /// stay in the memory of the command that follows. Memory of our own (an
    /// image read from a file) is left alone.
    void release_resident_pages() const noexcept;

private:
    std::shared_ptr<const std::string> owned_;
    std::string_view bytes_;
    std::string origin_;
};

}  // namespace portdb::importer
