#include "cluster/layout.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>
#include <thread>

#include <nlohmann/json.hpp>

#include "cluster/cluster.h"
#include "cluster/detail.h"

// 2-D layouts. t-SNE follows van der Maaten, "Accelerating t-SNE using tree-based algorithms"
// (JMLR 2014) and his bhtsne code.
namespace vitrine {
namespace {

constexpr double kPi = 3.14159265358979323846;  // M_PI is POSIX, not ISO C++

using detail::checkProgress;

// Runs fn(begin, end) over [0, n) split into contiguous ranges, one per thread.
template <typename Fn>
void parallelRanges(int64_t n, int threads, Fn fn) {
  threads = int(std::max<int64_t>(1, std::min<int64_t>(threads, n / 256)));
  if (threads <= 1) {
    fn(int64_t(0), n);
    return;
  }
  std::vector<std::thread> pool;
  const int64_t chunk = (n + threads - 1) / threads;
  for (int t = 1; t < threads; ++t) {
    const int64_t b = t * chunk, e = std::min(n, b + chunk);
    if (b < e) pool.emplace_back([=, &fn] { fn(b, e); });
  }
  fn(int64_t(0), std::min(n, chunk));
  for (auto& th : pool) th.join();
}

// Sparse symmetric input similarities P in CSR form.
struct SparseP {
  std::vector<int64_t> rowStart;  // rows + 1
  std::vector<int64_t> col;
  std::vector<double> val;
};

// Exact K nearest neighbours (squared Euclidean, ties: lower index) by blocked matrix products.
void exactKnn(const float* x, int64_t n, int dim, int K, int threads, std::vector<int64_t>& nbr,
              std::vector<double>& dist2, const ProgressCallback& progress) {
  nbr.assign(size_t(n) * K, 0);
  dist2.assign(size_t(n) * K, 0.0);
  const std::vector<double> norms = detail::rowSquaredNorms(x, n, dim);
  const int64_t block = std::max<int64_t>(64, std::min<int64_t>(2048, (int64_t(1) << 24) / std::max<int64_t>(1, n)));
  std::vector<float> dots;
  for (int64_t r0 = 0; r0 < n; r0 += block) {
    const int64_t b = std::min(block, n - r0);
    dots.resize(size_t(b * n));
    detail::matMulTransposed(x + r0 * dim, b, x, n, dim, dots.data());
    parallelRanges(b, threads, [&](int64_t lo, int64_t hi) {
      std::vector<std::pair<double, int64_t>> cand(static_cast<size_t>(n));
      for (int64_t r = lo; r < hi; ++r) {
        const int64_t i = r0 + r;
        const float* d = dots.data() + size_t(r * n);
        int64_t m = 0;
        for (int64_t j = 0; j < n; ++j) {
          if (j == i) continue;
          cand[size_t(m++)] = {std::max(0.0, norms[size_t(i)] + norms[size_t(j)] - 2.0 * d[j]), j};
        }
        std::partial_sort(cand.begin(), cand.begin() + K, cand.begin() + m);
        for (int k = 0; k < K; ++k) {
          nbr[size_t(i * K + k)] = cand[size_t(k)].second;
          dist2[size_t(i * K + k)] = cand[size_t(k)].first;
        }
      }
    });
    checkProgress(progress, {"tsne", 0, 0, "nearest neighbours " + std::to_string(r0 + b) + "/" + std::to_string(n)});
  }
}

// Per-row Gaussian bandwidth by bisection so that the entropy equals log(perplexity), then
// symmetrised P = (P + P^T) / sum (bhtsne computeGaussianPerplexity + symmetrizeMatrix).
SparseP inputSimilarities(const std::vector<int64_t>& nbr, const std::vector<double>& dist2, int64_t n, int K,
                          double perplexity, int threads) {
  std::vector<double> cond(size_t(n) * K);
  parallelRanges(n, threads, [&](int64_t lo, int64_t hi) {
    std::vector<double> p(static_cast<size_t>(K));
    for (int64_t i = lo; i < hi; ++i) {
      const double* d = dist2.data() + size_t(i * K);
      // Distances shifted by the nearest one: only ratios matter and exp() stays in range.
      const double d0 = d[0];
      double beta = 1.0, lo_b = -std::numeric_limits<double>::infinity(),
             hi_b = std::numeric_limits<double>::infinity();
      const double target = std::log(perplexity);
      double sum = 0;
      for (int iter = 0; iter < 200; ++iter) {
        sum = 0;
        double h = 0;
        for (int k = 0; k < K; ++k) {
          p[size_t(k)] = std::exp(-beta * (d[k] - d0));
          sum += p[size_t(k)];
        }
        for (int k = 0; k < K; ++k) h += beta * (d[k] - d0) * p[size_t(k)];
        h = h / sum + std::log(sum);
        const double diff = h - target;
        if (std::fabs(diff) < 1e-5) break;
        if (diff > 0) {
          lo_b = beta;
          beta = std::isfinite(hi_b) ? (beta + hi_b) / 2 : beta * 2;
        } else {
          hi_b = beta;
          beta = std::isfinite(lo_b) ? (beta + lo_b) / 2 : beta / 2;
        }
      }
      for (int k = 0; k < K; ++k) cond[size_t(i * K + k)] = p[size_t(k)] / sum;
    }
  });
  // Symmetrise: collect (i, j, p) and (j, i, p), sort each row by column, merge duplicates.
  std::vector<int64_t> count(static_cast<size_t>(n), 0);
  for (int64_t i = 0; i < n; ++i)
    for (int k = 0; k < K; ++k) {
      ++count[size_t(i)];
      ++count[size_t(nbr[size_t(i * K + k)])];
    }
  std::vector<int64_t> start(size_t(n) + 1, 0);
  for (int64_t i = 0; i < n; ++i) start[size_t(i + 1)] = start[size_t(i)] + count[size_t(i)];
  std::vector<std::pair<int64_t, double>> entries(size_t(start.back()));
  std::vector<int64_t> fill(start.begin(), start.end() - 1);
  for (int64_t i = 0; i < n; ++i)
    for (int k = 0; k < K; ++k) {
      const int64_t j = nbr[size_t(i * K + k)];
      const double v = cond[size_t(i * K + k)];
      entries[size_t(fill[size_t(i)]++)] = {j, v};
      entries[size_t(fill[size_t(j)]++)] = {i, v};
    }
  SparseP P;
  P.rowStart.assign(size_t(n) + 1, 0);
  double total = 0;
  for (int64_t i = 0; i < n; ++i) {
    auto b = entries.begin() + start[size_t(i)], e = entries.begin() + start[size_t(i + 1)];
    std::sort(b, e, [](const auto& x, const auto& y) { return x.first < y.first; });
    for (auto it = b; it != e; ++it) {
      if (!P.col.empty() && int64_t(P.col.size()) > P.rowStart[size_t(i)] && P.col.back() == it->first) {
        P.val.back() += it->second;
      } else {
        P.col.push_back(it->first);
        P.val.push_back(it->second);
      }
    }
    P.rowStart[size_t(i + 1)] = int64_t(P.col.size());
  }
  for (double v : P.val) total += v;
  for (double& v : P.val) v /= total;
  return P;
}

// Quadtree over the embedding for the Barnes-Hut repulsive forces (bhtsne SPTree, 2-D). Nodes
// hold only what the traversal reads (32 bytes); cell geometry lives beside them.
class QuadTree {
 public:
  void build(const double* y, int64_t n) {
    m_y = y;
    m_nodes.clear();
    m_cells.clear();
    m_nodes.reserve(size_t(n) * 3 + 16);
    m_cells.reserve(size_t(n) * 3 + 16);
    double minX = std::numeric_limits<double>::infinity(), minY = minX, maxX = -minX, maxY = -minX;
    for (int64_t i = 0; i < n; ++i) {
      minX = std::min(minX, y[2 * i]);
      maxX = std::max(maxX, y[2 * i]);
      minY = std::min(minY, y[2 * i + 1]);
      maxY = std::max(maxY, y[2 * i + 1]);
    }
    const double hw = std::max(maxX - minX, maxY - minY) / 2 * (1 + 1e-5) + 1e-10;
    addNode((minX + maxX) / 2, (minY + maxY) / 2, hw);
    for (int64_t i = 0; i < n; ++i) insert(int32_t(i));
    for (auto& nd : m_nodes)
      if (nd.count > 0) {
        nd.mx /= double(nd.count);
        nd.my /= double(nd.count);
      }
  }

