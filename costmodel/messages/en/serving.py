"""Serving engines and published measurements (en): ``{key: str.format template}``."""

MESSAGES: dict[str, str] = {
    # ---- engine profiles (costmodel.engines)
    'eng.bad_toml': 'engine profile {origin} is not valid TOML: {detail}',
    'eng.invalid': 'engine profile {origin}: {where}: {detail}',
    'eng.id_mismatch': 'engine profile {file} has id {id!r}; the id must equal the file name',
    'eng.unknown': 'unknown engine {key!r}; known: {known}',
    'eng.ideal_terms': 'the ideal profile takes its efficiencies from the assumptions and lists no terms',
    'eng.terms': 'engine profile terms: missing {missing}; unknown {unknown}',
    # ---- serving inputs (costmodel.serving)
    'srv.workload': 'workload must be one of static, concurrency, max_load, single; got {value!r}',
    'srv.no_kv': '{engine} leaves no memory for KV pages on {gpu} after the weights and its reserve',
    'srv.capped': '{engine} holds at most {limit} sequences of {tokens:,} tokens here; {asked} were asked',
    'srv.band': (
        'measured error of {engine} (median, leave-one-source-out): throughput ±{tput}, TTFT ±{ttft}, TPOT '
        '±{tpot}'
    ),
    'srv.no_band': 'no published measurements validate {engine}; its speeds are an upper bound',
    # ---- storage formats added for engines (costmodel.dtypes)
    'fmt.note.gguf': (
        'llama.cpp GGUF {name}: {bpw:.4g} bits per weight on average (block scales included); matrix '
        'products in int8 (CUDA MMQ) or fp16'
    ),
    'fmt.note.mxfp4': (
        'OCP MXFP4: 4-bit e2m1 with one 8-bit scale per 32 weights (4.25 bits); fp4 GEMMs where the GPU has '
        'them'
    ),
    'fmt.note.nvfp4': 'NVFP4: 4-bit e2m1 with one fp8 scale per 16 weights (4.5 bits); fp4 GEMMs on Blackwell',
    'srv.engine.ideal': 'ideal (roofline)',
}
