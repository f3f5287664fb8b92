"""Serving engines and published measurements (ja): ``{key: str.format template}``."""

MESSAGES: dict[str, str] = {
    # ---- engine profiles (costmodel.engines)
    'eng.bad_toml': 'エンジンプロファイル {origin} が正しい TOML ではありません: {detail}',
    'eng.invalid': 'エンジンプロファイル {origin} の {where} が不正です: {detail}',
    'eng.id_mismatch': 'エンジンプロファイル {file} の id が {id!r} です。id はファイル名と同じにしてください',
    'eng.unknown': '不明なエンジンです: {key!r}（使用可能: {known}）',
    'eng.ideal_terms': 'ideal プロファイルは効率を前提条件から取るため、項目を持ちません',
    'eng.terms': 'エンジンプロファイルの項目が不足または不明です（不足: {missing}、不明: {unknown}）',
    # ---- serving inputs (costmodel.serving)
    'srv.workload': 'workload は static、concurrency、max_load、single のいずれかにしてください（指定値: {value!r}）',
    'srv.no_kv': '{engine} では重みと予約分を除くと {gpu} に KV ページ用のメモリが残りません',
    'srv.capped': 'この構成の {engine} が保持できるのは {tokens:,} トークンのシーケンス {limit} 本までです（指定: {asked} 本）',
    'srv.band': '{engine} の実測誤差（中央値、ソース単位の交差検証）: スループット ±{tput}、TTFT ±{ttft}、TPOT ±{tpot}',
    'srv.no_band': '{engine} を検証する公開測定値はありません。速度は上限値です',
    # ---- storage formats added for engines (costmodel.dtypes)
    'fmt.note.gguf': 'llama.cpp GGUF {name}: 平均 {bpw:.4g} ビット/重み（ブロックスケール込み）。行列積は int8（CUDA MMQ）または fp16 で実行',
    'fmt.note.mxfp4': 'OCP MXFP4: 4 ビット e2m1、32 重みごとに 8 ビットのスケール（4.25 ビット）。GPU が対応していれば fp4 の GEMM',
    'fmt.note.nvfp4': 'NVFP4: 4 ビット e2m1、16 重みごとに fp8 のスケール（4.5 ビット）。Blackwell では fp4 の GEMM',
    'srv.engine.ideal': '理想値（ルーフライン）',
}