  // Sum over the other points of q^2 (y_i - y_j) and of q = 1 / (1 + |y_i - y_j|^2), with cells
  // of side / distance < theta taken as one body (bhtsne computeNonEdgeForces).
  void repulsion(int64_t i, double theta, double& fx, double& fy, double& sumQ) const {
    const double xi = m_y[2 * i], yi = m_y[2 * i + 1];
    const double theta2 = theta * theta;
    int32_t stack[256];
    int top = 0;
    stack[top++] = 0;
    while (top > 0) {
      const Node& nd = m_nodes[size_t(stack[--top])];
      const double dx = xi - nd.mx, dy = yi - nd.my;
      const double d2 = dx * dx + dy * dy;
      const bool leaf = nd.firstChild < 0;
      if (leaf || double(nd.side2) < theta2 * d2) {
        int32_t cnt = nd.count;
        if (leaf && nd.point == i) --cnt;  // the point itself (exact duplicates still count)
        if (cnt == 0) continue;
        const double q = 1.0 / (1.0 + d2);
        const double mult = double(cnt) * q;
        sumQ += mult;
        fx += mult * q * dx;
        fy += mult * q * dy;
      } else {
        for (int c = 0; c < 4; ++c)
          if (m_nodes[size_t(nd.firstChild + c)].count > 0) stack[top++] = nd.firstChild + c;
      }
    }
  }

