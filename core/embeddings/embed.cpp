#include "embeddings/embed.h"

#include <algorithm>
#include <atomic>
#include <thread>

#include "embeddings/cnn_extractor.h"
#include "embeddings/handcrafted.h"

namespace vitrine {

namespace {
constexpr size_t kBatch = 64;
}

std::vector<std::string> extractorNames() {
  std::vector<std::string> names{HandcraftedExtractor::kName};
  for (const auto& s : builtinCnns()) names.push_back(s.model);  // also "<model>:<layer>"
  names.push_back("torchscript:PATH");
  return names;
}

std::unique_ptr<Extractor> makeExtractor(const std::string& name) {
  if (name == HandcraftedExtractor::kName) return std::make_unique<HandcraftedExtractor>();
  if (auto cnn = makeCnnExtractor(name)) return cnn;
  std::string known;
  for (auto& n : extractorNames()) known += (known.empty() ? "" : ", ") + n;
  throw Error("unknown extractor \"" + name + "\" (available: " + known + ")");
}

EmbedReport computeEmbeddings(Catalog& catalog, const Extractor& extractor, int threads,
                              const ProgressCallback& progress, bool recompute) {
  EmbedReport report;
  {
    Catalog::Transaction t(catalog);
    catalog.registerExtractor(extractor.name(), extractor.dimension(), extractor.version());
    t.commit();
  }
  std::vector<int64_t> ids = catalog.artworkIds();
  if (!recompute) {
    const std::vector<int64_t> have = catalog.artworkIdsWithEmbedding(extractor.name());  // sorted
    std::vector<int64_t> todo;
    todo.reserve(ids.size());
    for (int64_t id : ids)
      if (!std::binary_search(have.begin(), have.end(), id)) todo.push_back(id);
    report.alreadyPresent = static_cast<int64_t>(ids.size() - todo.size());
    ids = std::move(todo);
  }
  const int nThreads = threads > 0 ? threads : std::max(1u, std::thread::hardware_concurrency());
  for (size_t start = 0; start < ids.size() && !report.cancelled; start += kBatch) {
    const size_t end = std::min(ids.size(), start + kBatch);
    std::vector<std::optional<Thumbnail>> thumbs;
    for (size_t i = start; i < end; ++i) thumbs.push_back(catalog.thumbnail(ids[i]));
    std::vector<std::vector<float>> out(end - start);
    std::vector<std::string> errors(end - start);
    std::vector<char> done(end - start, 1);
    const size_t batch = size_t(std::max(1, extractor.preferredBatch()));
    std::vector<std::optional<Image>> images(batch > 1 ? end - start : 0);
    std::atomic<size_t> next{0};
    auto work = [&] {
      for (size_t i = next++; i < out.size(); i = next++) {
        if (!thumbs[i]) continue;
        auto img = decodeJpegOrPng(thumbs[i]->bytes);
        if (!img) errors[i] = "the stored thumbnail cannot be decoded";
        else if (batch > 1) images[i] = std::move(img);  // batched extractors run below, on this thread
        else out[i] = extractor.extract(*img);
      }
    };
    std::vector<std::thread> pool;
    for (int t = 1; t < nThreads; ++t) pool.emplace_back(work);
    work();
    for (auto& th : pool) th.join();

    bool reported = false;
    if (batch > 1) {
      // One forward pass per sub-batch (the extractor's own threads); progress after each.
      std::fill(done.begin(), done.end(), 0);
      for (size_t s = 0; s < out.size(); s += batch) {
        const size_t e = std::min(out.size(), s + batch);
        std::vector<size_t> idx;
        std::vector<Image> imgs;
        for (size_t i = s; i < e; ++i) {
          done[i] = 1;
          if (images[i]) {
            idx.push_back(i);
            imgs.push_back(std::move(*images[i]));
          }
        }
        try {
          auto vecs = extractor.extractBatch(imgs);
          for (size_t k = 0; k < idx.size(); ++k) out[idx[k]] = std::move(vecs.at(k));
        } catch (const std::exception& ex) {
          for (size_t i : idx) errors[i] = ex.what();
        }
        reported = true;
        if (progress && !progress({"embed", static_cast<int64_t>(start + e), static_cast<int64_t>(ids.size()), ""})) {
          report.cancelled = true;
          break;
        }
      }
    }

    Catalog::Transaction t(catalog);
    for (size_t i = 0; i < out.size(); ++i) {
      if (!done[i]) continue;  // cancelled before this one ran
      if (!thumbs[i]) report.withoutImage++;
      else if (!errors[i].empty()) report.problems.push_back("artwork " + std::to_string(ids[start + i]) + ": " + errors[i]);
      else {
        catalog.putEmbedding(ids[start + i], extractor.name(), out[i]);
        report.computed++;
      }
    }
    t.commit();
    if (!reported && progress && !progress({"embed", static_cast<int64_t>(end), static_cast<int64_t>(ids.size()), ""}))
      report.cancelled = true;
  }
  if (report.computed > 0 && !report.cancelled && extractor.name() != HandcraftedExtractor::kName) {
    Catalog::Transaction t(catalog);
    catalog.setSetting(kComputedEmbeddingSetting, extractor.name());
    t.commit();
  }
  return report;
}

}  // namespace vitrine
