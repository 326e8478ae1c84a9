#include "embeddings/embed.h"

#include <algorithm>
#include <atomic>
#include <thread>

#include "embeddings/handcrafted.h"

namespace vitrine {

namespace {
constexpr size_t kBatch = 64;
}

std::vector<std::string> extractorNames() { return {HandcraftedExtractor::kName}; }

std::unique_ptr<Extractor> makeExtractor(const std::string& name) {
  if (name == HandcraftedExtractor::kName) return std::make_unique<HandcraftedExtractor>();
  std::string known;
  for (auto& n : extractorNames()) known += (known.empty() ? "" : ", ") + n;
  throw Error("unknown extractor \"" + name + "\" (available: " + known + ")");
}

EmbedReport computeEmbeddings(Catalog& catalog, const Extractor& extractor, int threads,
                              const ProgressCallback& progress) {
  EmbedReport report;
  const std::vector<int64_t> ids = catalog.artworkIds();
  {
    Catalog::Transaction t(catalog);
    catalog.registerExtractor(extractor.name(), extractor.dimension(), extractor.version());
    t.commit();
  }
  const int nThreads = threads > 0 ? threads : std::max(1u, std::thread::hardware_concurrency());
  for (size_t start = 0; start < ids.size() && !report.cancelled; start += kBatch) {
    const size_t end = std::min(ids.size(), start + kBatch);
    std::vector<std::optional<Thumbnail>> thumbs;
    for (size_t i = start; i < end; ++i) thumbs.push_back(catalog.thumbnail(ids[i]));
    std::vector<std::vector<float>> out(end - start);
    std::vector<std::string> errors(end - start);
    std::atomic<size_t> next{0};
    auto work = [&] {
      for (size_t i = next++; i < out.size(); i = next++) {
        if (!thumbs[i]) continue;
        auto img = decodeJpegOrPng(thumbs[i]->bytes);
        if (!img) errors[i] = "the stored thumbnail cannot be decoded";
        else out[i] = extractor.extract(*img);
      }
    };
    std::vector<std::thread> pool;
    for (int t = 1; t < nThreads; ++t) pool.emplace_back(work);
    work();
    for (auto& th : pool) th.join();

    Catalog::Transaction t(catalog);
    for (size_t i = 0; i < out.size(); ++i) {
      if (!thumbs[i]) report.withoutImage++;
      else if (!errors[i].empty()) report.problems.push_back("artwork " + std::to_string(ids[start + i]) + ": " + errors[i]);
      else {
        catalog.putEmbedding(ids[start + i], extractor.name(), out[i]);
        report.computed++;
      }
    }
    t.commit();
    if (progress && !progress({"embed", static_cast<int64_t>(end), static_cast<int64_t>(ids.size()), ""}))
      report.cancelled = true;
  }
  return report;
}

}  // namespace vitrine