 private:
  struct Node {
    double mx = 0, my = 0;  // centre of mass (a sum while building)
    float side2 = 0;        // squared side length of the cell
    int32_t count = 0;
    int32_t firstChild = -1;  // four consecutive nodes, or -1 for a leaf
    int32_t point = -1;       // the point held by a leaf (duplicates only raise count)
  };
  struct Cell {
    double cx, cy, hw;  // centre and half-width
  };

  void addNode(double cx, double cy, double hw) {
    Node nd;
    nd.side2 = float(4 * hw * hw);
    m_nodes.push_back(nd);
    m_cells.push_back(Cell{cx, cy, hw});
  }

  void insert(int32_t i) {
    const double px = m_y[2 * i], py = m_y[2 * i + 1];
    int32_t at = 0;
    for (int depth = 0;; ++depth) {
      {
        Node& nd = m_nodes[size_t(at)];
        nd.mx += px;
        nd.my += py;
        ++nd.count;
        if (nd.firstChild >= 0) {
          at = childFor(at, px, py);
          continue;
        }
        if (nd.count == 1) {
          nd.point = i;
          return;
        }
      }
      const int32_t other = m_nodes[size_t(at)].point;
      const double ox = m_y[2 * other], oy = m_y[2 * other + 1];
      // Exact duplicates, or cells too small to split further, share the leaf.
      if ((ox == px && oy == py) || depth > 60) return;
      split(at);
      // Push the old occupant (and its duplicates) one level down; its mass is already counted.
      const int32_t moved = m_nodes[size_t(at)].count - 1;
      Node& child = m_nodes[size_t(childFor(at, ox, oy))];
      child.mx += ox * moved;
      child.my += oy * moved;
      child.count = moved;
      child.point = other;
      m_nodes[size_t(at)].point = -1;
      at = childFor(at, px, py);
      // The new point's own mass is added when the loop visits the child.
    }
  }

  void split(int32_t at) {
    const Cell c = m_cells[size_t(at)];
    const double h = c.hw / 2;
    const int32_t first = int32_t(m_nodes.size());
    addNode(c.cx - h, c.cy - h, h);
    addNode(c.cx + h, c.cy - h, h);
    addNode(c.cx - h, c.cy + h, h);
    addNode(c.cx + h, c.cy + h, h);
    m_nodes[size_t(at)].firstChild = first;
  }

  int32_t childFor(int32_t at, double x, double y) const {
    const Cell& c = m_cells[size_t(at)];
    return m_nodes[size_t(at)].firstChild + (x > c.cx ? 1 : 0) + (y > c.cy ? 2 : 0);
  }

  const double* m_y = nullptr;
  std::vector<Node> m_nodes;
  std::vector<Cell> m_cells;
};

int sign(double v) { return (v > 0) - (v < 0); }

// Box-Muller from the engine's raw output: identical on every standard library.
double gaussian(std::mt19937_64& rng) {
  double u1 = 0;
  while (u1 <= 0) u1 = detail::uniform01(rng);
  const double u2 = detail::uniform01(rng);
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * kPi * u2);
}

}  // namespace

