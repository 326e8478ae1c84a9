#pragma once
#include <csignal>

#include "terminal.h"

namespace vitrine {
class Catalog;
}

namespace vitrine::cli {

class Args;

// Set by the first Ctrl+C (SIGINT); long work stops at its next safe point and vitrine-cli then
// exits with status 130. A second Ctrl+C ends the process at once.
extern volatile std::sig_atomic_t g_interrupted;
void onInterruptHandler(int);
// The bar's callback, which also returns false once Ctrl+C was pressed.
ProgressCallback withInterrupt(ProgressBar& bar);

// Recommendation and evaluation commands (commands_rank.cpp).
int cmdRecommend(const Args& args);
int cmdEvaluate(const Args& args);

// Model commands (commands_model.cpp): train, models, model-export, model-import, model-delete.
int cmdTrain(const Args& args);
int cmdModels(const Args& args);
int cmdModelExport(const Args& args);
int cmdModelImport(const Args& args);
int cmdModelDelete(const Args& args);
// `train` without --load-reference-npy (commands_train.cpp): sample triples, train, store.
int trainFromScratch(const Args& args, Catalog& catalog);

// Stored embeddings (commands_embeddings.cpp): list-embeddings, export-embeddings.
int cmdListEmbeddings(const Args& args);
int cmdExportEmbeddings(const Args& args);

// Visual clusters and 2-D maps (commands_cluster.cpp).
int cmdCluster(const Args& args);

// User studies (commands_study.cpp): study create|list|export|report|merge.
int cmdStudyCreate(const Args& args);
int cmdStudyList(const Args& args);
int cmdStudyExport(const Args& args);
int cmdStudyReport(const Args& args);
int cmdStudyMerge(const Args& args);

// Catalog commands (main.cpp): info, import, import-embeddings, import-interactions, embed, knn.
int cmdInfo(const Args& args);
int cmdImport(const Args& args);
int cmdImportEmbeddings(const Args& args);
int cmdImportInteractions(const Args& args);
int cmdEmbed(const Args& args);
int cmdKnn(const Args& args);

}  // namespace vitrine::cli
