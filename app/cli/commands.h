#pragma once
#include <csignal>

#include "terminal.h"

namespace vitrine {
class Catalog;
}

namespace vitrine::cli {

class Args;

extern volatile std::sig_atomic_t g_interrupted;
void onInterruptHandler(int);
// The bar's callback, which also returns false once Ctrl+C was pressed.
ProgressCallback withInterrupt(ProgressBar& bar);

// Recommendation and evaluation commands (commands_rank.cpp).
int cmdRecommend(int argc, char** argv);
int cmdEvaluate(int argc, char** argv);

// Model commands (commands_model.cpp): train, models, model-export, model-import, model-delete.
int cmdTrain(int argc, char** argv);
int cmdModels(int argc, char** argv);
int cmdModelExport(int argc, char** argv);
int cmdModelImport(int argc, char** argv);
int cmdModelDelete(int argc, char** argv);
// `train` without --load-reference-npy (commands_train.cpp): sample triples, train, store.
int trainFromScratch(Args& args, Catalog& catalog);

// Stored embeddings (commands_embeddings.cpp): list-embeddings, export-embeddings.
int cmdListEmbeddings(int argc, char** argv);
int cmdExportEmbeddings(int argc, char** argv);

// Visual clusters and 2-D maps (commands_cluster.cpp).
int cmdCluster(int argc, char** argv);

// User studies (commands_study.cpp): study create|list|export.
int cmdStudy(int argc, char** argv);

}  // namespace vitrine::cli
