# The addon's sources: the one list. binding.gyp includes this file;
# native/CMakeLists.txt (the walker library, the C++ tests, cmake-js) and
# scripts/addon-sources.js (the prebuild manifests) read it.
{
  'variables': {
    # Where the repository's root is, seen from the .gyp including this file
    # (a default the includer may set; gyp wants it one level down to use it here).
    'variables': { 'vdso_root%': '.' },
    'vdso_root%': '<(vdso_root)',
    # The Node-free vDSO reader and kernel calls: also the walker library of the C++ tests and the fuzzer.
    'vdso_core_sources': [
      '<(vdso_root)/native/data_page.cc',
      '<(vdso_root)/native/elf_image.cc',
      '<(vdso_root)/native/live_vdso.cc',
      '<(vdso_root)/native/ppc64_vdso_call.S',  # assembles to nothing but on ppc64le
      '<(vdso_root)/native/time_status.cc',
      '<(vdso_root)/native/vdso_abi.cc',
      '<(vdso_root)/native/vgetrandom.cc',
    ],
    # The Node-API layer over it.
    'vdso_node_sources': [
      '<(vdso_root)/native/addon.cc',
      '<(vdso_root)/native/clock_calls.cc',
      '<(vdso_root)/native/data_page_reader.cc',
      '<(vdso_root)/native/getrandom_addon.cc',
      '<(vdso_root)/native/image_access.cc',
      '<(vdso_root)/native/image_description.cc',
      '<(vdso_root)/native/libstdcxx_compat.cc',
      '<(vdso_root)/native/time_status_addon.cc',
    ],
  },
}
