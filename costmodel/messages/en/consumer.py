"""Consumer GPUs and laptops: GGUF/AWQ/GPTQ formats, llama.cpp KV types, partial offload, host CPUs (en):
``{key: str.format template}``."""

MESSAGES: dict[str, str] = {
    # ---- storage formats (costmodel.dtypes)
    'fmt.note.kv_gguf': (
        'llama.cpp -ctk/-ctv {name}: blocks of 32 elements with fp16 scales; a quantized V cache needs flash '
        'attention (-fa)'
    ),
    'fmt.note.kv_fp8_e5m2': 'e5m2 (vLLM kv_cache_dtype=fp8_e5m2): wider range, no scaling needed',
    'fmt.note.awq4': 'AWQ int4: one fp16 scale and a 4-bit zero point per 128 weights (4.16 bits); dequantized to fp16',
    'fmt.note.gptq4': (
        'GPTQ int4: one fp16 scale and a packed 4-bit zero point per 128 weights (4.16 bits); dequantized to fp16'
    ),
}
