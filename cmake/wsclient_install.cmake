# Installs the native library, its headers and a package configuration, so that
# `cmake --install` then `find_package(wsclient CONFIG)` gives wsclient::wsclient, as
# add_subdirectory() does.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

install(TARGETS wsclient wsclient_boost_impl
        EXPORT wsclientTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/sdk/include/wsclient
                  ${PROJECT_SOURCE_DIR}/native/include/wsclient
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(EXPORT wsclientTargets
        NAMESPACE wsclient::
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/wsclient)
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/wsclientConfig.cmake.in
                              ${PROJECT_BINARY_DIR}/wsclientConfig.cmake
                              INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/wsclient)
write_basic_package_version_file(${PROJECT_BINARY_DIR}/wsclientConfigVersion.cmake
                                 COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/wsclientConfig.cmake
              ${PROJECT_BINARY_DIR}/wsclientConfigVersion.cmake
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/wsclient)
