{
  # The benchmark's floor, kept out of the package's addon: C loops over the
  # very calls the addon makes (the vDSO reader built from the same sources)
  # and the cost of the ELF walk. Built on demand by bench/floor.js.
  "variables": { "vdso_root": "../.." },
  "includes": ["../../native/sources.gypi"],
  "targets": [
    {
      "target_name": "floor",
      "sources": ["floor.cc", "<@(vdso_core_sources)"],
      "include_dirs": ["../../native"],
      "cflags_cc": ["-std=c++17", "-O2", "-Wall", "-Wextra", "-fvisibility=hidden"]
    }
  ]
}
