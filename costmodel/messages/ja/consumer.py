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
    # ---- host CPU profiles (costmodel.hosts)
    'host.bad_toml': 'ホストプロファイル {origin} が正しい TOML ではありません: {detail}',
    'host.invalid': 'ホストプロファイル {origin} の {where} が不正です: {detail}',
    'host.id_mismatch': 'ホストプロファイル {file} の id が {id!r} です。id はファイル名と同じにしてください',
    'host.unknown': '不明なホスト CPU {key!r} です。近いプロファイル: {known}（一覧: kvcost list hosts）',
    # ---- partial offload (costmodel.offload, costmodel.estimate)
    'off.engine': (
        'システム RAM に置く層（--gpu-layers/--host）は llama.cpp 用のモデルです。{engine} ではなくエンジン llamacpp '
        '（または ideal）を使ってください'
    ),
    'off.accelerator': 'システム RAM へのレイヤー配置（--gpu-layers / --host、エンジン llamacpp）は GPU 向けのモデルです。{gpu} では使えません',
    'off.tp': '部分オフロードは GPU 1 枚でモデル化しています（指定された tp: {tp}）',
    'off.unified': 'ユニファイドメモリでは GPU と CPU が 1 つのメモリを共有するため、--gpu-layers でバイトは移動しません',
    'off.partial': (
        '{n} 層のうち {k} 層が GPU 上にあります。重みと KV キャッシュの {gb:.1f} GB はシステム RAM にあり、'
        'トークンごとに {host} の CPU が読み出します'
    ),
    # ---- command line (costmodel.cli, cli_tables, cli_lists)
    'cli.col.host': 'ホストプロファイル',
    'cli.col.cores': 'コア数',
    'cli.col.offload_bw': 'オフロード時の帯域',
    'cli.row.gpu_layers': 'GPU 上の層',
    'cli.gpu_layers_value': '{n} 層中 {k} 層（-ngl {ngl}）',
    'cli.row.host_bytes': 'システム RAM 上（{host}）',
    'cli.row.max_gpu_layers': '収まる最大の層数',
    'cli.row.decode_split': 'デコード 1 ステップの内訳',
    'cli.decode_split_value': 'GPU {gpu} ＋ ホスト {host} ＋ PCIe {transfer}',
    # ---- fit advice (costmodel.advice)
    'adv.gpu_layers': '-ngl {ngl}（{n} 層中 {k} 層を GPU に置き、残りはシステム RAM に）',
}
