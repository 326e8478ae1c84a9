// Issue 16 item 8: every parser of user files rejects hostile input with a vitrine::Error naming
// the file and the reason; none crashes. Seeded mutation tests (fuzz-style): thousands of mutated
// variants of a valid input per parser, plus the reported hostile cases. Deterministic (fixed
// seeds), a few seconds each; run them under ASan/UBSan too (.ci/run's sanitizer build).
#include <gtest/gtest.h>

#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>

#include "catalog/catalog.h"
#include "common/error.h"
#include "embeddings/tfjs_model.h"
#include "eval/protocol.h"
#include "ingest/csv.h"
#include "ingest/dataset_import.h"
#include "ingest/npy.h"
#include "recommend/curatornet.h"
#include "study/study.h"
#include "testutil.h"

using namespace vitrine;
using json = nlohmann::json;

namespace {

void writeBytes(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

// One seeded mutation of `in`: bit flips, byte changes, insertions of interesting tokens,
// deletions, duplicated or truncated chunks (the usual mutational fuzzing operators).
std::string mutate(const std::string& in, std::mt19937_64& rng) {
  static const std::vector<std::string> tokens = {"[",
                                                  "]",
                                                  "{",
                                                  "}",
                                                  "(",
                                                  ")",
                                                  "\"",
                                                  "'",
                                                  ",",
                                                  ":",
                                                  "-",
                                                  "0",
                                                  "9999999999999999999999",
                                                  "-1",
                                                  "1e308",
                                                  "NaN",
                                                  "\xff\xfe",
                                                  "\x00",
                                                  "\n",
                                                  "\r",
                                                  "\"\"",
                                                  "null",
                                                  "true",
                                                  "<f8",
                                                  "|O",
                                                  "True",
                                                  "65535",
                                                  "4294967296",
                                                  "18446744073709551616",
                                                  "\\",
                                                  "%",
                                                  "\xc3\x28",
                                                  "2019-13-45T99:99:99+99:99"};
  std::string s = in;
  const int ops = 1 + static_cast<int>(rng() % 4);
  for (int k = 0; k < ops; ++k) {
    const size_t n = s.size();
    const size_t pos = n ? rng() % n : 0;
    switch (rng() % 8) {
      case 0:
        if (n) s[pos] = static_cast<char>(s[pos] ^ (1 << (rng() % 8)));
        break;
      case 1:
        if (n) s[pos] = static_cast<char>(rng() % 256);
        break;
      case 2:
        s.insert(pos, tokens[rng() % tokens.size()]);
        break;
      case 3:
        if (n) s.erase(pos, 1 + rng() % std::min<size_t>(n - pos, 16));
        break;
      case 4: {  // duplicate a chunk
        if (!n) break;
        const size_t len = 1 + rng() % std::min<size_t>(n - pos, 64);
        s.insert(rng() % n, s.substr(pos, len));
        break;
      }
      case 5:
        s.resize(pos);
        break;  // truncate
      case 6:
        s.insert(pos, std::string(1 + rng() % 2000, "[{(\""[rng() % 4]));
        break;    // deep nesting
      default: {  // replace a number with an extreme one
        const size_t d = s.find_first_of("0123456789", pos);
        if (d != std::string::npos) s.replace(d, 1, tokens[12 + rng() % 3]);
      }
    }
  }
  return s;
}

// Runs `parse(path)` on `count` mutations of `seed`; every failure must be a vitrine::Error whose
// message names `path` (directly or through `nameOf`). Returns how many were accepted.
template <typename Parse>
int fuzz(const std::string& seedBytes, const std::string& path, int count, uint64_t seed, Parse parse,
         const std::string& nameInMessage = "") {
  std::mt19937_64 rng(seed);
  int accepted = 0;
  const std::string name = nameInMessage.empty() ? path : nameInMessage;
  for (int i = 0; i < count; ++i) {
    const std::string bytes = mutate(seedBytes, rng);
    writeBytes(path, bytes);
    try {
      parse(path);
      ++accepted;
    } catch (const Error& e) {
      const std::string msg = e.what();
      if (msg.find(name) == std::string::npos) {
        ADD_FAILURE() << "mutation " << i << " (seed " << seed << "): the message does not name " << name << ": "
                      << msg.substr(0, 300);
        return accepted;
      }
      if (msg.size() < name.size() + 8) {
        ADD_FAILURE() << "mutation " << i << ": no reason given: " << msg;
        return accepted;
      }
    } catch (const std::exception& e) {
      ADD_FAILURE() << "mutation " << i << " (seed " << seed << "): not a vitrine::Error: " << e.what();
      return accepted;
    }
  }
  return accepted;
}

std::string npyBytes(int64_t rows, int64_t cols) {
  test::TempDir d;
  NpyMatrix m;
  m.rows = rows;
  m.cols = cols;
  for (int64_t i = 0; i < rows * cols; ++i) m.values.push_back(static_cast<float>(i) * 0.5f);
  writeNpy(d.file("x.npy"), m);
  return test::readText(d.file("x.npy"));
}

// An .npy whose header is `dict` (padded like numpy's).
std::string npyWithHeader(const std::string& dict, const std::string& data = std::string(16, '\0')) {
  std::string h = dict;
  while ((10 + h.size() + 1) % 64 != 0) h += ' ';
  h += '\n';
  std::string out = "\x93NUMPY";
  out += '\x01';
  out += '\x00';
  if (h.size() > 65535) {  // version 2.0: 4-byte length
    out[6] = '\x02';
    const uint32_t len = static_cast<uint32_t>(h.size());
    out.append(reinterpret_cast<const char*>(&len), 4);
  } else {
    out += static_cast<char>(h.size() & 0xff);
    out += static_cast<char>(h.size() >> 8);
  }
  return out + h + data;
}

}  // namespace

TEST(ParserFuzz, NpyReportedHostileHeaders) {
  test::TempDir dir;
  const std::string path = dir.file("hostile.npy");
  const std::string deep =
      "{'descr': '<f4', 'fortran_order': False, 'shape': " + std::string(32000, '[') + std::string(32000, ']') + "}";
  writeBytes(path, npyWithHeader(deep));
  try {
    readNpy(path);
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find(path), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("nested more than"), std::string::npos)
        << std::string(e.what()).substr(0, 300);
    EXPECT_LT(std::string(e.what()).size(), 600u);  // the megabyte header is not echoed
  }
  writeBytes(path, npyWithHeader("{'descr': '<f99999999999999999999999', 'fortran_order': False, 'shape': (1, 1), }"));
  try {
    readNpy(path);
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find(path + ": unsupported dtype"), std::string::npos) << e.what();
  }
  // A header length beyond any sane header.
  std::string big = "\x93NUMPY";
  big += '\x02';
  big += '\x00';
  big += std::string("\xff\xff\xff\x7f", 4);
  writeBytes(path, big + std::string(100, ' '));
  EXPECT_THROW(readNpy(path), Error);
  // Import names the file too (the CLI path of the report).
  test::writeText(dir.file("ids.txt"), "a\n");
  writeBytes(path, npyWithHeader(deep));
  Catalog c = Catalog::create(dir.file("c.vitrine"));
  try {
    importEmbeddings(c, "e", path, dir.file("ids.txt"), true);
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find(path), std::string::npos);
  }
}

