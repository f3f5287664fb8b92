"""Messages of the serving model and the engine profiles: errors, notes on formats, serving warnings."""

M: dict[str, tuple[str, str]] = {
    # ---- engine profiles (costmodel.engines)
    "eng.bad_toml": ("engine profile {origin} is not valid TOML: {detail}",
                     "エンジンプロファイル {origin} が正しい TOML ではありません: {detail}"),
    "eng.invalid": ("engine profile {origin}: {where}: {detail}", "エンジンプロファイル {origin} の {where} が不正です: {detail}"),
    "eng.id_mismatch": ("engine profile {file} has id {id!r}; the id must equal the file name",
                        "エンジンプロファイル {file} の id が {id!r} です。id はファイル名と同じにしてください"),
    "eng.unknown": ("unknown engine {key!r}; known: {known}", "不明なエンジンです: {key!r}（使用可能: {known}）"),
    "eng.ideal_terms": ("the ideal profile takes its efficiencies from the assumptions and lists no terms",
                        "ideal プロファイルは効率を前提条件から取るため、項目を持ちません"),
    "eng.terms": ("engine profile terms: missing {missing}; unknown {unknown}",
                  "エンジンプロファイルの項目が不足または不明です（不足: {missing}、不明: {unknown}）"),
    # ---- serving inputs (costmodel.serving)
    "srv.workload": ("workload must be one of static, concurrency, max_load, single; got {value!r}",
                     "workload は static、concurrency、max_load、single のいずれかにしてください（指定値: {value!r}）"),
    "srv.no_kv": ("{engine} leaves no memory for KV pages on {gpu} after the weights and its reserve",
                  "{engine} では重みと予約分を除くと {gpu} に KV ページ用のメモリが残りません"),
    "srv.capped": ("{engine} holds at most {limit} sequences of {tokens:,} tokens here; {asked} were asked",
                   "この構成の {engine} が保持できるのは {tokens:,} トークンのシーケンス {limit} 本までです"
                   "（指定: {asked} 本）"),
    "srv.band": ("measured error of {engine} (median, leave-one-source-out): throughput ±{tput}, TTFT ±{ttft}, "
                 "TPOT ±{tpot}",
                 "{engine} の実測誤差（中央値、ソース単位の交差検証）: スループット ±{tput}、TTFT ±{ttft}、TPOT ±{tpot}"),
    "srv.no_band": ("no published measurements validate {engine}; its speeds are an upper bound",
                    "{engine} を検証する公開測定値はありません。速度は上限値です"),
    # ---- storage formats added for engines (costmodel.dtypes)
    "fmt.note.gguf": ("llama.cpp GGUF {name}: {bpw:.4g} bits per weight on average (block scales included); "
                      "matrix products in int8 (CUDA MMQ) or fp16",
                      "llama.cpp GGUF {name}: 平均 {bpw:.4g} ビット/重み（ブロックスケール込み）。行列積は int8（CUDA MMQ）"
                      "または fp16 で実行"),
    "fmt.note.mxfp4": ("OCP MXFP4: 4-bit e2m1 with one 8-bit scale per 32 weights (4.25 bits); fp4 GEMMs where the "
                       "GPU has them", "OCP MXFP4: 4 ビット e2m1、32 重みごとに 8 ビットのスケール（4.25 ビット）。"
                       "GPU が対応していれば fp4 の GEMM"),
    "fmt.note.nvfp4": ("NVFP4: 4-bit e2m1 with one fp8 scale per 16 weights (4.5 bits); fp4 GEMMs on Blackwell",
                       "NVFP4: 4 ビット e2m1、16 重みごとに fp8 のスケール（4.5 ビット）。Blackwell では fp4 の GEMM"),
}
