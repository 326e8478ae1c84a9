#pragma once
#include <cstdint>
#include <functional>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "train/triples.h"

namespace vitrine {

class CuratorNet;

// How the best epoch is chosen and what drives the learning-rate plateau (issue 19).
// TripleAccuracy = the tutorial's rule (spec §3.1): validation triple accuracy, strictly greater
// wins. ValidationAuc = the mean AUC of held-out ranking cases (RankingCase) over the catalog;
// it falls back to triple accuracy when no ranking case is given.
enum class Selection { TripleAccuracy, ValidationAuc };
Selection parseSelection(const std::string& s);  // triple-accuracy|auc; throws vitrine::Error
std::string toString(Selection s);

// spec §3.1: the tutorial's training settings are the defaults.
struct TrainerConfig {
  double learningRate = 1e-4;
  double weightDecay = 1e-4;  // coupled L2 (added to the gradient), as torch::optim::Adam
  double beta1 = 0.9, beta2 = 0.999, eps = 1e-8;
  int batchSize = 128;                   // triples per batch, all with one profile size
  int64_t profileItemsPerBatch = 60000;  // batch = min(batchSize, profileItemsPerBatch / p)
  double lrFactor = 0.6;                 // ReduceLROnPlateau(mode=max) on validation accuracy
  int patience = 2;
  double threshold = 1e-4;  // relative
  double minLr = 0;
  int maxEpochs = 10;
  int maxLrs = 10;    // stop once more distinct learning rates were used
  uint64_t seed = 0;  // batch shuffling (and torch::manual_seed)
  // LibTorch intra-op and OpenBLAS threads for the run (restored afterwards); 0 = keep the
  // process setting. bench_training on the idle 2-core target: LibTorch 1 + OpenBLAS on every
  // core (its default) was fastest; 2 LibTorch threads only doubled the CPU time. On a busy
  // machine blasThreads = 1 is better (OpenBLAS's idle workers spin).
  int threads = 1;
  int blasThreads = 0;
  // true = one hand-written pass over the flat parameter buffer (same update up to rounding);
  // false = torch::optim::Adam's operations (LibTorch 1.13) in its order, applied once to the
  // flat parameter buffer instead of per tensor: bit-identical to torch::optim::Adam (the
  // trained parameters' hash in bench_training is unchanged) and the default.
  bool fusedAdam = false;
  int validationBatch = 8192;                       // triples per no-grad validation batch (at most)
  Selection selection = Selection::TripleAccuracy;  // the tutorial's rule unless asked otherwise
  std::string toJson() const;
};

struct EpochRecord {
  int epoch = 0;                  // 1-based
  double loss = 0;                // mean BCE per training triple
  double validationAccuracy = 0;  // fraction of validation triples with margin > 0
  double validationAuc = -1;      // mean AUC over the ranking cases (-1 = none given)
  double learningRate = 0;        // used in this epoch
  double seconds = 0;             // training + validation
  double triplesPerSecond = 0;    // (train + validation triples) / seconds
  bool best = false;              // this epoch became the best checkpoint
  double flops = 0;               // floating-point operations executed (train + validation)
};

struct TrainingProgress {
  enum class Kind { Batch, Epoch };
  Kind kind = Kind::Batch;
  int epoch = 0;  // 1-based
  int maxEpochs = 0;
  int64_t batch = 0, batches = 0;             // within the epoch (1-based)
  int64_t triplesDone = 0, triplesTotal = 0;  // training triples of this epoch
  double loss = 0;                            // Batch: this batch's mean loss; Epoch: the epoch's mean
  double triplesPerSecond = 0;                // training throughput so far in this epoch
  double learningRate = 0;
  double validationAccuracy = -1;  // Epoch only
  double validationAuc = -1;       // Epoch only; -1 = no ranking cases
  double bestValidationAccuracy = 0;
  double elapsedSeconds = 0;  // since training started
};

// Called on the training thread; returning false cancels at the next batch boundary.
using TrainingCallback = std::function<bool(const TrainingProgress&)>;

struct TrainingResult {
  std::vector<EpochRecord> history;
  int bestEpoch = 0;                                // 0 = no epoch completed (weights are the last ones)
  double bestValidationAccuracy = 0;                // of the best epoch
  double bestValidationAuc = -1;                    // of the best epoch (-1 = no ranking cases)
  Selection selection = Selection::TripleAccuracy;  // the rule actually used (after fallback)
  bool cancelled = false;
  double seconds = 0;
  int64_t trainTriples = 0, validationTriples = 0;
  std::string historyJson() const;  // the per-epoch records as a JSON array
};

// torch.optim.lr_scheduler.ReduceLROnPlateau(mode="max", threshold_mode="rel", cooldown=0) as
// the tutorial steps it once per epoch with the validation accuracy (spec §3.1).
class PlateauScheduler {
 public:
  PlateauScheduler(double factor, int patience, double threshold, double minLr)
      : m_factor(factor), m_threshold(threshold), m_minLr(minLr), m_patience(patience) {}
  // Returns the learning rate for the next epoch.
  double step(double metric, double lr);