TEST(ParserFuzz, NpyMutations) {
  test::TempDir dir;
  const std::string seedBytes = npyBytes(3, 4);
  const std::string path = dir.file("m.npy");
  const int accepted = fuzz(seedBytes, path, 2000, 8, [](const std::string& p) {
    const NpyArray a = readNpyArray(p);
    size_t count = 1;
    for (int64_t s : a.shape) count *= static_cast<size_t>(s);
    if (count != a.values.size()) throw std::logic_error("shape and values disagree");
  });
  EXPECT_GT(accepted, 0);  // some mutations (e.g. in the data) stay valid
}

TEST(ParserFuzz, CsvInteractionsMutations) {
  test::TempDir dir;
  Catalog c = Catalog::create(dir.file("c.vitrine"));
  for (int i = 0; i < 3; ++i) {
    Artwork a;
    a.externalId = "i" + std::to_string(i);
    c.insertArtwork(a);
  }
  const std::string seedBytes =
      "user_id,item_id,timestamp,evaluation\nu1,i0,1556686800,false\n\"u,2\",i1,2019-05-01T10:00:00+05:00,\n"
      "u1,i2,2019-05-01,true\nu3,i1,1556686800000,\n";
  const std::string path = dir.file("x.csv");
  fuzz(seedBytes, path, 2000, 3, [&c](const std::string& p) {
    // Each accepted import adds rows; the catalog's duplicate policy keeps it small.
    importInteractions(c, p);
  });
  // The raw reader never throws on content; issues carry line numbers.
  std::mt19937_64 rng(4);
  for (int i = 0; i < 3000; ++i) {
    std::istringstream in(mutate(seedBytes, rng));
    CsvReader r(in);
    CsvRecord rec;
    int64_t last = 0;
    while (r.next(rec)) {
      EXPECT_GE(rec.line, last);
      last = rec.line;
      EXPECT_EQ(rec.fields.size(), r.header().size());
    }
    for (const auto& issue : r.issues()) EXPECT_GT(issue.line, 0);
  }
}

