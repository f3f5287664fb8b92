"""Consumer GPUs and laptops: GGUF/AWQ/GPTQ formats, llama.cpp KV types, partial offload, host CPUs (ja):
``{key: str.format template}``."""

MESSAGES: dict[str, str] = {
    # ---- storage formats (costmodel.dtypes)
    'fmt.note.kv_gguf': (
        'llama.cpp -ctk/-ctv {name}: 32 要素ごとのブロックと fp16 スケール。V キャッシュを量子化するには '
        'flash attention (-fa) が必要です'
    ),
    'fmt.note.kv_fp8_e5m2': 'e5m2（vLLM kv_cache_dtype=fp8_e5m2）: 表現範囲が広く、スケーリングは不要です',
    'fmt.note.awq4': 'AWQ int4: 128 重みごとに fp16 スケール 1 個と 4 ビットのゼロ点（4.16 ビット）。fp16 に戻して計算します',
    'fmt.note.gptq4': (
        'GPTQ int4: 128 重みごとに fp16 スケール 1 個とパックした 4 ビットのゼロ点（4.16 ビット）。fp16 に戻して計算します'
    ),
}
