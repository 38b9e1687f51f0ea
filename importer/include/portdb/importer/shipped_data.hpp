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

    /// Once a new database has its copy: unmaps the linked-in image's pages
    /// from this process (MADV_DONTNEED; they stay in the page cache, and are
    /// mapped again if ever read), so the 4 MiB copied at a first use do not
    /// stay in the memory of the command that follows. Never MADV_PAGEOUT: it
    /// evicts them from the page cache, and the next first use reads the
    /// program file from disk (4 ms). Only bytes in a read-only segment of a
    /// loaded program or library are released; any other memory (an image
    /// read from a file, bytes a library user holds) is left alone.
    void release_resident_pages() const noexcept;

private:
    std::shared_ptr<const std::string> owned_;
    std::string_view bytes_;
    std::string origin_;
};

}  // namespace portdb::importer