TEST(ParserFuzz, CasesCsvMutations) {
  test::TempDir dir;
  EmbeddingMatrix m;
  m.dimension = 1;
  for (int64_t r = 0; r < 5; ++r) {
    m.artworkIds.push_back(r + 1);
    m.externalIds.push_back(std::string(1, static_cast<char>('a' + r)));
    m.values.push_back(1);
  }
  const std::string seedBytes = "user_id,predict,timestamp,profile\n1,3,100,0 1\n1,4,100,0 1\n2,2,50,4\n";
  const std::string path = dir.file("cases.csv");
  fuzz(seedBytes, path, 2000, 5, [&m](const std::string& p) { readCasesCsv(p, m, false); });
}

TEST(ParserFuzz, StudyDefinitionMutations) {
  test::TempDir dir;
  StudyDefinition d;
  d.name = "s";
  d.systemA = "visrank:maximum";
  d.systemB = "random";
  d.questions = {"How good?"};
  const std::string seedBytes = d.toJson();
  const std::string path = dir.file("study.json");
  const int accepted = fuzz(seedBytes, path, 2000, 6, [](const std::string& p) { StudyDefinition::fromFile(p); });
  EXPECT_GT(accepted, 0);
  writeBytes(path, std::string(100000, '['));
  EXPECT_THROW(StudyDefinition::fromFile(path), Error);
}

namespace {

json tfjsLayer(const std::string& cls, const std::string& name, json cfg, const std::vector<std::string>& inputs) {
  cfg["name"] = name;
  json inbound = json::array();
  if (!inputs.empty()) {
    json node = json::array();
    for (const auto& i : inputs) node.push_back(json::array({i, 0, 0, json::object()}));
    inbound.push_back(node);
  }
  return {{"name", name}, {"class_name", cls}, {"config", cfg}, {"inbound_nodes", inbound}};
}

// A tiny valid TF.js layers model: input 2x2x1, a 1x1 convolution, global average pooling.
std::pair<std::string, std::string> tinyTfjs() {
  json layers = {
      tfjsLayer("InputLayer", "input_1", {{"batch_input_shape", {nullptr, 2, 2, 1}}, {"dtype", "float32"}}, {}),
      tfjsLayer("Conv2D", "conv",
                {{"filters", 2},
                 {"kernel_size", {1, 1}},
                 {"strides", {1, 1}},
                 {"padding", "same"},
                 {"use_bias", true},
                 {"activation", "relu"}},
                {"input_1"}),
      tfjsLayer("GlobalAveragePooling2D", "gap", json::object(), {"conv"})};
  json specs = {{{"name", "conv/kernel"}, {"shape", {1, 1, 1, 2}}, {"dtype", "float32"}},
                {{"name", "conv/bias"}, {"shape", {2}}, {"dtype", "float32"}}};
  json model = {{"format", "layers-model"},
                {"modelTopology",
                 {{"model_config",
                   {{"class_name", "Model"},
                    {"config",
                     {{"name", "tiny"},
                      {"layers", layers},
                      {"input_layers", {{"input_1", 0, 0}}},
                      {"output_layers", {{"gap", 0, 0}}}}}}}}},
                {"weightsManifest", {{{"paths", {"w.bin"}}, {"weights", specs}}}}};
  const float w[4] = {1.f, -2.f, 0.5f, 0.25f};
  return {model.dump(), std::string(reinterpret_cast<const char*>(w), sizeof w)};
}

}  // namespace

