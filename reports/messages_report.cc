// The messages of the run and plan reports (`gpuplan report`), in every language. Keep rows in
// the order of the Msg enum from kRunReportTitle on (messages.h). Japanese style as in
// messages.cc: full-width parentheses and colon, units spelled out, US$ kept as the currency code.
#include "reports/message_table.h"

namespace gpuplan::report {

const std::array<MessageRow, kMsgCount - kFirstReportMsg> kReportMessageTable = {{
    // Report kinds and sections of the run and plan reports.
    {Msg::kRunReportTitle, "report.run_title", "Simulation report", "シミュレーション報告書"},
    {Msg::kRunReportSubtitle, "report.run_subtitle", "Scenario {0}", "シナリオ {0}"},
    {Msg::kSecMemory, "section.memory", "Memory per GPU", "GPUあたりのメモリ"},
    {Msg::kSecProvenance, "section.provenance", "Provenance: how to reproduce these numbers",
     "来歴:数値の再現方法"},
    {Msg::kSecTargets, "section.targets", "Step 1: latency targets", "ステップ1:レイテンシ目標"},
    {Msg::kSecTraffic, "section.traffic", "Step 2: traffic at peak",
     "ステップ2:ピーク時のトラフィック"},
    {Msg::kSecMemoryBudget, "section.memory_budget", "Step 3: memory budget per GPU",
     "ステップ3:GPUあたりのメモリ配分"},
    {Msg::kSecCandidatesStep, "section.candidates_step", "Step 4: candidates considered",
     "ステップ4:検討した候補"},
    {Msg::kSecCost, "section.cost", "Step 5: cost of the recommended fleet",
     "ステップ5:推奨構成の費用"},
    // Captions of key-value summaries and tables.
    {Msg::kCaptionConfiguration, "caption.configuration", "Configuration", "構成"},
    {Msg::kCaptionResults, "caption.results", "Results", "結果"},
    {Msg::kCaptionRecommended, "caption.recommended", "Recommended configuration",
     "推奨構成の詳細"},
    {Msg::kCaptionAssumptions, "caption.assumptions", "Assumptions that drive the answer",
     "結論を左右する前提条件"},
    {Msg::kCaptionCalibration, "caption.calibration",
     "Calibration bundles used (from each bundle's meta.txt)",
     "使用したキャリブレーションバンドル(各バンドルのmeta.txtより)"},
    {Msg::kCaptionBaseScenario, "caption.base_scenario",
     "Base scenario (resolved: every default and catalog value filled in)",
     "ベースシナリオ(解決済み:既定値とカタログ値をすべて展開)"},
    {Msg::kTableLatency, "table.latency", "Latency of the measured requests ({0})",
     "計測対象リクエストのレイテンシ({0})"},
    {Msg::kTableSloVerdicts, "table.slo_verdicts", "SLO verdicts at {0}", "{0}でのSLO判定"},
    {Msg::kTableOps, "table.ops", "Step time by operation, largest first",
     "演算別のステップ時間(大きい順)"},
    {Msg::kTableContext, "table.context", "Run context as written in summary.json",
     "summary.jsonに記録された実行条件"},
    {Msg::kTablePredictedLatency, "table.predicted_latency",
     "Predicted latency at peak: {0} over {1} {1|seed|seeds}",
     "ピーク時の予測レイテンシ:{1}シードでの{0}"},
    {Msg::kTableRunPercentiles, "table.run_percentiles",
     "Percentiles of one simulated run of this fleet at peak (seed {0})",
     "この構成のピーク時シミュレーション1回分のパーセンタイル(シード{0})"},
    {Msg::kTableSummaryPercentiles, "table.summary_percentiles",
     "Latency percentiles of this fleet at peak: mean over {0} {0|seed|seeds}, with the {1} "
     "confidence "
     "interval in brackets",
     "この構成のピーク時レイテンシのパーセンタイル({0}シードの平均、括弧内は{1}信頼区間)"},
    {Msg::kTableMemory, "table.memory", "Memory per GPU of every candidate",
     "全候補のGPUあたりのメモリ"},
    {Msg::kTableCostDerivation, "table.cost_derivation",
     "Cost of the recommended fleet, step by step", "推奨構成の費用の計算過程"},
    {Msg::kTablePrices, "table.prices", "Prices per GPU-hour ({0})", "GPU1時間あたりの価格({0})"},
    {Msg::kTableSensitivity, "table.sensitivity",
     "The recommended fleet under more or less traffic", "トラフィック増減時の推奨構成"},
    {Msg::kTableDay, "table.day", "One day: fixed fleet versus autoscaling",
     "1日の比較:固定台数とオートスケーリング"},
    {Msg::kTableAutoscaler, "table.autoscaler", "Autoscaler settings", "オートスケーラーの設定"},
    // Chart titles, axes and legends of the run and plan reports.
    {Msg::kChartMetricVsLoad, "chart.metric_vs_load",
     "{0} {1} versus offered load (recommended fleet)", "投入負荷に対する{1}の{0}(推奨構成)"},
    {Msg::kChartCostVsE2e, "chart.cost_vs_e2e", "Monthly cost versus {0} end-to-end latency",
     "月額費用とエンドツーエンドレイテンシの{0}"},
    {Msg::kChartMemoryBudget, "chart.memory_budget", "Memory budget per GPU",
     "GPUあたりのメモリ配分"},
    {Msg::kAxisMeanStepTimeMs, "axis.mean_step_time_ms", "Mean time per step (ms)",
     "1ステップあたりの平均時間(ミリ秒)"},
    {Msg::kAxisMemoryPerGpuGib, "axis.memory_per_gpu_gib", "Memory per GPU (GiB)",
     "GPUあたりのメモリ(GiB)"},
    {Msg::kAxisMetricMs, "axis.metric_ms", "{0} {1} (ms)", "{1}の{0}(ミリ秒)"},
    {Msg::kAxisMetricS, "axis.metric_s", "{0} {1} latency (s)", "{1}レイテンシの{0}(秒)"},
    {Msg::kAxisOpFamily, "axis.op_family", "Operation family", "演算の種類"},
    {Msg::kAxisRequestCount, "axis.request_count", "Requests", "リクエスト数"},
    {Msg::kAxisTimeS, "axis.time_s", "Time (s)", "経過時間(秒)"},
    {Msg::kLegendActivationReserve, "legend.activation_reserve", "Activation reserve",
     "アクティベーション用の予約"},
    {Msg::kLegendCiUpper, "legend.ci_upper", "Upper end of the 95% CI (the verdict)",
     "95%信頼区間の上端(判定に使用)"},
    {Msg::kLegendKneeLong, "legend.knee_long", "Knee: highest load that meets the SLO",
     "急増点:SLOを満たす最大の負荷"},
    {Msg::kLegendKvCache, "legend.kv_cache", "KV cache", "KVキャッシュ"},
    {Msg::kLegendMeanOverSeeds, "legend.mean_over_seeds", "Mean over seeds", "シード間の平均"},
    {Msg::kLegendMeasuredKernels, "legend.measured_kernels", "Measured kernels (calibrated)",
     "実測カーネル(キャリブレーション済み)"},
    {Msg::kLegendOutsideEngine, "legend.outside_engine", "Outside the engine's share",
     "エンジンの割り当て外"},
    {Msg::kLegendRunning, "legend.running", "Running (in a batch)", "実行中(バッチ内)"},
    {Msg::kLegendSimulatedRequests, "legend.simulated_requests", "Simulated requests",
     "シミュレーションしたリクエスト"},
    {Msg::kLegendWeights, "legend.weights", "Weights", "重み"},
    {Msg::kOpCommunication, "op.communication", "Communication (all-reduce, pipeline)",
     "通信(オールリデュース、パイプライン)"},
    {Msg::kOpOther, "op.other", "Other operations", "その他の演算"},
    // Table columns.
    {Msg::kColMetric, "column.metric", "Metric", "指標"},
    {Msg::kColMean, "column.mean", "mean", "平均"},
    {Msg::kColMax, "column.max", "max", "最大"},
    {Msg::kColThreshold, "column.threshold", "SLO threshold", "SLOしきい値"},
    {Msg::kColValueAt, "column.value_at", "Value at {0}", "{0}の値"},
    {Msg::kColVerdict, "column.verdict", "Verdict", "判定"},
    {Msg::kColCi, "column.ci", "{0} confidence interval", "{0}信頼区間"},
    {Msg::kColCiUpperOf, "column.ci_upper_of", "{0} (upper end of CI)", "{0}(信頼区間の上端)"},
    {Msg::kColMargin, "column.margin", "Margin to the SLO", "SLOまでの余裕"},
    {Msg::kColOperation, "column.operation", "Operation", "演算"},
    {Msg::kColFamily, "column.family", "Family", "種類"},
    {Msg::kColMsPerStep, "column.ms_per_step", "ms per step", "1ステップあたり(ミリ秒)"},
    {Msg::kColShare, "column.share", "Share", "割合"},
    {Msg::kColSource, "column.source", "Source", "出典"},
    {Msg::kColField, "column.field", "Field", "項目名"},
    {Msg::kColQuantity, "column.quantity", "Quantity", "量"},
    {Msg::kColFormula, "column.formula", "Formula (as the plan printed it)",
     "計算式(計画の出力どおり)"},
    {Msg::kColGpuMemory, "column.gpu_memory", "GPU memory", "GPUメモリ"},
    {Msg::kColSequences, "column.sequences", "Sequences at mean context",
     "平均コンテキストでの同時シーケンス数"},
    {Msg::kColMeasuredOn, "column.measured_on", "Measured on", "測定したGPU"},
    {Msg::kColTool, "column.tool", "Tool", "ツール"},
    {Msg::kColDate, "column.date", "Date", "日付"},
    {Msg::kColTrafficMultiplier, "column.traffic_multiplier", "Traffic", "トラフィック倍率"},
    {Msg::kColFleetHolds, "column.fleet_holds", "SLO still met", "SLOを維持"},
    {Msg::kColReplicasNeeded, "column.replicas_needed", "Replicas needed", "必要なレプリカ数"},
    {Msg::kColGpuHoursPerDay, "column.gpu_hours_per_day", "GPU-hours per day",
     "1日あたりのGPU時間"},
    {Msg::kColUsdPerDay, "column.usd_per_day", "Cost per day", "1日あたりの費用"},
    // Summary-table keys of the run and plan reports.
    {Msg::kKeyBaseScenario, "key.base_scenario", "Base scenario", "ベースシナリオ"},
    {Msg::kKeyBatchSizeMean, "key.batch_size_mean", "Mean batch size", "平均バッチサイズ"},
    {Msg::kKeyCalibrationBundle, "key.calibration_bundle", "Calibration bundle",
     "キャリブレーションバンドル"},
    {Msg::kKeyUsedBy, "key.used_by", "Used by", "使用した候補"},
    {Msg::kKeyConfidence, "key.confidence", "Confidence level", "信頼水準"},
    {Msg::kKeyCostModel, "key.cost_model", "Cost model", "費用モデル"},
    {Msg::kKeyGpuBusy, "key.gpu_busy", "GPU busy", "GPU稼働率"},
    {Msg::kKeyDailyRequests, "key.daily_requests", "Requests per day", "1日のリクエスト数"},
    {Msg::kKeyInFlightAtPeak, "key.in_flight_at_peak", "Requests in flight at peak",
     "ピーク時の処理中リクエスト数"},
    {Msg::kKeyKvBlocks, "key.kv_blocks", "KV blocks per replica", "レプリカあたりのKVブロック"},
    {Msg::kKeyKvBudgetPerGpu, "key.kv_budget_per_gpu", "KV cache per GPU",
     "GPUあたりのKVキャッシュ"},
    {Msg::kKeyKvTokens, "key.kv_tokens", "KV tokens per replica", "レプリカあたりのKVトークン数"},
    {Msg::kKeyKvUseMeanMax, "key.kv_use_mean_max", "KV-cache use (mean / max)",
     "KVキャッシュ使用率(平均/最大)"},
    {Msg::kKeyLatencyModel, "key.latency_model", "Latency model", "レイテンシモデル"},
    {Msg::kKeyMeanLoad, "key.mean_load", "Mean load over the day", "1日の平均負荷"},
    {Msg::kKeyMeanTokens, "key.mean_tokens", "Mean tokens per request",
     "リクエストあたりの平均トークン数"},
    {Msg::kKeyMeasuredRequests, "key.measured_requests", "Measured requests", "計測対象リクエスト"},
    {Msg::kKeyNodes, "key.nodes", "Nodes", "ノード数"},
    {Msg::kKeyPlanFile, "key.plan_file", "Plan file", "計画ファイル"},
    {Msg::kKeyPlanVersion, "key.plan_version", "gpuplan version of the plan",
     "計画を作成したgpuplanのバージョン"},
    {Msg::kKeyPreemptions, "key.preemptions", "Preemptions", "プリエンプション回数"},
    {Msg::kKeyPricePerGpuHour, "key.price_per_gpu_hour", "Price per GPU-hour",
     "GPU1時間あたりの価格"},
    {Msg::kKeyReportVersion, "key.report_version", "gpuplan version of this report",
     "この報告書を作成したgpuplanのバージョン"},
    {Msg::kKeyReproduce, "key.reproduce", "Reproduce with", "再現コマンド"},
    {Msg::kKeyRequestThroughput, "key.request_throughput", "Request throughput",
     "リクエストスループット"},
    {Msg::kKeyRequestsPerProbe, "key.requests_per_probe", "Requests per probe (load / isolated)",
     "プローブあたりのリクエスト数(負荷時/単独時)"},
    {Msg::kKeySchema, "key.schema", "File schema", "ファイルスキーマ"},
    {Msg::kKeySeed, "key.seed", "Seed", "シード"},
    {Msg::kKeySeeds, "key.seeds", "Seeds", "シード"},
    {Msg::kKeyServedOutputTokens, "key.served_output_tokens", "Output tokens served (cost basis)",
     "提供する出力トークン(費用の基準)"},
    {Msg::kKeySimulationEffort, "key.simulation_effort", "Simulation per probe",
     "プローブあたりのシミュレーション"},
    {Msg::kKeySloSource, "key.slo_source", "Latency targets from", "レイテンシ目標の出典"},
    {Msg::kKeyTimeInSystem, "key.time_in_system", "Time in system per request",
     "リクエストあたりのシステム内滞在時間"},
    {Msg::kKeyTokensPerUser, "key.tokens_per_user", "Generation speed per user",
     "ユーザーあたりの生成速度"},
    {Msg::kKeyTrafficInput, "key.traffic_input", "Traffic given as", "トラフィックの指定方法"},
    {Msg::kKeyWarmup, "key.warmup", "Warm-up excluded", "除外したウォームアップ"},
    {Msg::kKeyWeightsPerGpu, "key.weights_per_gpu", "Weights per GPU", "GPUあたりの重み"},
    {Msg::kKeyWorkload, "key.workload", "Workload", "ワークロード"},
    // Values, verdicts and reasons.
    {Msg::kYes, "value.yes", "yes", "はい"},
    {Msg::kTrafficModeDau, "value.traffic_mode_dau", "daily active users (DAU) and sessions",
     "1日のアクティブユーザー数(DAU)とセッション"},
    {Msg::kTrafficModeConcurrency, "value.traffic_mode_concurrency", "requests in flight at peak",
     "ピーク時の処理中リクエスト数"},
    {Msg::kTrafficModePeakRate, "value.traffic_mode_peak_rate", "peak request rate",
     "ピーク時のリクエストレート"},
    {Msg::kTrafficModeTrace, "value.traffic_mode_trace", "a replayed trace", "再生したトレース"},
    {Msg::kTrafficModeDeadline, "value.traffic_mode_deadline",
     "a job to finish within a deadline (sustained rate)", "期限内に終える処理(持続レート)"},
    {Msg::kNo, "value.no", "no", "いいえ"},
    {Msg::kNotSet, "value.not_set", "not set", "設定なし"},
    {Msg::kQueueDelay, "value.queue_delay", "Queue delay", "キュー待ち時間"},
    {Msg::kDoesNotFit, "value.does_not_fit", "does not fit", "収まらない"},
    {Msg::kSourceMeasured, "value.source_measured", "measured", "実測"},
    {Msg::kSourceEstimated, "value.source_estimated", "estimated", "推定"},
    {Msg::kEnginePresetDefaults, "value.engine_preset_defaults", "preset defaults",
     "プリセットの既定値"},
    {Msg::kBlocksOfTokens, "value.blocks_of_tokens", "{0} blocks of {1} tokens",
     "{1}トークンのブロック{0}個"},
    {Msg::kMeasuredOfArrived, "value.measured_of_arrived", "{0} of {1} arrived",
     "到着{1}件のうち{0}件"},
    {Msg::kNodesOfGpus, "value.nodes_of_gpus", "{0} ({1} {1|GPU|GPUs} per node)",
     "{0}(ノードあたり{1}枚)"},
    {Msg::kPromptAndOutputTokens, "value.prompt_and_output_tokens", "{0} prompt, {1} output",
     "入力{0}、出力{1}"},
    {Msg::kSeedsTimesRequests, "value.seeds_times_requests",
     "{0} {0|seed|seeds} × {1} {1|request|requests}", "{0}シード×{1}リクエスト"},
    {Msg::kMetricOverSlo, "value.metric_over_slo",
     "{0} {1} of {2} (upper end of the CI) is over the SLO of {3}",
     "{1}の{0}が{2}(信頼区間の上端)で、SLOの{3}を超える"},
    {Msg::kReasonCostlier, "reason.costlier",
     "it costs {0} per month; the recommendation costs {1}", "月額{0}で、推奨構成の{1}より高い"},
    {Msg::kReasonDropped, "reason.dropped", "{0} {0|request was|requests were} dropped",
     "{0}件のリクエストが破棄された"},
    {Msg::kReasonNotMet, "reason.not_met",
     "even {0} {0|replica misses|replicas miss} the SLO at peak: {1}",
     "{0}レプリカでもピーク時にSLOを満たさない:{1}"},
    {Msg::kReasonSloImpossible, "reason.slo_impossible",
     "even one request at a time misses the SLO: {0}", "1件ずつ処理してもSLOを満たさない:{0}"},
    {Msg::kSloMetAt, "verdict.slo_met_at", "Meets every SLO threshold at {0}",
     "{0}で全てのSLOしきい値を満たす"},
    {Msg::kSloMissedAt, "verdict.slo_missed_at", "Misses the SLO at {0}: {1}",
     "{0}でSLOを満たさない:{1}"},
    {Msg::kNoSloSet, "verdict.no_slo_set",
     "No SLO threshold was set: latencies are reported without a verdict.",
     "SLOしきい値が設定されていないため、レイテンシは判定なしで示します。"},
    {Msg::kWarnDropped, "verdict.warn_dropped",
     "{0} {0|request was|requests were} dropped and {1} {1|was|were} still unfinished when the run "
     "stopped.",
     "{0}件のリクエストが破棄され、{1}件が実行終了時に未完了でした。"},
    {Msg::kWarnOverloaded, "verdict.warn_overloaded",
     "The fleet falls behind its arrivals: it completed {0} req/s while {1} req/s arrived (second "
     "half of the arrivals). The backlog grows without bound in a longer run, whatever the "
     "latencies above show.",
     "フリートが到着に追いついていません。到着の後半で {1} req/s の到着に対し完了は {0} req/s "
     "でした。"
     "実行が長ければ待ち行列は際限なく伸びます。上のレイテンシが良く見えても同じです。"},
    {Msg::kWarnBundleGpu, "verdict.warn_bundle_gpu",
     "The calibration bundle was measured on '{0}', not on this run's {1}: its measured op times "
     "are used as they are.",
     "キャリブレーションバンドルは '{0}' で測定されたもので、この実行の {1} ではありません。"
     "測定した演算時間をそのまま使っています。"},
    {Msg::kWarnAllEstimated, "verdict.warn_all_estimated",
     "Every operation's time is a roofline estimate: no calibration bundle measured these kernels "
     "on this GPU.",
     "すべての演算時間はルーフラインモデルによる推定です。このGPUでこれらのカーネルを実測したキャリ"
     "ブレーションバンドルはありません。"},
    {Msg::kRecommendedFleet, "verdict.recommended_fleet",
     "Recommended: {0} {0|replica|replicas} of {1}", "推奨構成:{1}を{0}レプリカ"},
    {Msg::kRecommendationStatement, "verdict.recommendation_statement",
     "Meets every SLO threshold at {0} at the peak load of {1}, judged on the upper end of each "
     "confidence interval. {2} binds, with a margin of {3}.",
     "ピーク負荷{1}で、各信頼区間の上端に基づき{0}の全SLOしきい値を満たします。制約となる指標は{2}"
     "で、余裕は{3}です。"},
    {Msg::kNoRecommendation, "verdict.no_recommendation", "No candidate meets the SLO at peak",
     "ピーク時にSLOを満たす候補はありません"},
    {Msg::kNPlusOneHolds, "verdict.n_plus_one_holds",
     "N+1: the SLO still holds with one of the {0} {0|replica|replicas} down.",
     "N+1:{0}レプリカのうち1台が停止してもSLOを満たします。"},
    {Msg::kNPlusOneFails, "verdict.n_plus_one_fails",
     "N+1: with one of the {0} {0|replica|replicas} down the SLO is missed; a fleet that survives "
     "the loss of "
     "a replica has {1} {1|replica|replicas} at {2} per month.",
     "N+1:{0}レプリカのうち1台が停止するとSLOを満たしません。1台の停止に耐える構成は{1}"
     "レプリカで、月額{2}です。"},
    // Notes that stand in for missing inputs.
    {Msg::kNoteMissingFile, "note.missing_file",
     "{0} is missing from the folder, so this part is left out.",
     "フォルダに{0}がないため、この部分は省略しました。"},
    {Msg::kNoteMissingPlanSection, "note.missing_plan_section",
     "plan.json has no \"{0}\" section, so this part is left out.",
     "plan.jsonに「{0}」セクションがないため、この部分は省略しました。"},
    {Msg::kNoteNoOpBreakdown, "note.no_op_breakdown",
     "summary.json has no per-operation breakdown (op_seconds), so this part is left out.",
     "summary.jsonに演算別の内訳(op_seconds)がないため、この部分は省略しました。"},
    {Msg::kNoteNoRecommendedRun, "note.no_recommended_run",
     "This part needs a simulated run of the recommended fleet at peak in the plan folder's "
     "recommended/ subfolder (the output of gpuplan simulate); the plan did not write one.",
     "この部分には、計画フォルダのrecommended/に推奨構成のピーク時シミュレーション結果(gpuplan "
     "simulateの出力)が必要ですが、計画には含まれていません。"},
    {Msg::kNoteNoNPlusOne, "note.no_n_plus_one", "The plan did not check N+1 headroom.",
     "計画ではN+1の余裕を確認していません。"},
    {Msg::kNoteNoSensitivity, "note.no_sensitivity",
     "The plan simulated the recommended fleet at one load only, so there is no curve to draw.",
     "計画では推奨構成を1つの負荷でしかシミュレーションしていないため、曲線を描けません。"},
    {Msg::kNoteDaySkipped, "note.day_skipped", "The day with an autoscaler was not simulated.",
     "オートスケーラーを使った1日のシミュレーションは行われていません。"},
    {Msg::kMetaNotFound, "note.meta_not_found", "meta.txt not found on this machine",
     "このマシンにmeta.txtがありません"},
    {Msg::kNoteNoCalibration, "note.no_calibration",
     "No candidate used a calibration bundle: every step time is a roofline estimate from the "
     "GPU's datasheet.",
     "キャリブレーションバンドルを使用した候補はありません。すべてのステップ時間はGPUのデータシート"
     "に基づくルーフラインモデルの推定値です。"},
    // Explanations of the run and plan reports.
    {Msg::kRecommendedRunContext, "explain.recommended_run_context",
     "From one simulated run of the recommended fleet at the peak load (the plan folder's "
     "recommended/ subfolder, seed {0}).",
     "推奨構成をピーク負荷で1回シミュレーションした結果です(計画フォルダのrecommended/"
     "、シード{0})。"},
    {Msg::kExplainRunCdf, "explain.run_cdf",
     "The curves show the latency of each of the {0} measured requests of this run (warm-up "
     "excluded): the share of requests that finished within a given time. The dashed vertical line "
     "is the SLO threshold; where a curve crosses the horizontal line is the percentile the SLO is "
     "judged at.",
     "曲線は、この実行で計測した{0}件のリクエスト(ウォームアップを除く)"
     "のレイテンシ、つまりある時間内に完了したリクエストの割合を示します。縦の破線はSLOしきい値で、"
     "曲線が横線と交わる点がSLOの判定に使うパーセンタイルです。"},
    {Msg::kExplainProvenance, "explain.provenance",
     "Everything needed to reproduce this run: the resolved scenario below is complete (every "
     "default and catalog value is filled in), and the same scenario with the same seed gives the "
     "same numbers.",
     "この実行を再現するために必要な情報です。以下の解決済みシナリオは完全で("
     "既定値とカタログ値をすべて含む)、同じシナリオと同じシードからは同じ数値が得られます。"},
    {Msg::kExplainPlanProvenance, "explain.plan_provenance",
     "Everything needed to reproduce this plan: the plan file, the resolved base scenario below, "
     "the seeds, the prices with their dates and the latency model. The same inputs give the same "
     "plan.json.",
     "この計画を再現するために必要な情報です。計画ファイル、以下の解決済みベースシナリオ、シード、"
     "日付付きの価格、レイテンシモデルを示します。同じ入力からは同じplan.jsonが得られます。"},
    {Msg::kExplainTargets, "explain.targets",
     "The latency targets the fleet must meet, and where each comes from.",
     "構成が満たすべきレイテンシ目標と、それぞれの根拠です。"},
    {Msg::kExplainTraffic, "explain.traffic",
     "The load the fleet must carry at its busiest moment, derived from the business inputs step "
     "by step (Little's law links requests in flight, arrival rate and time in system).",
     "最も混雑する時点で構成が処理すべき負荷を、業務上の入力から段階的に導出したものです("
     "リトルの法則により、処理中リクエスト数、到着レート、システム内滞在時間が結び付きます)。"},
    {Msg::kExplainMemoryBudget, "explain.memory_budget",
     "Each GPU holds its share of the model weights, a reserve for activations, and the KV cache, "
     "within the share of memory the engine may use. The KV cache decides how many requests a "
     "replica can hold at once.",
     "各GPUは、エンジンが使えるメモリの範囲内に、モデルの重みの分担分、アクティベーション用の予約、"
     "KVキャッシュを保持します。KVキャッシュの大きさが、1レプリカで同時に保持できるリクエスト数を決"
     "めます。"},
    {Msg::kExplainCandidates, "explain.candidates",
     "{0} combinations of GPU, parallelism and engine settings were considered; {1} could not run "
     "and {2} meet the SLO at peak. The cheapest of those is recommended.",
     "GPU、並列度、エンジン設定の組み合わせ{0}通りを検討しました。{1}通りは実行できず、{2}"
     "通りがピーク時にSLOを満たします。そのうち最も安い構成を推奨します。"},
    {Msg::kExplainPlanKnee, "explain.plan_knee",
     "The recommended fleet simulated at the peak load and at more or less traffic. Latency stays "
     "flat while the replicas keep up and rises steeply once queues build; the knee is the highest "
     "load at which every SLO was still met.",
     "推奨構成をピーク負荷とその増減でシミュレーションした結果です。レプリカの処理が追いついている"
     "間はレイテンシはほぼ一定で、キューが伸び始めると急激に増加します。急増点は全SLOを満たした最大"
     "の負荷です。"},
    // The comparison report.
    {Msg::kCompareReportTitle, "report.compare_title", "Load test versus simulation",
     "負荷試験とシミュレーションの比較"},
    {Msg::kCompareReportSubtitle, "report.compare_subtitle", "{0} on scenario {1}",
     "{0}(シナリオ {1})"},
    {Msg::kSecCompareVerdict, "section.compare_verdict", "Verdict", "判定"},
    {Msg::kSecCompareStatistics, "section.compare_statistics", "Statistic by statistic",
     "指標ごとの比較"},
    {Msg::kSecCompareDistributions, "section.compare_distributions",
     "Distributions: measured and simulated", "分布:実測とシミュレーション"},
    {Msg::kSecCompareLoad, "section.compare_load", "The load that was replayed", "再現した負荷"},
    {Msg::kColStatistic, "column.statistic", "Statistic", "指標"},
    {Msg::kColMeasured, "column.measured", "Measured", "実測"},
    {Msg::kColSimulated, "column.simulated", "Simulated", "シミュレーション"},
    {Msg::kColError, "column.error", "Error", "誤差"},
    {Msg::kLegendMeasuredRequests, "legend.measured_requests", "Measured requests",
     "実測したリクエスト"},
    {Msg::kKeyMeasuredFile, "key.measured_file", "Measured result", "実測結果"},
    {Msg::kKeyRegime, "key.regime", "Load offered", "与えた負荷"},
    {Msg::kKeySimulatedWorkload, "key.simulated_workload", "Simulated as",
     "シミュレーションの負荷"},
    {Msg::kKeyScenario, "key.scenario", "Scenario", "シナリオ"},
    {Msg::kExplainCompare, "explain.compare",
     "The scenario's deployment was simulated under the load the test offered, with the same "
     "requests, and both runs are described by the benchmark tool's own statistics. Error is "
     "(simulated - measured) / measured.",
     "負荷試験と同じ負荷・同じリクエストでシナリオの構成をシミュレーションし、両者をベンチマーク"
     "ツール自身の指標で比較しました。誤差は(シミュレーション - 実測)/ 実測です。"},
    {Msg::kNoteNoRequestLists, "note.no_request_lists",
     "The result lists no requests, so only its summary statistics can be compared.",
     "結果にリクエストごとのデータがないため、集計指標のみを比較しています。"},
    {Msg::kCompareVerdict, "compare.verdict",
     "Median absolute error {0} over {1} statistics; the simulated GPUs were busy {2} of the time "
     "and the KV cache peaked at {3}.",
     "{1}指標の絶対誤差の中央値は{0}です。シミュレーションでのGPU稼働率は{2}、KVキャッシュ使用率の"
     "最大は{3}でした。"},
    {Msg::kCompareNearSaturation, "compare.near_saturation",
     "This is near saturation, where a small step-time error becomes a large queueing (TTFT) "
     "error.",
     "飽和に近い状態であり、ステップ時間の小さな誤差が大きな待ち時間(TTFT)の誤差になります。"},
    {Msg::kSecDeployment, "section.deployment", "Deploy one replica and verify it",
     "1レプリカの起動と検証"},
    {Msg::kExplainDeployment, "explain.deployment",
     "Before the fleet is bought, launch one replica with exactly the settings the simulation "
     "assumed, offer it its share of the peak load with the benchmark below, and compare the "
     "result with this simulation. A large error means the plan must be re-run with the "
     "comparison's lesson (a pinned KV cache, calibrated kernels) before it is signed.",
     "構成を購入する前に、シミュレーションと同じ設定で1レプリカを起動し、下のベンチマークでピーク時"
     "の"
     "負荷の1レプリカ分を与え、その結果をこのシミュレーションと比較してください。誤差が大きい場合は"
     "、"
     "比較から得た知見(KVキャッシュ容量の固定、カーネルの校正)"
     "を反映して計画を再実行してから承認して"
     "ください。"},
    {Msg::kCaptionServeCommand, "caption.serve_command", "Launch one replica", "1レプリカの起動"},
    {Msg::kCaptionEngineConfig, "caption.engine_config",
     "TensorRT-LLM options file (extra_llm_api_options.yaml)",
     "TensorRT-LLMの設定ファイル(extra_llm_api_options.yaml)"},
    {Msg::kCaptionBenchCommand, "caption.bench_command",
     "Offer it one replica's share of the peak load", "ピーク負荷の1レプリカ分を与える"},
    {Msg::kCaptionCompareCommand, "caption.compare_command",
     "Compare the result with this simulation", "結果をこのシミュレーションと比較する"},
    // The plan's cost cap, latency safety factor and warnings.
    {Msg::kKeyCostCap, "key.cost_cap", "Cost cap", "費用上限"},
    {Msg::kKeyLatencySafetyFactor, "key.latency_safety_factor", "Latency safety factor",
     "レイテンシの安全係数"},
    {Msg::kSafetyFactorValue, "value.safety_factor",
     "{0}: every SLO threshold is divided by it before a probe is judged, to leave room for the "
     "latency model's own error",
     "{0}(レイテンシモデル自体の誤差に備え、各SLOしきい値をこの値で割ってから判定します)"},
    {Msg::kThresholdOverFactor, "value.threshold_over_factor", "{0} ({1} SLO / {2})",
     "{0}(SLO {1} / {2})"},
    {Msg::kCapRespected, "verdict.cap_respected",
     "Within the cost cap of {0} per month, with {1} per month to spare.",
     "月額{0}の費用上限内に収まり、月額{1}の余裕があります。"},
    {Msg::kCapBestUnder, "verdict.cap_best_under",
     "Best under the cost cap: {0} {0|replica|replicas} of {1}",
     "費用上限内で最善の構成:{1}を{0}レプリカ"},
    {Msg::kCapBinds, "verdict.cap_binds",
     "No fleet that meets every SLO fits under the cost cap of {0} per month: the cheapest one, "
     "{1}, costs {2} per month, {3} over the cap.",
     "全SLOを満たす構成は月額{0}の費用上限に収まりません。そのうち最も安い構成({1})は月額{2}で、"
     "上限を{3}超えます。"},
    {Msg::kCapBindsChoice, "verdict.cap_binds_choice",
     "This fleet costs {0} per month and misses the SLO as the table below shows. It is the "
     "affordable fleet closest to the SLO: of the largest fleet the cap buys of each candidate, "
     "one that keeps up with its arrivals comes first, then the one with the largest margin to "
     "its binding SLO.",
     "この構成は月額{0}で、下の表のとおりSLOを満たしません。上限内で買える各候補の最大構成のうち、"
     "到着に処理が追いつくものを優先し、次に制約となるSLOまでの余裕が最も大きいものを選んでいます"
     "。"},
    {Msg::kCapNothingAffordable, "verdict.cap_nothing_affordable",
     "Nothing fits under the cost cap", "費用上限内に収まる構成はありません"},
    {Msg::kCapNothingBody, "verdict.cap_nothing_body",
     "The cap is {0} per month, and the smallest fleet the plan searched, {1}, costs {2} per "
     "month.",
     "上限は月額{0}ですが、計画で探索した最小の構成({1})でも月額{2}かかります。"},
    {Msg::kCapCheapestMeeting, "verdict.cap_cheapest_meeting",
     "The cheapest fleet that meets every SLO, {0}, costs {1} per month.",
     "全SLOを満たす最も安い構成({0})は月額{1}です。"},
    {Msg::kReplicasOf, "value.replicas_of", "{0} {0|replica|replicas} of {1}", "{1}を{0}レプリカ"},
    {Msg::kCapNoFleetMeetsSlo, "verdict.cap_no_fleet_meets_slo",
     "No fleet meets every SLO at any replica count searched, so the cost cap of {0} per month "
     "decided nothing.",
     "探索したどのレプリカ数でも全SLOを満たす構成がないため、月額{0}の費用上限は判断に影響して"
     "いません。"},
    {Msg::kTableGivenUp, "table.given_up",
     "What the fleet under the cap gives up, judged like every verdict on the upper end of each "
     "{0} "
     "confidence interval",
     "費用上限内の構成が満たさない項目(他の判定と同じく、各{0}信頼区間の上端で判定)"},
    {Msg::kTableCapConsidered, "table.cap_considered", "Fleets the cost cap affords, best first",
     "費用上限内で買える構成(良い順)"},
    {Msg::kColOverBy, "column.over_by", "Over the threshold by", "しきい値の超過幅"},
    {Msg::kColFleet, "column.fleet", "Fleet", "構成"},
    {Msg::kColKeepsUp, "column.keeps_up", "Keeps up with arrivals", "到着への追従"},
    {Msg::kColProbe, "column.probe", "Probe", "プローブ"},
    {Msg::kGivenUpSustained, "given_up.sustained", "Keeping up with arrivals", "到着への追従"},
    {Msg::kGivenUpSustainedValue, "given_up.sustained_value",
     "completes {0} while {1} arrive: the queue grows without bound over a longer peak",
     "{1}の到着に対し完了は{0}で、ピークが続くと待ち行列は際限なく伸びます"},
    {Msg::kGivenUpDropped, "given_up.dropped", "Every request served", "全リクエストの処理"},
    {Msg::kGivenUpDroppedValue, "given_up.dropped_value", "{0} dropped, {1} unfinished",
     "破棄{0}件、未完了{1}件"},
    {Msg::kProbeFromSearch, "value.probe_from_search", "from the replica search",
     "レプリカ探索時のもの"},
    {Msg::kProbeForCap, "value.probe_for_cap", "run for the cost cap", "費用上限のために追加実行"},
    {Msg::kReasonOverCap, "reason.over_cap", "it costs {0} per month, over the cost cap of {1}",
     "月額{0}で、費用上限の{1}を超える"},
    {Msg::kNoteNoHeadroomUnderCap, "note.no_headroom_under_cap",
     "N+1 was not checked: the fleet under the cost cap misses the SLO with every replica up.",
     "費用上限内の構成は全レプリカが稼働していてもSLOを満たさないため、N+1は確認していません。"},
    {Msg::kWarnFewSeeds, "verdict.warn_few_seeds",
     "Only {0} {0|seed|seeds} per probe: each {1} confidence interval uses t = {2} (one degree of "
     "freedom), "
     "so it is very wide, and when the seeds happen to agree it has zero width, a certainty {0} "
     "seeds can not give. Re-run the plan with search.seeds of 3 or more, 5 for a plan to sign.",
     "プローブあたりのシードが{0}個しかありません。各{1}信頼区間はt = {2}(自由度1)を使うため非常"
     "に広く、シードの値がたまたま一致すると幅がゼロになり、{0}シードでは得られない確実さを示して"
     "しまいます。search.seedsを3以上(承認する計画では5以上)にして計画を再実行してください。"},
    {Msg::kWarnMarginWithinModelError, "verdict.warn_margin_within_model_error",
     "An SLO margin of {0} is smaller than the latency model's median error {1} (p90 {2}, {3} "
     "validated {3|run|runs}): the verdict rests inside the model's typical error. Measure this "
     "engine on this GPU, or set search.latency_safety_factor.",
     "SLOの余裕{0}は、レイテンシモデルの誤差の中央値{1}(p90は{2}、検証済みの実行{3}件)より小さく、"
     "判定はモデルの典型的な誤差の範囲内にあります。このエンジンをこのGPUで実測するか、"
     "search.latency_safety_factorを設定してください。"},
    {Msg::kWarnTraceNotResampled, "verdict.warn_trace_not_resampled",
     "The workload replays a trace as recorded, the same requests for every seed: the intervals "
     "cover only what the simulation draws, not how the answer depends on the one stretch of "
     "traffic the trace recorded. Set workload.trace.bootstrap_block_s (60 s keeps bursts of up "
     "to a minute) to replay a resample of the trace per seed.",
     "ワークロードはトレースを記録どおりに再生しており、どのシードでも同じリクエストになります。"
     "そのため信頼区間はシミュレーション内の乱数だけを反映し、トレースが記録した一つの期間に答えが"
     "どれだけ依存するかは含みません。workload.trace.bootstrap_block_s(60秒なら1分までのバースト"
     "を保持)を設定し、シードごとにトレースのリサンプルを再生してください。"},
    {Msg::kWarnPriceTiersMixed, "verdict.warn_price_tiers_mixed",
     "The candidates' prices are of {0} kinds ({1}): the cost ranking compares unlike prices. "
     "Set cost.cloud.tier to compare one kind, and give cost.cloud.usd_per_gpu_hour for the GPUs "
     "priced otherwise.",
     "候補の価格は{0}種類にまたがっており({1})、コストの順位は種類の異なる価格を比べています。"
     "cost.cloud.tierで1種類に揃え、それ以外の価格のGPUにはcost.cloud.usd_per_gpu_hourを"
     "指定してください。"},
    {Msg::kColPriceKind, "col.price_kind", "Kind", "種類"},
    {Msg::kColRegion, "col.region", "Region", "地域"},
    {Msg::kKeyExchangeRate, "key.exchange_rate", "Exchange rate", "為替レート"},
    {Msg::kExchangeRate, "value.exchange_rate", "{0} per US$ ({1}, {2})",
     "1米ドルあたり{0}({1}、{2})"},
    // The plan report's executive summary, risk register, Kubernetes manifests and approval.
    {Msg::kSecLengths, "section.lengths", "Request lengths", "リクエスト長"},
    {Msg::kChartPromptLengths, "chart.prompt_lengths", "Prompt lengths of the measured requests",
     "計測対象リクエストのプロンプト長"},
    {Msg::kChartOutputLengths, "chart.output_lengths", "Output lengths of the measured requests",
     "計測対象リクエストの出力長"},
    {Msg::kAxisTokens, "axis.tokens", "tokens", "トークン数"},
    {Msg::kAxisRequests, "axis.requests", "requests", "リクエスト数"},
    {Msg::kExplainLengths, "explain.lengths",
     "The lengths the simulation drew for its {0} measured requests: prompts of {1}, outputs of "
     "{2}. Latency depends on them as much as on the load: compare them with your own traffic's "
     "before trusting the figures.",
     "シミュレーションが計測対象の{0}件のリクエストに用いた長さです。プロンプトは{1}、出力は{2}"
     "です。レイテンシは負荷と同じくらいこれらに左右されるため、数値を信頼する前に実際のトラフィッ"
     "ク"
     "の長さと比べてください。"},
    {Msg::kLengthStats, "value.length_stats", "{0} tokens on average (p50 {1}, p99 {2})",
     "平均{0}トークン(p50 {1}、p99 {2})"},
    {Msg::kSecExecutiveSummary, "section.executive_summary", "Executive summary",
     "エグゼクティブサマリー"},
    {Msg::kSecRisks, "section.risks", "Risk register", "リスク一覧"},
    {Msg::kSecKubernetes, "section.kubernetes", "Kubernetes manifests", "Kubernetesマニフェスト"},
    {Msg::kSecApproval, "section.approval", "Approval", "承認"},
    {Msg::kExplainExecutiveSummary, "explain.executive_summary",
     "The plan in a few lines, each built from plan.json; the sections below give the numbers "
     "behind them.",
     "計画の要点を数行にまとめたもので、各行はplan."
     "jsonから作成しています。根拠となる数値は以降の各節にあります。"},
    {Msg::kKeyExecTargets, "key.exec_targets", "Targets", "目標"},
    {Msg::kKeyExecRisks, "key.exec_risks", "Main risks", "主なリスク"},
    {Msg::kKeyExecVerify, "key.exec_verify", "Verify before buying", "購入前の検証"},
    {Msg::kExecFleet, "value.exec_fleet", "{0} {0|replica|replicas} of {1} at TP {2} on {3}",
     "{1}を{0}レプリカ(TP {2}、{3})"},
    {Msg::kExecFleetTotal, "value.exec_fleet_total", "{0}: {1} in all", "{0}、GPUは合計{1}"},
    {Msg::kExecCost, "value.exec_cost", "{0} per month ({1} per hour) at {2} per GPU-hour ({3})",
     "月額{0}(時間あたり{1})、GPU時間あたり{2}({3})"},
    {Msg::kExecTargetItem, "value.exec_target_item", "{0} {1} within {2}", "{0} {1}が{2}以内"},
    {Msg::kExecTargetsMet, "value.exec_targets_met",
     "Meets {0} at the peak load of {1}; {2} binds, with a margin of {3}.",
     "ピーク負荷{1}で{0}を満たします。制約となる指標は{2}で、余裕は{3}です。"},
    {Msg::kExecTargetsMissed, "value.exec_targets_missed",
     "Misses {0} under the cost cap of {1} per month; meeting every SLO costs {2} per month.",
     "月額{1}の費用上限のもとで{0}を満たしません。全SLOを満たすには月額{2}かかります。"},
    {Msg::kExecRisksNone, "value.exec_risks_none",
     "No risk rated medium or high; see the risk register.",
     "中・高のリスクはありません。リスク一覧を参照してください。"},
    {Msg::kExecRisksValue, "value.exec_risks", "{0}; {1}", "{0}/{1}"},
    {Msg::kExecVerify, "value.exec_verify",
     "Run the one-node load test of “{0}”: launch one replica with its command, offer it {1} (the "
     "peak over {2} {2|replica|replicas}) with vllm bench serve, and check the result with gpuplan "
     "compare.",
     "「{0}」の1ノード負荷試験を実施してください。記載のコマンドで1レプリカを起動し、vllm bench "
     "serveで{1}(ピークを{2}レプリカで割った値)の負荷をかけ、gpuplan compareで結果を確認します。"},
    {Msg::kExecVerifyTrace, "value.exec_verify_trace",
     "Launch one replica with the command of “{0}”, replay the trace against it with your load "
     "tool, and check the per-request result with gpuplan compare.",
     "「{0}"
     "」のコマンドで1レプリカを起動し、負荷ツールでトレースを再生して、リクエストごとの結果をgpupla"
     "n compareで確認してください。"},
    {Msg::kExecVerifyMissing, "value.exec_verify_missing",
     "plan.json has no deployment commands (an older gpuplan wrote it): re-run gpuplan plan for "
     "the one-node load test to run before buying.",
     "plan.jsonに配備コマンドがありません(古いgpuplanで作成されています)"
     "。購入前に実施する1ノード負荷試験のコマンドを得るため、gpuplan planを再実行してください。"},
    {Msg::kTierHyperscaler, "value.tier_hyperscaler", "hyperscaler on-demand list price",
     "ハイパースケーラーのオンデマンド定価"},
    {Msg::kTierHyperscalerReserved, "value.tier_hyperscaler_reserved",
     "hyperscaler reserved price (a term commitment)", "ハイパースケーラーの予約価格(期間契約)"},
    {Msg::kTierGpuCloud, "value.tier_gpu_cloud", "GPU-cloud on-demand price",
     "GPUクラウドのオンデマンド価格"},
    {Msg::kTierCommunity, "value.tier_community",
     "community or spot price, without a capacity guarantee",
     "容量保証のないコミュニティ/スポット価格"},
    {Msg::kTierOverride, "value.tier_override", "price set in the plan", "計画で指定した価格"},
    {Msg::kTierOnPremises, "value.tier_on_premises", "on-premises cost model",
     "オンプレミスのコストモデル"},
    {Msg::kTierUnknown, "value.tier_unknown", "price of an unstated kind",
     "種類が明記されていない価格"},
    {Msg::kExplainRisks, "explain.risks",
     "Each rule below is checked on the recommended fleet with the numbers in plan.json, and its "
     "level follows a fixed rule (docs/planning-method.md, “The report: executive summary, risk "
     "register, approval”): high, settle it "
     "before buying; medium, accept it knowingly or mitigate it; low, checked and acceptable.",
     "以下の各規則を、plan.jsonの数値で推奨構成に当てはめています。レベルは固定の規則に従います("
     "docs/"
     "planning-method.mdのリスク一覧の節)"
     "。高は購入前に解消すべきリスク、中は理解した上で受け入れるか軽減すべきリスク、低は確認済みで"
     "許容できるリスクです。"},
    {Msg::kTableRisks, "table.risks", "Risks of the recommended fleet, highest level first",
     "推奨構成のリスク(レベルの高い順)"},
    {Msg::kColLevel, "column.level", "Level", "レベル"},
    {Msg::kColRisk, "column.risk", "Risk", "リスク"},
    {Msg::kColEvidence, "column.evidence", "Evidence from the plan", "計画上の根拠"},
    {Msg::kRiskHigh, "value.risk_high", "High", "高"},
    {Msg::kRiskMedium, "value.risk_medium", "Medium", "中"},
    {Msg::kRiskLow, "value.risk_low", "Low", "低"},
    {Msg::kRiskSloMissed, "value.risk_slo_missed", "the cause is not recorded",
     "原因は記録されていない"},
    {Msg::kRiskSingleReplica, "risk.single_replica", "A single replica: no redundancy",
     "レプリカが1つだけで、冗長性がありません"},
    {Msg::kRiskSingleReplicaEvidence, "risk.single_replica_evidence",
     "The fleet is one replica: a crash, a node failure or an upgrade stops the service. A fleet "
     "that survives the loss of a replica has {0} {0|replica|replicas} at {1} per month.",
     "構成は1レプリカのため、障害、ノード故障、更新のたびにサービスが止まります。1レプリカを失って"
     "も動き続ける構成は{0}レプリカで月額{1}です。"},
    {Msg::kRiskNPlusOneFails, "risk.n_plus_one_fails", "Losing one replica breaks the SLO at peak",
     "1レプリカを失うとピーク時にSLOを満たしません"},
    {Msg::kRiskNPlusOneFailsEvidence, "risk.n_plus_one_fails_evidence",
     "With one of the {0} {0|replica|replicas} down the SLO is missed at peak: {1}. A fleet that "
     "survives the "
     "loss has {2}, {3} more.",
     "{0}レプリカのうち1つが停止すると、ピーク時にSLOを満たしません({1})"
     "。1レプリカを失っても動き続ける構成は{2}で、差額は{3}です。"},
    {Msg::kRiskNPlusOneHolds, "risk.n_plus_one_holds",
     "N+1: the fleet survives the loss of a replica", "N+1:1レプリカを失ってもSLOを満たします"},
    {Msg::kRiskNPlusOneHoldsEvidence, "risk.n_plus_one_holds_evidence",
     "With one of the {0} {0|replica|replicas} down, the others still meet the SLO at peak.",
     "{0}レプリカのうち1つが停止しても、残りでピーク時のSLOを満たします。"},
    {Msg::kRiskNPlusOneUnchecked, "risk.n_plus_one_unchecked", "N+1 not checked",
     "N+1は確認していません"},
    {Msg::kRiskNPlusOneUncheckedEvidence, "risk.n_plus_one_unchecked_evidence",
     "plan.json has no N+1 check: whether the fleet survives the loss of a replica is unknown.",
     "plan.jsonにN+1の確認結果がないため、1レプリカを失ったときにSLOを満たすかは不明です。"},
    {Msg::kMultiplier, "value.multiplier", "{0}x", "{0}倍"},
    {Msg::kMultipleOfPeak, "value.multiple_of_peak", "{0} the peak ({1})", "ピークの{0}({1})"},
    {Msg::kRiskTrafficBreaks, "risk.traffic_breaks", "{0} the peak traffic breaks the fleet",
     "ピーク負荷の{0}でSLOを満たさなくなります"},
    {Msg::kRiskTrafficBreaksEvidence, "risk.traffic_breaks_evidence",
     "At {0} the {1} {1|replica misses|replicas miss} the SLO: {2}. That traffic needs {3}.",
     "{0}では、{1}レプリカの構成はSLOを満たしません({2})。この負荷には{3}が必要です。"},
    {Msg::kReplicasAtCost, "value.replicas_at_cost", "{0} {0|replica|replicas} at {1} per month",
     "{0}レプリカ(月額{1})"},
    {Msg::kTrafficBeyondSearch, "value.traffic_beyond_search",
     "more replicas than the plan searched", "計画の探索範囲を超えるレプリカ数"},
    {Msg::kRiskTrafficHolds, "risk.traffic_holds", "The fleet holds every traffic multiple tested",
     "試したすべての負荷倍率でSLOを満たします"},
    {Msg::kRiskTrafficHoldsEvidence, "risk.traffic_holds_evidence",
     "The {0} {0|replica meets|replicas meet} the SLO at {1} the peak traffic.",
     "{0}レプリカの構成は、ピーク負荷の{1}でSLOを満たします。"},
    {Msg::kRiskTrafficUntested, "risk.traffic_untested", "Traffic above the peak not tested",
     "ピークを超える負荷は確認していません"},
    {Msg::kRiskTrafficUntestedEvidence, "risk.traffic_untested_evidence",
     "plan.json has no sensitivity result above the peak (search.sensitivity is empty, or the plan "
     "replays a trace): how far the traffic may exceed the forecast is unknown.",
     "plan.jsonにピークを超える感度分析の結果がない(search."
     "sensitivityが空、またはトレースを再生する計画)"
     "ため、負荷が予測をどこまで超えてよいかは不明です。"},
    {Msg::kRiskUncalibrated, "risk.uncalibrated",
     "Uncalibrated GPU: no step time was measured on it",
     "未校正のGPU:ステップ時間を実測していません"},
    {Msg::kRiskUncalibratedEvidence, "risk.uncalibrated_evidence",
     "The recommended candidate's latency model is “{0}” on {1}: every latency in this plan is an "
     "estimate that no measurement on this GPU has checked.",
     "推奨候補のレイテンシモデルは{1}上の「{0}"
     "」です。この計画のレイテンシはすべて、このGPUでの実測で確かめていない推定値です。"},
    {Msg::kRiskCalibrated, "risk.calibrated", "Calibrated latency model",
     "校正済みのレイテンシモデル"},
    {Msg::kRiskCalibratedEvidence, "risk.calibrated_evidence",
     "The recommended candidate's step times come from kernels measured on {1}: “{0}”.",
     "推奨候補のステップ時間は、{1}で測定したカーネルに基づきます(「{0}」)。"},
    {Msg::kRiskMeasuredShare, "risk.measured_share",
     "{0} of the recommended run's step time comes from measured operations.",
     "推奨構成の実行では、ステップ時間の{0}が測定済みの演算によるものです。"},
    {Msg::kRiskPriceMixed, "risk.price_mixed", "A community or spot price against on-demand prices",
     "コミュニティ/スポット価格とオンデマンド価格を比較しています"},
    {Msg::kRiskPriceMixedWhy, "risk.price_mixed_why",
     "The ranking compares prices of unlike kinds: a community or spot host can be reclaimed and "
     "comes with no capacity guarantee, so at a like-for-like price the recommended fleet may not "
     "be the cheapest.",
     "種類の異なる価格を比較して順位を付けています。コミュニティ/"
     "スポットのホストは回収されることがあり、容量の保証もないため、同じ種類の価格で比べると推奨構"
     "成が最安とは限りません。"},
    {Msg::kRiskPriceCommunity, "risk.price_community",
     "A community or spot price: the capacity may not be there",
     "コミュニティ/スポット価格:必要な容量を確保できない可能性があります"},
    {Msg::kRiskPriceGpuCloudMixed, "risk.price_gpu_cloud_mixed",
     "A GPU-cloud price against hyperscaler prices",
     "GPUクラウドの価格とハイパースケーラーの価格を比較しています"},
    {Msg::kRiskPriceGpuCloudWhy, "risk.price_gpu_cloud_why",
     "GPU clouds and hyperscalers differ in quotas, regions and support: compare prices of the "
     "provider you will buy from.",
     "GPUクラウドとハイパースケーラーでは、割り当て上限、リージョン、サポートが異なります。購入先の"
     "事業者の価格で比較してください。"},
    {Msg::kRiskPriceUnknown, "risk.price_unknown", "A price source of an unstated kind",
     "種類が明記されていない価格の出典"},
    {Msg::kRiskPriceSound, "risk.price_sound", "Price source: {0}", "価格の出典:{0}"},
    {Msg::kRiskPriceEvidence, "risk.price_evidence", "{0}: {1} per GPU-hour ({2}), source: “{3}”.",
     "{0}はGPU時間あたり{1}({2})で、出典は「{3}」です。"},
    {Msg::kRiskPriceOthers, "risk.price_others", "The other candidates' prices: {0}.",
     "他の候補の価格は{0}です。"},
    {Msg::kRiskModelError, "risk.model_error", "The latency model's own error",
     "レイテンシモデル自体の誤差"},
    {Msg::kRiskModelErrorEvidence, "risk.model_error_evidence",
     "The latency model has its own error against real serving runs, measured end to end in "
     "docs/validation.md (section 6, “End to end: real serving runs”). The confidence intervals "
     "cover only the simulator's sampling noise, so the plan's margins (here {0} on {1}) should "
     "exceed that error.",
     "レイテンシモデルには実際のサービング実行に対する固有の誤差があり、docs/"
     "validation.md(6節「End to end: real serving "
     "runs」)"
     "でエンドツーエンドに測定しています。信頼区間はシミュレータのサンプリングのばらつきしか含まな"
     "いため、計画の余裕(この計画では{1}で{0})はその誤差を上回る必要があります。"},
    {Msg::kRiskSafetyFactorSet, "risk.safety_factor_set",
     "The plan judges every threshold divided by a latency safety factor of {0}.",
     "この計画は、各しきい値をレイテンシの安全係数{0}で割って判定しています。"},
    {Msg::kRiskSafetyFactorUnset, "risk.safety_factor_unset",
     "No latency safety factor is set (search.latency_safety_factor is 1).",
     "レイテンシの安全係数は設定されていません(search.latency_safety_factorが1)。"},
    {Msg::kRiskNotValidated, "risk.not_validated",
     "Latency model not validated for this engine on this GPU",
     "このエンジンとGPUの組み合わせではレイテンシモデルが検証されていません"},
    {Msg::kRiskNotValidatedEvidence, "risk.not_validated_evidence",
     "{0} on {1}: the catalog's validation/serving_error_bands.csv has fewer than 5 real serving "
     "runs behind any statistic the SLO uses, so the plan's margins have no measured error to be "
     "compared with. Measure a few serving runs of this engine on this GPU before signing.",
     "{1}上の{0}: カタログのvalidation/serving_error_bands.csvには、SLOが使う統計量のいずれにも"
     "実際のサービング実行が5件以上ありません。そのため計画の余裕を比べる実測の誤差がありません。"
     "承認の前に、このエンジンをこのGPUで数回実測してください。"},
    {Msg::kRiskWithinModelError, "risk.within_model_error",
     "The verdict rests inside the latency model's typical error",
     "判定がレイテンシモデルの典型的な誤差の範囲内にあります"},
    {Msg::kRiskBeyondModelError, "risk.beyond_model_error",
     "The margins exceed the latency model's median error",
     "余裕がレイテンシモデルの誤差の中央値を上回っています"},
    {Msg::kRiskModelErrorMetric, "risk.model_error_metric",
     "{0}: margin {1}, the model's median error {2} ({3}).",
     "{0}: 余裕{1}、モデルの誤差の中央値{2}({3})。"},
    {Msg::kModelErrorBasis, "model_error.basis", "p90 {0}; {1} {1|run|runs} of {2}, {3}",
     "p90は{0}、{2}の{1}件、{3}"},
    {Msg::kModelErrorHeldOut, "model_error.held_out", "held-out half on {0}",
     "{0}のホールドアウト側"},
    {Msg::kModelErrorAllRows, "model_error.all_rows", "all runs on {0}", "{0}の全実行"},
    {Msg::kModelErrorEveryGpu, "model_error.every_gpu", "every GPU", "全GPU"},
    {Msg::kRiskFewSeeds, "risk.few_seeds", "Fewer than 3 seeds per probe",
     "プローブあたりのシードが3未満です"},
    {Msg::kRiskFewSeedsEvidence, "risk.few_seeds_evidence",
     "{0} {0|seed|seeds} per probe: each {1} confidence interval uses t = {2}, and seeds that "
     "happen to "
     "agree give an interval of zero width (plan.json warning few_seeds).",
     "プローブあたり{0}シードのため、各{1}信頼区間はt = "
     "{2}を使い、シードの値がたまたま一致すると幅がゼロになります(plan.jsonの警告few_seeds)。"},
    {Msg::kRiskFewSeedsOld, "risk.few_seeds_old",
     "{0} {0|seed|seeds} per probe: the confidence intervals are very wide, or of zero width when "
     "the seeds "
     "happen to agree.",
     "プローブあたり{0}"
     "シードのため、信頼区間は非常に広いか、シードの値がたまたま一致すると幅がゼロになります。"},
    {Msg::kRiskSomeSeeds, "risk.some_seeds", "Fewer than 5 seeds per probe",
     "プローブあたりのシードが5未満です"},
    {Msg::kRiskSomeSeedsEvidence, "risk.some_seeds_evidence",
     "{0} {0|seed|seeds} per probe: enough to explore, while docs/planning-method.md asks for 5 in "
     "a plan "
     "to sign.",
     "プローブあたり{0}シードです。検討には足りますが、docs/"
     "planning-method.mdは承認する計画には5シードを求めています。"},
    {Msg::kRiskSeedsEnough, "risk.seeds_enough", "Seeds per probe", "プローブあたりのシード数"},
    {Msg::kRiskSeedsEnoughEvidence, "risk.seeds_enough_evidence",
     "{0} {0|seed|seeds} per probe, as many as a plan to sign needs.",
     "プローブあたり{0}シードで、承認する計画に必要な数を満たしています。"},
    {Msg::kRiskCapBinds, "risk.cap_binds", "The cost cap binds: the fleet misses the SLO",
     "費用上限が制約となり、構成はSLOを満たしません"},
    {Msg::kRiskCapBindsEvidence, "risk.cap_binds_evidence",
     "Under the cap of {0} per month the fleet gives up {1}; the cheapest fleet that meets every "
     "SLO costs {2} per month.",
     "月額{0}の上限のもとで、構成は{1}を満たしません。全SLOを満たす最も安い構成は月額{2}です。"},
    {Msg::kRiskCapNPlusOne, "risk.cap_n_plus_one", "The N+1 fleet would exceed the cost cap",
     "N+1構成は費用上限を超えます"},
    {Msg::kRiskCapNPlusOneEvidence, "risk.cap_n_plus_one_evidence",
     "The fleet costs {0} per month under the cap of {1}, but the fleet that survives the loss of "
     "a replica costs {2} per month.",
     "構成は月額{0}で上限の{1}に収まりますが、1レプリカを失っても動き続ける構成は月額{2}です。"},
    {Msg::kRiskCapWithin, "risk.cap_within", "Within the cost cap", "費用上限内に収まります"},
    {Msg::kRiskCapWithinEvidence, "risk.cap_within_evidence",
     "{0} per month to spare under the cap of {1} per month.",
     "月額{1}の上限に対し、月額{0}の余裕があります。"},
    {Msg::kExplainKubernetes, "explain.kubernetes",
     "gpuplan plan wrote Kubernetes manifests of the recommended fleet into deployment/ beside "
     "plan.json: a Deployment with one pod per replica running the launch command of the previous "
     "section, a Service in front of it and a HorizontalPodAutoscaler. Apply them with kubectl "
     "apply -f deployment/ once the one-node load test has passed. The autoscaler needs a metrics "
     "adapter serving the metric named in hpa.yaml; each file's comments say what else it assumes.",
     "gpuplan "
     "planは、推奨構成のKubernetesマニフェストをplan.jsonと同じフォルダのdeployment/"
     "に書き出しています。前節の起動コマンドを1レプリカ1ポッドで実行するDeployment、その前段のServi"
     "ce、HorizontalPodAutoscalerです。1ノード負荷試験に合格したら、kubectl apply -f "
     "deployment/"
     "で適用してください。オートスケーラーには、hpa."
     "yamlに記載したメトリクスを提供するメトリクスアダプタが必要です。その他の前提は各ファイルのコ"
     "メントに記載しています。"},
    {Msg::kTableKubernetes, "table.kubernetes", "The files of deployment/",
     "deployment/のファイル"},
    {Msg::kColFile, "column.file", "File", "ファイル"},
    {Msg::kColKind, "column.kind", "Kind", "種類"},
    {Msg::kColSettings, "column.settings", "Settings", "設定"},
    {Msg::kManifestDeployment, "value.manifest_deployment",
     "{0} {0|replica|replicas}, {1} {1|GPU|GPUs} per pod, image {2}",
     "{0}レプリカ、ポッドあたりGPU {1}枚、イメージ{2}"},
    {Msg::kManifestService, "value.manifest_service", "port {0}", "ポート{0}"},
    {Msg::kManifestHpa, "value.manifest_hpa",
     "{0} to {1} {1|replica|replicas} on the metric {2}, target {3} per pod",
     "メトリクス{2}で{0}〜{1}レプリカ、ポッドあたりの目標値{3}"},
    {Msg::kManifestConfigMap, "value.manifest_config_map", "the engine's options file",
     "エンジンのオプションファイル"},
    {Msg::kNoteNoKubernetes, "note.no_kubernetes",
     "There is no deployment/ folder beside plan.json: gpuplan plan writes one for a recommended "
     "fleet (an older gpuplan did not).",
     "plan.jsonと同じフォルダにdeployment/がありません。gpuplan "
     "planは推奨構成があるときに書き出します(古いgpuplanは書き出しません)。"},
    {Msg::kNoteKubernetesMismatch, "note.kubernetes_mismatch",
     "The manifests in deployment/ are not this plan's: their Deployment has {0} "
     "{0|replica|replicas} and the "
     "plan recommends {1}. Re-run gpuplan plan.",
     "deployment/"
     "のマニフェストはこの計画のものではありません。Deploymentは{0}レプリカですが、計画の推奨は{1}"
     "レプリカです。gpuplan planを再実行してください。"},
    {Msg::kExplainApproval, "explain.approval",
     "To fill in by hand. plan.json records no date: its contents depend only on the plan, the "
     "catalog and gpuplan's version, so a re-run gives the same bytes. Take the date of the run "
     "from its records.",
     "手書きで記入してください。plan."
     "jsonは日付を記録していません。内容は計画、カタログ、gpuplanのバージョンだけで決まり、再実行し"
     "ても同じバイト列になるためです。実行日は実行の記録から記入してください。"},
    {Msg::kKeyPlanName, "key.plan_name", "Plan", "計画"},
    {Msg::kKeyPlanRunDate, "key.plan_run_date", "Date of the plan run", "計画の実行日"},
    {Msg::kKeyAuthor, "key.author", "Author", "作成者"},
    {Msg::kKeyReviewer, "key.reviewer", "Reviewer", "レビュー担当者"},
    {Msg::kKeyApprover, "key.approver", "Approver", "承認者"},
    {Msg::kKeyDecision, "key.decision", "Decision (approved / approved with conditions / rejected)",
     "判定(承認/条件付き承認/却下)"},
    {Msg::kReasonOverloaded, "reason.overloaded",
     "it falls behind its arrivals in {0} {0|seed|seeds}, so its queue grows without bound",
     "{0}シードで到着に処理が追いつかず、待ち行列が際限なく伸びる"},
    // The three-level verdict of an SLO preset ({0}: the preset's name).
    {Msg::kSloLevelIdeal, "verdict.slo_level_ideal",
     "Meets ideal: every ideal target of the {0} preset",
     "理想を満たす:{0}プリセットの理想目標をすべて満たす"},
    {Msg::kSloLevelAcceptable, "verdict.slo_level_acceptable",
     "Meets acceptable: every acceptable target of the {0} preset, not every ideal one",
     "許容を満たす:{0}プリセットの許容目標はすべて満たすが、理想目標は満たさない"},
    {Msg::kSloLevelFails, "verdict.slo_level_fails",
     "Fails: misses an acceptable target of the {0} preset",
     "不合格:{0}プリセットの許容目標を満たさないものがある"},
    {Msg::kSloPresetAtLevel, "value.slo_preset_at_level", "{0} preset at its {1} level",
     "{0}プリセットの{1}レベル"},
    {Msg::kSloLevelNameIdeal, "value.slo_level_ideal", "ideal", "理想"},
    {Msg::kSloLevelNameAcceptable, "value.slo_level_acceptable", "acceptable", "許容"},
    {Msg::kKeySloPreset, "key.slo_preset", "SLO preset", "SLOプリセット"},
    {Msg::kExecSloLevel, "value.exec_slo_level", "SLO level: {0}.", "SLOレベル:{0}。"},
    // {0}: the counts per seed; {1} {2} {3}: their min, median, max.
    {Msg::kKeyReplicasBySeed, "key.replicas_by_seed", "Replicas each seed alone needs",
     "シード単独で必要なレプリカ数"},
    {Msg::kExecReplicasBySeed, "value.exec_replicas_by_seed", "{0} (min {1}, median {2}, max {3}).",
     "{0}(最小{1}、中央値{2}、最大{3})。"},
    {Msg::kReplicasNotMet, "value.replicas_not_met", "not met", "未達"},
    // {0}: the recommended count; {1} of {2} seeds it covers ({3} as a percentage).
    {Msg::kExecSeedsCovered, "value.exec_seeds_covered",
     "The recommended {0} {0|replica meets|replicas meet} every SLO in {1} of {2} {2|seed|seeds} "
     "({3}).",
     "推奨の{0}レプリカは{2}シード中{1}シード({3})ですべてのSLOを満たす。"},
}};

}  // namespace gpuplan::report
