# cpack -G DEB (in the build folder): two packages, the Debian way.
#   portdb      the command, its shipped registry, the manual, completions
#   portdb-dev  headers, static libraries, the CMake package and portdb.pc
# A user who only runs portdb does not pull in the -dev packages the
# development files need.
set(CPACK_PACKAGE_NAME portdb)
set(CPACK_PACKAGE_VENDOR "portdb")
set(CPACK_PACKAGE_CONTACT "portdb developers <dev@portdb.invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "well-known-port database: look up, check and choose ports")
set(CPACK_PACKAGE_DESCRIPTION
  "portdb imports the IANA port registry, RFC 1700 and services(5) files into a
SQLite database, looks ports up, and answers \"may I use this port where I
deploy?\" and \"which port should I use?\" by the Muq policy.")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)

set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL runtime development)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)

set(CPACK_DEBIAN_RUNTIME_PACKAGE_NAME portdb)
# dpkg-shlibdeps finds what the binary links (libc6, libsqlite3-0); libcurl is
# loaded at run time, by `portdb update` only, so it is named here.
set(CPACK_DEBIAN_RUNTIME_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_RUNTIME_PACKAGE_DEPENDS "libcurl4 (>= 7.85.0)")

set(CPACK_DEBIAN_DEVELOPMENT_PACKAGE_NAME portdb-dev)
set(CPACK_DEBIAN_DEVELOPMENT_PACKAGE_SECTION libdevel)
set(CPACK_DEBIAN_DEVELOPMENT_PACKAGE_DEPENDS
  "portdb (= ${PROJECT_VERSION}), libsqlitecpp-dev, libsqlite3-dev, libpugixml-dev, libyaml-cpp-dev, nettle-dev")

include(CPack)