TEST(ParserFuzz, TfjsModelJsonAndShardMutations) {
  test::TempDir dir;
  const auto [modelJson, shard] = tinyTfjs();
  writeBytes(dir.file("w.bin"), shard);
  writeBytes(dir.file("model.json"), modelJson);
  const float img[4] = {1, 2, 3, 4};
  {
    TfjsModel valid(dir.path());  // the seed itself is valid
    EXPECT_EQ(valid.embed(img, 1, 2, 2, 1, "gap").at(0).size(), 2u);
  }
  const auto use = [&img](const std::string& p) {
    TfjsModel m(p);
    try {
      m.embed(img, 1, 2, 2, 1, m.outputLayer());
    } catch (const Error&) {
      // A model that loads but cannot run on this input says why; that is fine.
    }
  };
  const int accepted = fuzz(modelJson, dir.file("model.json"), 1000, 10, use);
  EXPECT_GT(accepted, 0);
  // The weight shard: mutated bytes and lengths; errors name model.json (the file that lists it).
  writeBytes(dir.file("model.json"), modelJson);
  fuzz(
      shard, dir.file("w.bin"), 1000, 11, [&](const std::string&) { use(dir.file("model.json")); },
      dir.file("model.json"));
  // Hostile shapes: negative and int64-overflowing products.
  for (const char* shape : {"[-1, 2]", "[4294967296, 4294967296, 4]", "[9223372036854775807, 2]"}) {
    json j = json::parse(modelJson);
    j["weightsManifest"][0]["weights"][0]["shape"] = json::parse(shape);
    writeBytes(dir.file("model.json"), j.dump());
    writeBytes(dir.file("w.bin"), shard);
    try {
      TfjsModel m(dir.path());
      FAIL() << shape;
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find("model.json"), std::string::npos) << e.what();
    }
  }
}

TEST(ParserFuzz, StoredModelFileMutations) {
  test::TempDir dir;
  Catalog c = Catalog::create(dir.file("c.vitrine"));
  EmbeddingMatrix m;
  m.name = "e";
  m.dimension = 4;
  for (int64_t r = 0; r < 6; ++r) {
    m.artworkIds.push_back(r + 1);
    m.externalIds.push_back(std::to_string(r));
    for (int d = 0; d < 4; ++d) m.values.push_back(static_cast<float>((r + 1) * (d + 2) % 7));
  }
  CuratorNetConfig cfg;
  cfg.inputDim = 4;
  CuratorNet net(m, cfg);
  net.exportFile(dir.file("seed.model"));
  const std::string seedBytes = test::readText(dir.file("seed.model"));
  const std::string path = dir.file("m.model");
  fuzz(seedBytes, path, 300, 12, [&c](const std::string& p) { importModel(c, p, "fuzzed", true); });
  // A header announcing a huge network or a huge blob is refused before allocating it.
  const size_t nl = seedBytes.find('\n', seedBytes.find('\n') + 1);
  json header = json::parse(seedBytes.substr(seedBytes.find('\n') + 1, nl - seedBytes.find('\n') - 1));
  for (int variant = 0; variant < 2; ++variant) {
    json h = header;
    if (variant == 0)
      h["config"]["inputDim"] = 2000000000;
    else
      h["weightBytes"] = 1ULL << 62;
    writeBytes(path, seedBytes.substr(0, seedBytes.find('\n') + 1) + h.dump() + seedBytes.substr(nl));
    try {
      importModel(c, path, "huge", true);
      FAIL() << variant;
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
    }
  }
}
