#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "catalog/model_store.h"
#include "recommend/ranker.h"

namespace vitrine {

class CuratorNetModule;  // LibTorch module, see recommend/curatornet_module.h (core-internal)

// spec §2: the CuratorNet architecture (item tower D->200->200, user tower 400->300->300->200,
// SELU everywhere, score = dot(user vector, item vector)).
struct CuratorNetConfig {
  int inputDim = 0;
  bool maxFirst = true;  // profile pooling concat order: [max, avg] (tutorial) or [avg, max] (ORIG)
  bool zscore = false;   // ORIG: z-score features per dimension over the whole catalog (pop. std)
  uint64_t seed = 0;     // initialisation seed (xavier_uniform_ weights, default-Linear biases)
};

std::string toJson(const CuratorNetConfig& c);
CuratorNetConfig curatorNetConfigFromJson(const std::string& json);  // throws vitrine::Error

// Everything stored with a model besides its weights.
struct CuratorNetMeta {
  std::string modelName;  // name in the catalog's `models` table ("" = not stored)
  std::string historyJson = "[]";
  std::string metricsJson = "{}";
};

// Scores come from a cached item tower (N x 200): a profile costs one user-tower pass and one
// matrix-vector product. Explanations (because) are the profile items whose item-tower vectors
// have the largest dot product with the recommended item's vector, dot(φ(j), φ(i)): the same
// learned space the score lives in, unlike raw-feature cosine.
class CuratorNet : public Ranker {
 public:
  // Fresh, randomly initialised network (seeded by config.seed). inputDim 0 = the embedding's.
  CuratorNet(const EmbeddingMatrix& embeddings, CuratorNetConfig config);
  // Wraps an existing module (e.g. after training); config must describe it.
  CuratorNet(const EmbeddingMatrix& embeddings, CuratorNetConfig config, CuratorNetModule module);
  ~CuratorNet() override;
  CuratorNet(const CuratorNet&) = delete;
  CuratorNet& operator=(const CuratorNet&) = delete;

  std::string name() const override;  // "CuratorNet (<model name>)"
  std::string configJson() const override;
  int64_t itemCount() const override;
  std::vector<float> scoreAll(const std::vector<int64_t>& profile) const override;
  std::vector<Explanation> explain(const std::vector<int64_t>& profile, int64_t item, int n = 3) const override;
  std::vector<Recommendation> recommend(const std::vector<int64_t>& profile, int k,
                                        bool excludeProfile = true) const override;

  const CuratorNetConfig& config() const { return m_config; }
  const std::string& embeddingName() const { return m_embeddingName; }
  CuratorNetMeta& meta() { return m_meta; }
  const CuratorNetMeta& meta() const { return m_meta; }
  int64_t parameterCount() const;

  // The user vector ψ(P) (200 floats) and the cached item vectors φ (N x 200, row-major).
  std::vector<float> userVector(const std::vector<int64_t>& profile) const;
  const std::vector<float>& itemVectors() const;

  // The training forward pass (no cache): x_{u,pos[b]} - x_{u,neg[b]} for profile b, from the raw
  // features. All profiles must have the same length (the tutorial's batches, spec §3.1).
  std::vector<float> tripleMargins(const std::vector<std::vector<int64_t>>& profiles, const std::vector<int64_t>& pos,
                                   const std::vector<int64_t>& neg) const;

  // Recomputes the item-tower cache; call after changing the weights.
  void refreshCache();

  // Reads weights/<layer>.{weight,bias}.npy (PyTorch layout: weight [out, in]) from `dir`
  // (the directory holding the .npy files). Shapes are checked; errors name the file.
  void loadReferenceNpy(const std::string& dir);

  // Stores the model as `modelName` in the catalog's `models` table (replaces an existing row
  // of that name when `overwrite`, else throws).
  void save(Catalog& catalog, const std::string& modelName, bool overwrite = false);
  // Loads model `modelName`; the embedding named in the model must be given (`embeddings`) and
  // have the model's dimension.
  static std::unique_ptr<CuratorNet> load(const Catalog& catalog, const std::string& modelName,
                                          const EmbeddingMatrix& embeddings);
  // Embedding name stored with a model (throws when missing, listing the stored models).
  static std::string embeddingOf(const Catalog& catalog, const std::string& modelName);

  // A single file: the line "VITRINE-CURATORNET 1", a JSON header line (name, embedding, config,
  // history, metrics, weightBytes) and the LibTorch-serialised weights (the catalog's BLOB bytes).
  void exportFile(const std::string& path) const;

 private:
  friend struct CuratorNetAccess;  // moduleOf()/featuresOf() in curatornet_module.h
  struct Impl;
  std::unique_ptr<Impl> m_impl;
  CuratorNetConfig m_config;
  std::string m_embeddingName;
  CuratorNetMeta m_meta;
};

// Stored models: storedModels, deleteModel (catalog/model_store.h).

// Writes stored model `name` as a CuratorNet::exportFile file (no embedding needed).
void exportModel(const Catalog& catalog, const std::string& name, const std::string& path);
// Reads such a file, checks the weights and stores them as `modelName` ("" = the name in the
// file). Throws when the name exists unless `overwrite`. Returns the stored name.
std::string importModel(Catalog& catalog, const std::string& path, const std::string& modelName = "",
                        bool overwrite = false);

// The same as the CLI's `train --load-reference-npy DIR`: builds a CuratorNet on `embeddings`
// with the reference weights in `weightsDir` (max-first pooling, no z-score) and stores it.
void storeReferenceModel(Catalog& catalog, const EmbeddingMatrix& embeddings, const std::string& weightsDir,
                         const std::string& modelName, bool overwrite = false);

}  // namespace vitrine
