{
  "variables": {
    "aekit_cflags": ["-O3", "-std=c++17", "-ffp-contract=fast", "-fno-math-errno", "-fPIC", "-fvisibility=hidden"]
  },
  "targets": [
    {
      "target_name": "aekit_native",
      "sources": [
        "native/addon.cc",
        "native/thread_pool.cc",
        "native/gemm.cc",
        "native/gemm_generic.cc",
        "native/elementwise.cc",
        "native/elementwise_generic.cc",
        "native/conv.cc",
        "native/conv_generic.cc",
        "native/pool.cc",
        "native/pool_generic.cc",
        "native/copy.cc",
        "native/batchnorm.cc",
        "native/fused_layers.cc",
        "native/layer_grad_generic.cc",
        "native/heap_policy.cc"
      ],
      "cflags_cc": ["<@(aekit_cflags)"],
      "cflags_cc!": ["-fno-exceptions"],
      "cflags!": ["-fno-exceptions"],
      "libraries": ["-lpthread"],
      "conditions": [
        ["target_arch=='x64' or target_arch=='ia32'", {
          "dependencies": ["aekit_kernels_avx512", "aekit_kernels_avx2"]
        }]
      ]
    }
  ],
  # The AVX-512 and AVX2 kernel libraries exist on x86 only (the dispatch in gemm.cc, conv.cc, ...
  # reaches them under __x86_64__ alone); other architectures build the generic kernels.
  "conditions": [
    ["target_arch=='x64' or target_arch=='ia32'", {
      "targets": [
        {
          "target_name": "aekit_kernels_avx512",
          "type": "static_library",
          "sources": ["native/gemm_avx512.cc", "native/elementwise_avx512.cc", "native/conv_avx512.cc", "native/pool_avx512.cc", "native/layer_grad_avx512.cc"],
          "cflags_cc": ["<@(aekit_cflags)", "-mavx512f", "-mavx512vl", "-mavx512dq", "-mavx2", "-mfma"],
          "cflags_cc!": ["-fno-exceptions"]
        },
        {
          "target_name": "aekit_kernels_avx2",
          "type": "static_library",
          "sources": ["native/gemm_avx2.cc", "native/elementwise_avx2.cc", "native/conv_avx2.cc", "native/pool_avx2.cc", "native/layer_grad_avx2.cc"],
          "cflags_cc": ["<@(aekit_cflags)", "-mavx2", "-mfma"],
          "cflags_cc!": ["-fno-exceptions"]
        }
      ]
    }]
  ]
}
