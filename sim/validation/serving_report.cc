#include "sim/validation/serving_report.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <functional>

#include "sim/util/csv_writer.h"

namespace gpuplan {
namespace {

constexpr size_t kWorstRows = 15;
constexpr size_t kReasonsShown = 3;

std::string Percent(double fraction) { return fmt::format("{:.1f}", 100 * fraction); }

std::string Cell(const ErrorStats& s) {
  if (s.n == 0) return "-";
  return fmt::format("{} / {} ({})", Percent(s.median), Percent(s.p90), s.n);
}

std::string Regime(const ServingRow& row) {
  if (row.arrival == "closed_loop") return "closed loop";
  return row.arrival;
}

std::string Tp(const ServingRow& row) {
  return row.tp ? fmt::format("{}", *row.tp) : std::string("-");
}

struct Group {
  size_t rows = 0, simulated = 0, failed = 0, not_covered = 0;
  std::array<std::vector<double>, kNumHeadlines> errors;
};

using KeyOf = std::function<std::string(const RowOutcome&)>;

std::map<std::string, Group> GroupBy(const std::vector<RowOutcome>& outcomes,
                                     const std::vector<RowErrors>& errors, const KeyOf& key) {
  std::map<std::string, Group> groups;
  for (const RowOutcome& o : outcomes) {
    Group& g = groups[key(o)];
    ++g.rows;
    g.simulated += o.status == RowStatus::kSimulated;
    g.failed += o.status == RowStatus::kFailed;
    g.not_covered += o.status == RowStatus::kNotCovered;
  }
  for (const RowErrors& e : errors) {
    Group& g = groups[key(*e.outcome)];
    for (size_t h = 0; h < kNumHeadlines; ++h) {
      if (e.headline[h]) g.errors[h].push_back(e.headline[h]->signed_error);
    }
  }
  return groups;
}

std::string HeadlineHeader(std::string_view first) {
  std::string head = fmt::format("| {} | rows | simulated |", first);
  std::string rule = "|---|---|---|";
  for (size_t h = 0; h < kNumHeadlines; ++h) {
    head += fmt::format(" {} |", HeadlineName(static_cast<Headline>(h)));
    rule += "---|";
  }
  return head + "\n" + rule + "\n";
}

std::string ErrorTable(std::string_view first, const std::map<std::string, Group>& groups,
                       const std::vector<std::string>& order) {
  std::string out = HeadlineHeader(first);
  for (const std::string& key : order) {
    const auto it = groups.find(key);
    if (it == groups.end()) continue;
    const Group& g = it->second;
    if (g.simulated == 0) continue;
    out += fmt::format("| {} | {} | {} |", key, g.rows, g.simulated);
    for (const auto& e : g.errors) out += " " + Cell(StatsOf(e)) + " |";
    out += "\n";
  }
  return out;
}

std::vector<std::string> KeysOf(const std::map<std::string, Group>& groups) {
  std::vector<std::string> keys;
  for (const auto& [key, g] : groups) keys.push_back(key);
  return keys;
}

std::string TableBy(const std::vector<RowOutcome>& outcomes, const std::vector<RowErrors>& errors,
                    std::string_view first, const KeyOf& key) {
  const auto groups = GroupBy(outcomes, errors, key);
  return ErrorTable(first, groups, KeysOf(groups));
}

std::string SummaryTable(const std::vector<RowOutcome>& outcomes,
                         const std::vector<RowErrors>& errors) {
  auto all = GroupBy(outcomes, errors, [](const RowOutcome&) { return std::string("all rows"); });
  auto halves = GroupBy(outcomes, errors, [](const RowOutcome& o) {
    return std::string(o.plan.fit_half ? "fit half" : "held-out half");
  });
  halves.insert(all.begin(), all.end());
  return ErrorTable("half", halves, {"all rows", "held-out half", "fit half"});
}

std::string BiasTable(const std::vector<RowOutcome>& outcomes,
                      const std::vector<RowErrors>& errors) {
  const auto groups =
      GroupBy(outcomes, errors, [](const RowOutcome& o) { return o.plan.row.engine; });
  std::string out = "| engine |";
  std::string rule = "|---|";
  for (size_t h = 0; h < kNumHeadlines; ++h) {
    out += fmt::format(" {} |", HeadlineName(static_cast<Headline>(h)));
    rule += "---|";
  }
  out += "\n" + rule + "\n";
  for (const auto& [engine, g] : groups) {
    if (g.simulated == 0) continue;
    out += "| " + engine + " |";
    for (const auto& e : g.errors) {
      const ErrorStats s = StatsOf(e);
      out += s.n ? fmt::format(" {:+.1f} |", 100 * s.bias) : " - |";
    }
    out += "\n";
  }
  return out;
}

// "model 'X' is not in the catalog (12), ..." for the most frequent reasons of one status.
std::string TopReasons(const std::vector<const RowOutcome*>& rows) {
  std::map<std::string, size_t> counts;
  for (const RowOutcome* o : rows) ++counts[o->reason];
  std::vector<std::pair<std::string, size_t>> sorted(counts.begin(), counts.end());
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  std::string out;
  for (size_t i = 0; i < sorted.size() && i < kReasonsShown; ++i) {
    std::string reason = sorted[i].first;
    std::replace(reason.begin(), reason.end(), '|', '/');
    if (reason.size() > 160) reason = reason.substr(0, 157) + "...";
    out += fmt::format("{}{} ({})", out.empty() ? "" : "; ", reason, sorted[i].second);
  }
  if (sorted.size() > kReasonsShown) {
    out += fmt::format("; {} more reasons", sorted.size() - kReasonsShown);
  }
  return out.empty() ? "-" : out;
}

std::string CoverageTable(const std::vector<RowOutcome>& outcomes) {
  std::map<std::string, std::vector<const RowOutcome*>> by_set;
  for (const RowOutcome& o : outcomes) by_set[o.plan.row.set].push_back(&o);
  std::string out =
      "| set | rows | simulated | failed | not covered | why failed | why not covered |\n"
      "|---|---|---|---|---|---|---|\n";
  for (const auto& [set, rows] : by_set) {
    std::vector<const RowOutcome*> failed, not_covered;
    size_t simulated = 0;
    for (const RowOutcome* o : rows) {
      if (o->status == RowStatus::kFailed) failed.push_back(o);
      if (o->status == RowStatus::kNotCovered) not_covered.push_back(o);
      simulated += o->status == RowStatus::kSimulated;
    }
    out += fmt::format("| {} | {} | {} | {} | {} | {} | {} |\n", set, rows.size(), simulated,
                       failed.size(), not_covered.size(), failed.empty() ? "-" : TopReasons(failed),
                       not_covered.empty() ? "-" : TopReasons(not_covered));
  }
  return out;
}

std::string WorstTable(const std::vector<RowErrors>& errors) {
  std::vector<const RowErrors*> ranked;
  for (const RowErrors& e : errors) {
    if (e.Worst()) ranked.push_back(&e);
  }
  std::stable_sort(ranked.begin(), ranked.end(), [](const RowErrors* a, const RowErrors* b) {
    return std::abs(a->Worst()->signed_error) > std::abs(b->Worst()->signed_error);
  });
  std::string out =
      "| # | row | engine | model | GPU | TP | regime | load | statistic | measured | "
      "predicted | error | likely reason "
      "|\n|---|---|---|---|---|---|---|---|---|---|---|---|---|\n";
  for (size_t i = 0; i < ranked.size() && i < kWorstRows; ++i) {
    const RowErrors& e = *ranked[i];
    const ServingRow& row = e.outcome->plan.row;
    const MetricError w = *e.Worst();
    std::string regime = Regime(row);
    if (row.concurrency) regime += fmt::format(" {}", *row.concurrency);
    if (row.isl && row.osl) regime += fmt::format(", {}/{}", *row.isl, *row.osl);
    out += fmt::format(
        "| {} | {} ({}) | {} | {} | {} | {} | {} | {} | {} | {:.4g} | {:.4g} | "
        "{:+.1f}% | {} |\n",
        i + 1, row.Id(), row.set, row.engine, row.model, row.gpu, Tp(row), regime,
        DescribeLoad(e.outcome->load), InfoOf(w.metric).column, w.measured, w.predicted,
        100 * w.signed_error, LikelyReason(e));
  }
  return out;
}

bool IsTtft(ServingMetric m) { return InfoOf(m).family == MetricFamily::kTtft; }

}  // namespace

std::string DescribeLoad(const RowLoad& load) {
  std::string out = fmt::format("KV {:.0f}% max, queue {:.0f}% of TTFT", 100 * load.kv_used_max,
                                100 * load.QueueShareOfTtft());
  if (load.preemptions > 0) out += fmt::format(", {} preemptions", load.preemptions);
  if (load.dropped > 0) out += fmt::format(", {} dropped", load.dropped);
  return out;
}

std::string LikelyReason(const RowErrors& errors) {
  const RowOutcome& o = *errors.outcome;
  const std::optional<MetricError> worst = errors.Worst();
  if (!worst) return "-";
  const ServingRow& row = o.plan.row;
  if (o.load.preemptions > 0) {
    return row.engine == "vllm"
               ? "KV pressure: preemption storms the real run may not have had"
               : fmt::format(
                     "KV pressure: simulated preemptions, but {} admits against a KV "
                     "reservation (vLLM-style admission used for every engine)",
                     row.engine);
  }
  if (IsTtft(worst->metric) && o.load.QueueShareOfTtft() > 0.5) {
    return "queueing dominates TTFT: small step-time errors are amplified near saturation";
  }
  if (InfoOf(worst->metric).family == MetricFamily::kTpot ||
      InfoOf(worst->metric).family == MetricFamily::kItl) {
    return row.tp.value_or(1) > 1 ? "decode step: TP all-reduces priced as NCCL, host time"
                                  : "decode step: kernel efficiencies and host time";
  }
  for (const std::string& a : o.plan.assumptions) {
    if (a.find("not stated") != std::string::npos) return "assumed input: " + a;
  }
  if (worst->metric == ServingMetric::kOutputThroughput && row.arrival == "offline") {
    return "max-throughput batch limits (engine memory and batch knobs)";
  }
  return "prefill/decode step time";
}

std::map<std::string, std::string> ServingTables(const std::vector<RowOutcome>& outcomes,
                                                 const std::vector<RowErrors>& errors,
                                                 const std::string& subset) {
  auto engine = [](const RowOutcome& o) { return o.plan.row.engine; };
  if (!subset.empty()) {
    return {{"serving-" + subset,
             SummaryTable(outcomes, errors) + "\n" + TableBy(outcomes, errors, "engine", engine)}};
  }
  return {
      {"serving-coverage", CoverageTable(outcomes)},
      {"serving-summary", SummaryTable(outcomes, errors)},
      {"serving-bias", BiasTable(outcomes, errors)},
      {"serving-by-set",
       TableBy(outcomes, errors, "set", [](const RowOutcome& o) { return o.plan.row.set; })},
      {"serving-by-engine", TableBy(outcomes, errors, "engine", engine)},
      {"serving-by-gpu",
       TableBy(outcomes, errors, "GPU", [](const RowOutcome& o) { return o.plan.row.gpu; })},
      {"serving-by-regime",
       TableBy(outcomes, errors, "regime", [](const RowOutcome& o) { return Regime(o.plan.row); })},
      {"serving-worst", WorstTable(errors)},
  };
}

std::string ServingRowsCsv(const std::vector<RowOutcome>& outcomes,
                           const std::vector<RowErrors>& errors) {
  std::map<const RowOutcome*, const RowErrors*> by_outcome;
  for (const RowErrors& e : errors) by_outcome[e.outcome] = &e;
  CsvWriter csv;
  csv.Row({"row",
           "set",
           "half",
           "engine",
           "engine_version",
           "model",
           "gpu",
           "tp",
           "pp",
           "dp",
           "weight_dtype",
           "arrival",
           "concurrency",
           "request_rate",
           "isl",
           "osl",
           "status",
           "reason",
           "statistic",
           "measured",
           "predicted",
           "error",
           "kv_used_mean",
           "kv_used_max",
           "queue_delay_mean_ms",
           "preemptions",
           "batch_size_mean",
           "gpu_busy",
           "assumptions"});
  for (const RowOutcome& o : outcomes) {
    const ServingRow& r = o.plan.row;
    auto prefix = [&] {
      auto opt = [&](const auto& v) {
        if (v) {
          csv.Field(*v);
        } else {
          csv.Empty();
        }
      };
      csv.Text(r.Id()).Text(r.set).Text(o.plan.fit_half ? "fit" : "held_out").Text(r.engine);
      csv.Text(r.engine_version).Text(r.model).Text(r.gpu);
      opt(r.tp);
      opt(r.pp);
      opt(r.dp);
      csv.Text(r.weight_dtype).Text(r.arrival);
      opt(r.concurrency);
      opt(r.request_rate);
      opt(r.isl);
      opt(r.osl);
      csv.Text(RowStatusName(o.status)).Text(o.reason);
    };
    auto suffix = [&] {
      const RowLoad& l = o.load;
      csv.Double(l.kv_used_mean).Double(l.kv_used_max).Double(l.queue_delay_mean_ms);
      csv.Uint(l.preemptions).Double(l.batch_size_mean).Double(l.gpu_busy);
      std::string assumptions;
      for (const std::string& a : o.plan.assumptions)
        assumptions += (assumptions.empty() ? "" : "; ") + a;
      csv.Text(assumptions);
      csv.EndRow();
    };
    const auto it = by_outcome.find(&o);
    if (it == by_outcome.end() || it->second->errors.empty()) {
      prefix();
      csv.Empty().Empty().Empty().Empty();
      suffix();
      continue;
    }
    for (const MetricError& m : it->second->errors) {
      prefix();
      csv.Text(InfoOf(m.metric).column).Double(m.measured).Double(m.predicted);
      csv.Double(m.signed_error);
      suffix();
    }
  }
  return csv.TakeString();
}

}  // namespace gpuplan