 private:
  double m_factor, m_threshold, m_minLr;
  int m_patience;
  double m_best = -std::numeric_limits<double>::infinity();
  int m_bad = 0;
};

// Trains `net` in place (spec §3.1): Adam, BCE-with-logits on the margin summed per batch,
// same-profile-size batches reshuffled every epoch, LR reduced on a validation plateau, the best
// epoch's weights (strictly greater selection score, initial best 0) restored at the end or
// on cancel. The selection score is config.selection: validation triple accuracy (tutorial) or
// the mean AUC of `rankingValidation` (each case's relevant items ranked among all catalog items
// except the case's profile items; ties count half; computed once per epoch in no-grad mode).
// The item-tower cache is refreshed. Throws vitrine::Error on triples or cases that do not fit
// the network (item out of range, empty profile).
TrainingResult trainCuratorNet(CuratorNet& net, const std::vector<Triple>& train, const std::vector<Triple>& validation,
                               const std::vector<RankingCase>& rankingValidation, const TrainerConfig& config,
                               const TrainingCallback& progress = {});

// The tutorial's call: no ranking cases (selection falls back to triple accuracy).
TrainingResult trainCuratorNet(CuratorNet& net, const std::vector<Triple>& train, const std::vector<Triple>& validation,
                               const TrainerConfig& config, const TrainingCallback& progress = {});

// Mean AUC of `cases` under the network's current weights (as the trainer's selection computes it).
double rankingAuc(CuratorNet& net, const std::vector<RankingCase>& cases);

// Fraction of triples whose margin x_pos - x_neg is > 0 (ties count as wrong).
double tripleAccuracy(CuratorNet& net, const std::vector<Triple>& triples, int batch = 8192);

// All trainable parameters in registration order, flattened (for comparisons and tests).
std::vector<float> parameterVector(CuratorNet& net);

// FLOPs of one training triple as the tutorial computes it (item tower on p+2 items, user tower,
// two dot products), forward + backward: 3x forward, except the first layer (2x: its input
// needs no gradient). The trainer itself runs the item tower once per distinct item of a batch.
double trainingFlopsPerTriple(int inputDim, double profileSize);

// The machine's float32 matrix-product rate (GFLOP/s) for an m x k by k x n product, best of
// `repeats`, with the current thread settings.
double measureSgemmGflops(int64_t m, int64_t k, int64_t n, int repeats = 5);

// Sets LibTorch intra-op threads and (when > 0 and OpenBLAS is loaded) OpenBLAS threads.
// Returns the previous values {torch, blas} (blas -1 when unknown).
std::pair<int, int> setComputeThreads(int torchThreads, int blasThreads);

// OpenBLAS's kernel set in use ("SkylakeX", "Haswell", "Zen", ...; empty when the BLAS is not a
// dynamic-arch OpenBLAS). OpenBLAS 0.3.21 falls back to "Prescott" (SSE3) on CPU models it does
// not know; when that happens on a CPU with AVX-512 or AVX2+FMA, the process switches to
// "SkylakeX" or "Haswell" at start-up (about 4x the sgemm rate on such a CPU), unless the user
// set OPENBLAS_CORETYPE. Results then differ from the fallback's in the last bits (another
// summation order).
std::string blasKernelSet();

}  // namespace vitrine
