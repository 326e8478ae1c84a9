#include "embeddings/embed.h"

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <future>
#include <optional>
#include <thread>

#include "common/platform.h"
#include "embeddings/cnn_extractor.h"
#include "embeddings/handcrafted.h"

namespace vitrine {

namespace fs = std::filesystem;

namespace {
constexpr size_t kBatch = 64;  // artworks per committed chunk
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

namespace {

// One artwork on its way through the embed job.
struct Item {
  int64_t id = 0;
  std::string sourceFile;  // absolute path, "" when the artwork has no source image
  std::optional<Thumbnail> thumbnail;
  std::optional<Image> image;  // decoded (and prepared) input
  std::string error;
};

// Main thread: what the catalog knows (source path, thumbnail bytes), no decoding.
std::vector<Item> fetchItems(const Catalog& catalog, const std::vector<int64_t>& ids, size_t begin, size_t end,
                             bool wantsSource) {
  std::vector<Item> items(end - begin);
  const fs::path base = catalog.directory();
  for (size_t i = begin; i < end; ++i) {
    Item& it = items[i - begin];
    it.id = ids[i];
    if (wantsSource) {
      if (auto a = catalog.artwork(ids[i]); a && !a->sourcePath.empty()) {
        const fs::path p = fs::u8path(a->sourcePath);
        it.sourceFile = (p.is_absolute() ? p : base / p).string();
      }
    }
    it.thumbnail = catalog.thumbnail(ids[i]);
  }
  return items;
}

// Any thread: the source image decoded at full size when present, else the thumbnail; then the
// extractor's own preparation (e.g. the resize to the network's input).
void loadItem(Item& it, const Extractor& extractor) {
  constexpr int64_t kMaxSourcePixels = 100'000'000;  // the importer's default budget
  std::optional<Image> img;
  std::string sourceProblem;
  if (!it.sourceFile.empty()) {
    ImageError err;
    std::error_code ec;
    if (fs::is_regular_file(it.sourceFile, ec)) {
      if (auto bytes = readFileBytes(it.sourceFile, &err)) img = decodeImage(*bytes, kMaxSourcePixels, &err);
      if (!img) sourceProblem = it.sourceFile + ": " + err.reason + (err.detail.empty() ? "" : " (" + err.detail + ")");
    }
  }
  if (!img && it.thumbnail) {
    img = decodeJpegOrPng(it.thumbnail->bytes);
    if (!img) it.error = "the stored thumbnail cannot be decoded";
  } else if (!img && !sourceProblem.empty()) {
    it.error = sourceProblem + " and no thumbnail is stored";
  }
  it.thumbnail.reset();  // the bytes are no longer needed
  if (!img) return;
  try {
    it.image = extractor.prepare(*img);
  } catch (const std::exception& e) {
    it.error = e.what();
  }
}

bool hasInput(const Item& it) { return !it.sourceFile.empty() || it.thumbnail.has_value(); }

}  // namespace

std::vector<int64_t> shardArtworkIds(const Catalog& catalog, int index, int count) {
  if (count < 1 || index < 0 || index >= count)
    throw Error("shard " + std::to_string(index + 1) + "/" + std::to_string(count) +
                " does not exist (shards are numbered 1 to N)");
  std::vector<int64_t> out;
  for (int64_t id : catalog.artworkIds())
    if (id % count == index) out.push_back(id);
  return out;
}

EmbedReport embedArtworks(const Catalog& catalog, const Extractor& extractor, const std::vector<int64_t>& ids,
                          const EmbedSink& sink, int threads, const ProgressCallback& progress) {
  EmbedReport report;
  const int nThreads = threads > 0 ? threads : int(std::max(1u, std::thread::hardware_concurrency()));
  const size_t batch = size_t(std::max(1, extractor.preferredBatch()));
  const bool wantsSource = extractor.prefersSourceImage();
  const int64_t total = static_cast<int64_t>(ids.size());
  auto finish = [&](std::vector<Item>& items, const std::vector<std::vector<float>>& out, size_t count) {
    std::vector<int64_t> doneIds;
    std::vector<std::vector<float>> doneVecs;
    for (size_t i = 0; i < count; ++i) {
      Item& it = items[i];
      if (!it.error.empty())
        report.problems.push_back("artwork " + std::to_string(it.id) + ": " + it.error);
      else if (out[i].empty())
        report.withoutImage++;
      else {
        doneIds.push_back(it.id);
        doneVecs.push_back(out[i]);
      }
    }
    report.computed += static_cast<int64_t>(doneIds.size());
    if (!doneIds.empty()) sink(doneIds, doneVecs);
  };

  if (batch == 1) {
    // Decode and extract on nThreads threads, one chunk at a time.
    for (size_t start = 0; start < ids.size() && !report.cancelled; start += kBatch) {
      const size_t end = std::min(ids.size(), start + kBatch);
      std::vector<Item> items = fetchItems(catalog, ids, start, end, wantsSource);
      std::vector<std::vector<float>> out(items.size());
      std::atomic<size_t> next{0};
      auto work = [&] {
        for (size_t i = next++; i < items.size(); i = next++) {
          if (!hasInput(items[i])) continue;
          loadItem(items[i], extractor);
          if (!items[i].image) continue;
          try {
            out[i] = extractor.extract(*items[i].image);
          } catch (const std::exception& e) {
            items[i].error = e.what();
          }
          items[i].image.reset();
        }
      };
      std::vector<std::thread> pool;
      for (int t = 1; t < nThreads; ++t) pool.emplace_back(work);
      work();
      for (auto& th : pool) th.join();
      finish(items, out, items.size());
      if (progress && !progress({"embed", static_cast<int64_t>(end), total, ""})) report.cancelled = true;
    }
    return report;
  }

  // Batched extractors: the network runs here with the whole thread budget while one loader
  // thread decodes and prepares the next chunk (decode is a small share of a CNN's cost).
  extractor.setComputeThreads(nThreads);
  auto loadChunk = [&extractor](std::vector<Item> items) {
    for (Item& it : items)
      if (hasInput(it)) loadItem(it, extractor);
    return items;
  };
  std::future<std::vector<Item>> pending;
  if (!ids.empty())
    pending = std::async(std::launch::async, loadChunk,
                         fetchItems(catalog, ids, 0, std::min(ids.size(), kBatch), wantsSource));
  for (size_t start = 0; start < ids.size(); start += kBatch) {
    const size_t end = std::min(ids.size(), start + kBatch);
    std::vector<Item> items = pending.get();
    if (end < ids.size())
      pending = std::async(std::launch::async, loadChunk,
                           fetchItems(catalog, ids, end, std::min(ids.size(), end + kBatch), wantsSource));
    std::vector<std::vector<float>> out(items.size());
    size_t ran = 0;
    for (size_t s = 0; s < items.size(); s += batch) {
      const size_t e = std::min(items.size(), s + batch);
      std::vector<size_t> idx;
      std::vector<Image> imgs;
      for (size_t i = s; i < e; ++i) {
        if (!items[i].image) continue;
        idx.push_back(i);
        imgs.push_back(std::move(*items[i].image));
        items[i].image.reset();
      }
      try {
        if (!imgs.empty()) {
          auto vecs = extractor.extractBatch(imgs);
          for (size_t k = 0; k < idx.size(); ++k) out[idx[k]] = std::move(vecs.at(k));
        }
      } catch (const std::exception& ex) {
        for (size_t i : idx) items[i].error = ex.what();
      }
      ran = e;
      if (progress && !progress({"embed", static_cast<int64_t>(start + e), total, ""})) {
        report.cancelled = true;
        break;
      }
    }
    finish(items, out, ran);  // a cancelled chunk keeps what already ran
    if (report.cancelled) break;
  }
  if (pending.valid()) pending.wait();
  platform::releaseFreeHeapMemory();  // the batches' tensors, kept in the heap while they ran
  return report;
}

EmbedReport computeEmbeddings(Catalog& catalog, const Extractor& extractor, int threads,
                              const ProgressCallback& progress, bool recompute) {
  {
    Catalog::Transaction t(catalog);
    catalog.registerExtractor(extractor.name(), extractor.dimension(), extractor.version());
    t.commit();
  }
  std::vector<int64_t> ids = catalog.artworkIds();
  int64_t alreadyPresent = 0;
  if (!recompute) {
    const std::vector<int64_t> have = catalog.artworkIdsWithEmbedding(extractor.name());  // sorted
    std::vector<int64_t> todo;
    todo.reserve(ids.size());
    for (int64_t id : ids)
      if (!std::binary_search(have.begin(), have.end(), id)) todo.push_back(id);
    alreadyPresent = static_cast<int64_t>(ids.size() - todo.size());
    ids = std::move(todo);
  }
  // Each batch is committed as soon as it is computed, so an interrupted run resumes after it.
  auto store = [&](const std::vector<int64_t>& done, const std::vector<std::vector<float>>& vecs) {
    Catalog::Transaction t(catalog);
    for (size_t i = 0; i < done.size(); ++i) catalog.putEmbedding(done[i], extractor.name(), vecs[i]);
    t.commit();
  };
  EmbedReport report = embedArtworks(catalog, extractor, ids, store, threads, progress);
  report.alreadyPresent = alreadyPresent;
  if (report.computed > 0 && !report.cancelled && extractor.name() != HandcraftedExtractor::kName) {
    Catalog::Transaction t(catalog);
    catalog.setSetting(kComputedEmbeddingSetting, extractor.name());
    t.commit();
  }
  return report;
}

}  // namespace vitrine
