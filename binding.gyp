{
  # native/sources.gypi: the one list of the addon's sources.
  "includes": ["native/sources.gypi"],
  "targets": [
    {
      "target_name": "vdso",
      "sources": ["<@(vdso_core_sources)", "<@(vdso_node_sources)"],
      "include_dirs": ["<!(node -p \"require('node-addon-api').include_dir\")"],
      "defines": ["NAPI_VERSION=8", "NODE_ADDON_API_DISABLE_DEPRECATED"],
      # Hidden visibility: calls inside the addon go direct instead of through
      # the PLT, which at load (lazy binding in a process the size of node)
      # cost about 10 microseconds of the first ELF walk.
      "cflags": ["-fvisibility=hidden"],
      "cflags_cc": ["-std=c++17", "-O2", "-Wall", "-Wextra", "-fexceptions", "-fvisibility=hidden", "-fvisibility-inlines-hidden"],
      "cflags_cc!": ["-fno-exceptions"]
    }
  ]
}
