# Built on demand by bench/load.js, never installed with the package.
{
  "targets": [
    {
      "target_name": "empty",
      "sources": ["empty.c"],
      "defines": ["NAPI_VERSION=8"]
    }
  ]
}