std::string TsneOptions::toJson() const {
  nlohmann::json j;
  j["perplexity"] = perplexity;
  j["theta"] = theta;
  j["pca_dim"] = pcaDimension;
  j["iterations"] = iterations;
  j["exaggeration_iterations"] = exaggerationIterations;
  j["exaggeration"] = exaggeration;
  j["learning_rate"] = learningRate;
  j["seed"] = seed;
  return j.dump();
}

std::string LayoutConfig::toJson() const {
  nlohmann::json j;
  j["method"] = method;
  j["l2_normalise"] = l2Normalise;
  if (method == "tsne") j["tsne"] = nlohmann::json::parse(tsne.toJson());
  return j.dump();
}

std::vector<float> pcaLayout(const float* data, int64_t rows, int dimension) {
  std::vector<float> out(size_t(rows) * 2, 0.f);
  if (rows < 2) return out;
  PcaOptions o;
  o.components = 2;
  const PcaModel pca = fitPca(data, rows, dimension, o);
  const std::vector<float> p = pca.project(data, rows);
  for (int64_t r = 0; r < rows; ++r)
    for (int c = 0; c < pca.components; ++c) out[size_t(r * 2 + c)] = p[size_t(r * pca.components + c)];
  return out;
}

std::vector<float> tsneLayout(const float* data, int64_t rows, int dimension, const TsneOptions& o,
                              const ProgressCallback& progress) {
  if (rows < 1 || dimension < 1 || data == nullptr)
    throw ClusterError("t-SNE: empty input (" + std::to_string(rows) + " x " + std::to_string(dimension) + ")");
  const int64_t n = rows;
  if (n < 4) {  // too few points for a perplexity: a small deterministic line
    std::vector<float> out(size_t(n) * 2, 0.f);
    for (int64_t i = 0; i < n; ++i) out[size_t(2 * i)] = float(i);
    return out;
  }
  if (o.perplexity <= 0) throw ClusterError("t-SNE: perplexity must be positive, got " + std::to_string(o.perplexity));
  const int threads = std::max(1, o.threads);

  // 1. PCA to pcaDimension, then zero mean and scale by the largest absolute value (bhtsne).
  std::vector<float> x;
  int dim = dimension;
  if (o.pcaDimension > 0 && o.pcaDimension < dimension) {
    checkProgress(progress, {"tsne", 0, o.iterations, "PCA to " + std::to_string(o.pcaDimension) + " dimensions"});
    PcaOptions po;
    po.components = o.pcaDimension;
    const PcaModel pca = fitPca(data, rows, dimension, po);
    x = pca.project(data, rows);
    dim = pca.components;
  } else {
    x.assign(data, data + size_t(rows) * dimension);
  }
  {
    std::vector<double> mean(static_cast<size_t>(dim), 0.0);
    for (int64_t i = 0; i < n; ++i)
      for (int d = 0; d < dim; ++d) mean[size_t(d)] += x[size_t(i * dim + d)];
    double maxAbs = 0;
    for (int64_t i = 0; i < n; ++i)
      for (int d = 0; d < dim; ++d) {
        float& v = x[size_t(i * dim + d)];
        v = float(v - mean[size_t(d)] / double(n));
        maxAbs = std::max(maxAbs, double(std::fabs(v)));
      }
    if (maxAbs > 0)
      for (float& v : x) v = float(v / maxAbs);
  }

  // 2. Input similarities over the 3 * perplexity nearest neighbours.
  const double perplexity = std::min(o.perplexity, double(n - 1) / 3.0);
  const int K = int(std::min<int64_t>(n - 1, int64_t(3 * perplexity)));
  std::vector<int64_t> nbr;
  std::vector<double> dist2;
  exactKnn(x.data(), n, dim, std::max(1, K), threads, nbr, dist2, progress);
  const SparseP P = inputSimilarities(nbr, dist2, n, std::max(1, K), perplexity, threads);
  nbr.clear();
  dist2.clear();
  x.clear();
  x.shrink_to_fit();

  // 3. Gradient descent with momentum and per-coordinate gains (bhtsne run()).
  std::mt19937_64 rng(detail::splitSeed(o.seed, 7));
  std::vector<double> Y(size_t(n) * 2), uY(size_t(n) * 2, 0.0), gains(size_t(n) * 2, 1.0), dY(size_t(n) * 2);
  for (double& v : Y) v = gaussian(rng) * 1e-4;
  const double eta = o.learningRate > 0 ? o.learningRate : std::max(200.0, double(n) / std::max(1.0, o.exaggeration));
  std::vector<double> negX(static_cast<size_t>(n)), negY(static_cast<size_t>(n)), qSum(static_cast<size_t>(n));
  QuadTree tree;
  const int iterations = std::max(1, o.iterations);
  for (int iter = 0; iter < iterations; ++iter) {
    const bool exaggerate = iter < o.exaggerationIterations;
    const double pScale = exaggerate ? o.exaggeration : 1.0;
    const double momentum = iter < o.exaggerationIterations ? 0.5 : 0.8;
    tree.build(Y.data(), n);
    parallelRanges(n, threads, [&](int64_t lo, int64_t hi) {
      for (int64_t i = lo; i < hi; ++i) {
        double fx = 0, fy = 0, q = 0;
        if (o.theta > 0) {
          tree.repulsion(i, o.theta, fx, fy, q);
        } else {
          for (int64_t j = 0; j < n; ++j) {
            if (j == i) continue;
            const double dx = Y[size_t(2 * i)] - Y[size_t(2 * j)], dy = Y[size_t(2 * i + 1)] - Y[size_t(2 * j + 1)];
            const double qq = 1.0 / (1.0 + dx * dx + dy * dy);
            q += qq;
            fx += qq * qq * dx;
            fy += qq * qq * dy;
          }
        }
        negX[size_t(i)] = fx;
        negY[size_t(i)] = fy;
        qSum[size_t(i)] = q;
        // Attractive forces over the sparse P (bhtsne computeEdgeForces).
        double ax = 0, ay = 0;
        for (int64_t e = P.rowStart[size_t(i)]; e < P.rowStart[size_t(i + 1)]; ++e) {
          const int64_t j = P.col[size_t(e)];
          const double dx = Y[size_t(2 * i)] - Y[size_t(2 * j)], dy = Y[size_t(2 * i + 1)] - Y[size_t(2 * j + 1)];
          const double m = pScale * P.val[size_t(e)] / (1.0 + dx * dx + dy * dy);
          ax += m * dx;
          ay += m * dy;
        }
        dY[size_t(2 * i)] = ax;
        dY[size_t(2 * i + 1)] = ay;
      }
    });
    double sumQ = 0;
    for (double q : qSum) sumQ += q;  // sequential sum: independent of the thread split
    sumQ = std::max(sumQ, std::numeric_limits<double>::min());
    for (int64_t i = 0; i < n; ++i) {
      dY[size_t(2 * i)] -= negX[size_t(i)] / sumQ;
      dY[size_t(2 * i + 1)] -= negY[size_t(i)] / sumQ;
    }
    for (size_t k = 0; k < Y.size(); ++k) {
      gains[k] = sign(dY[k]) != sign(uY[k]) ? gains[k] + 0.2 : gains[k] * 0.8;
      gains[k] = std::max(gains[k], 0.01);
      uY[k] = momentum * uY[k] - eta * gains[k] * dY[k];
      Y[k] += uY[k];
    }
    double mx = 0, my = 0;
    for (int64_t i = 0; i < n; ++i) {
      mx += Y[size_t(2 * i)];
      my += Y[size_t(2 * i + 1)];
    }
    mx /= double(n);
    my /= double(n);
    for (int64_t i = 0; i < n; ++i) {
      Y[size_t(2 * i)] -= mx;
      Y[size_t(2 * i + 1)] -= my;
    }
    if ((iter + 1) % 10 == 0 || iter + 1 == iterations)
      checkProgress(progress, {"tsne", iter + 1, iterations, "iteration " + std::to_string(iter + 1)});
  }
  return std::vector<float>(Y.begin(), Y.end());
}

std::vector<float> computeLayout(const EmbeddingMatrix& m, const LayoutConfig& config,
                                 const ProgressCallback& progress) {
  if (config.method != "tsne" && config.method != "pca")
    throw ClusterError("unknown layout method '" + config.method + "' (expected tsne or pca)");
  if (m.rows() < 1 || m.dimension < 1) throw ClusterError("embedding '" + m.name + "' has no rows");
  std::vector<float> x = m.values;
  if (config.l2Normalise) l2NormaliseRows(x, m.dimension);
  if (config.method == "pca") return pcaLayout(x.data(), m.rows(), m.dimension);
  return tsneLayout(x.data(), m.rows(), m.dimension, config.tsne, progress);
}

}  // namespace vitrine
